/**
 * Writes a {@link DemandReport} as JSON, CSV (one long table: section, group, metric, value) or a
 * self-contained HTML page (inline styles and SVG bar charts, no script, nothing fetched).
 * Suppressed cells read "suppressed" in CSV and "<5" in HTML.
 */
import type { DemandReport } from './demand-report';

/** The formats `madoguchi report` writes. */
export type ReportFormat = 'html' | 'csv' | 'json';

/** Renders the report in a format. */
export function formatReport(report: DemandReport, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'csv' ? toCsv(report) : toHtml(report);
}

type Row = [section: string, group: string, metric: string, value: number | string | null, suppressed: boolean];

function rows(r: DemandReport): Row[] {
  const out: Row[] = [];
  out.push(['totals', 'all', 'conversations', r.totals.conversations, r.totals.suppressed], ['totals', 'all', 'messages', r.totals.messages, r.totals.suppressed]);
  for (const d of r.daily) {
    const g = `${d.day}/${d.channel}/${d.lang}`;
    out.push(['daily', g, 'conversations', d.conversations, d.suppressed], ['daily', g, 'messages', d.messages, d.suppressed]);
  }
  for (const d of r.topDocuments) for (const m of ['answered', 'helpful', 'unhelpful'] as const) out.push(['top_documents', d.docId, m, d[m], d.suppressed]);
  for (const [section, list] of [['gaps_by_document', r.gapsByDocument], ['gaps_by_domain', r.gapsByDomain]] as const) {
    for (const g of list) for (const m of ['notSure', 'lowConfidence', 'unhelpful', 'total'] as const) out.push([section, g.key || '(none)', m, g[m], g.suppressed]);
  }
  for (const h of r.handoffs) for (const m of ['handoffs', 'firstReplyP50', 'firstReplyP90', 'resolveP50', 'unanswered'] as const) out.push(['handoffs', h.team, m, h[m], h.suppressed]);
  for (const m of ['escalations', 'claimP50', 'claimP90', 'firstReplyP50', 'firstReplyP90'] as const) out.push(['crisis', 'all', m, r.crisis[m], r.crisis.suppressed]);
  for (const p of r.parity) {
    for (const m of ['answerRate', 'handoffRate', 'helpfulRate'] as const) out.push(['parity', `${p.dimension}:${p.group}`, m, p[m], p.suppressed]);
    out.push(['parity', `${p.dimension}:${p.group}`, 'flags', p.flags.join(' '), p.suppressed]);
  }
  return out;
}

function csvField(value: string): string {
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function toCsv(r: DemandReport): string {
  const lines = ['section,group,metric,value'];
  for (const [section, group, metric, value, suppressed] of rows(r)) {
    lines.push([section, group, metric, suppressed ? 'suppressed' : value === null ? '' : String(value)].map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function esc(value: string | number | null): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function cell(value: number | string | null, suppressed: boolean): string {
  if (suppressed) return `<td class="s" title="fewer than 5 residents">&lt;5</td>`;
  return `<td>${value === null ? '–' : esc(value)}</td>`;
}

function table(caption: string, head: string[], body: string[][]): string {
  const th = head.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const trs = body.map((cells) => `<tr>${cells.join('')}</tr>`).join('\n');
  return `<table><caption>${esc(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${trs || `<tr><td colspan="${head.length}">none</td></tr>`}</tbody></table>`;
}

/** A horizontal bar chart as inline SVG (suppressed and empty values are left out). */
function bars(title: string, items: { label: string; value: number | null }[]): string {
  const shown = items.filter((i): i is { label: string; value: number } => i.value !== null && i.value > 0);
  if (shown.length === 0) return '';
  const max = Math.max(...shown.map((i) => i.value));
  const h = 22;
  const rowsSvg = shown
    .map((i, k) => {
      const w = Math.max(2, Math.round((i.value / max) * 360));
      return `<text x="0" y="${k * h + 15}" font-size="12">${esc(i.label)}</text><rect x="200" y="${k * h + 4}" width="${w}" height="14" fill="#2b6cb0"/><text x="${205 + w}" y="${k * h + 15}" font-size="12">${i.value}</text>`;
    })
    .join('');
  return `<figure><svg role="img" aria-label="${esc(title)}" width="620" height="${shown.length * h + 4}" xmlns="http://www.w3.org/2000/svg">${rowsSvg}</svg><figcaption>${esc(title)}</figcaption></figure>`;
}

function seconds(value: number | null): string | null {
  if (value === null) return null;
  return value < 120 ? `${value} s` : `${Math.round(value / 60)} min`;
}

function toHtml(r: DemandReport): string {
  const pct = (v: number | null) => (v === null ? null : `${Math.round(v * 100)} %`);
  const byDay = new Map<string, number>();
  for (const d of r.daily) if (!d.suppressed) byDay.set(d.day, (byDay.get(d.day) ?? 0) + (d.conversations ?? 0));
  const sections = [
    `<p>Totals: ${r.totals.suppressed ? 'fewer than 5 residents' : `${r.totals.conversations} conversations, ${r.totals.messages} messages`}.</p>`,
    bars('Conversations per day', [...byDay.entries()].map(([label, value]) => ({ label, value }))),
    table(
      'Conversations and messages per day, channel and language',
      ['Day', 'Channel', 'Language', 'Conversations', 'Messages'],
      r.daily.map((d) => [`<td>${esc(d.day)}</td>`, `<td>${esc(d.channel)}</td>`, `<td>${esc(d.lang)}</td>`, cell(d.conversations, d.suppressed), cell(d.messages, d.suppressed)]),
    ),
    bars('Top documents (answers)', r.topDocuments.map((d) => ({ label: d.title, value: d.answered }))),
    table(
      'Top documents',
      ['Document', 'Domain', 'Answers', '👍', '👎'],
      r.topDocuments.map((d) => [`<td>${esc(d.title)}</td>`, `<td>${esc(d.domain)}</td>`, cell(d.answered, d.suppressed), cell(d.helpful, d.suppressed), cell(d.unhelpful, d.suppressed)]),
    ),
    table(
      'Knowledge gaps by closest document',
      ['Document', 'Not sure', 'Low confidence', '👎', 'Total'],
      r.gapsByDocument.map((g) => [`<td>${esc(g.title || '(no document came close)')}</td>`, cell(g.notSure, g.suppressed), cell(g.lowConfidence, g.suppressed), cell(g.unhelpful, g.suppressed), cell(g.total, g.suppressed)]),
    ),
    table(
      'Knowledge gaps by domain',
      ['Domain', 'Not sure', 'Low confidence', '👎', 'Total'],
      r.gapsByDomain.map((g) => [`<td>${esc(g.key || '(none)')}</td>`, cell(g.notSure, g.suppressed), cell(g.lowConfidence, g.suppressed), cell(g.unhelpful, g.suppressed), cell(g.total, g.suppressed)]),
    ),
    table(
      'Hand-offs by team',
      ['Team', 'Hand-offs', 'First reply p50', 'First reply p90', 'Resolved p50', 'Not yet answered'],
      r.handoffs.map((h) => [`<td>${esc(h.team)}</td>`, cell(h.handoffs, h.suppressed), cell(seconds(h.firstReplyP50), h.suppressed), cell(seconds(h.firstReplyP90), h.suppressed), cell(seconds(h.resolveP50), h.suppressed), cell(h.unanswered, h.suppressed)]),
    ),
    table(
      'Crisis escalations',
      ['Escalations', 'Claimed p50', 'Claimed p90', 'First reply p50', 'First reply p90'],
      [[cell(r.crisis.escalations, r.crisis.suppressed), cell(seconds(r.crisis.claimP50), r.crisis.suppressed), cell(seconds(r.crisis.claimP90), r.crisis.suppressed), cell(seconds(r.crisis.firstReplyP50), r.crisis.suppressed), cell(seconds(r.crisis.firstReplyP90), r.crisis.suppressed)]],
    ),
    table(
      'Parity by language and channel',
      ['Group', 'Answer rate', 'Hand-off rate', 'Helpful rate', 'Markedly worse'],
      r.parity.map((p) => [`<td>${esc(`${p.dimension}: ${p.group}`)}</td>`, cell(pct(p.answerRate), p.suppressed), cell(pct(p.handoffRate), p.suppressed), cell(pct(p.helpfulRate), p.suppressed), `<td class="${p.flags.length ? 'f' : ''}">${esc(p.flags.join(', ') || '—')}</td>`]),
    ),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Madoguchi demand report ${esc(r.period.from)} – ${esc(r.period.to)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse;margin:1rem 0 2rem}caption{text-align:left;font-weight:600;padding:.3rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}th:first-child,td:first-child{text-align:left}td.s{color:#666}td.f{color:#a00;font-weight:600}figure{margin:1rem 0}</style>
</head><body><main>
<h1>Service demand ${esc(r.period.from)} – ${esc(r.period.to)}</h1>
<p>Generated ${esc(r.generatedAt)}. Aggregates only; cells with fewer than ${r.minResidents} residents are suppressed (&lt;5). Days are UTC.</p>
${sections.join('\n')}
</main></body></html>
`;
}
