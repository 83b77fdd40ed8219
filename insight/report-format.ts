/**
 * Writes a {@link DemandReport} as JSON, CSV (one long table: section, group, metric, value) or a
 * self-contained HTML page: the console's tables and its charts, drawn by Chart.js inlined into
 * the page with the chart data — nothing is fetched, so the file can be mailed or archived.
 * Suppressed cells read "suppressed" in CSV and "<5" in HTML; no example questions are written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { t } from '../locales/i18n';
import type { Lang } from '../locales/lang';
import type { DemandReport } from './demand-report';
import { csvField, labelColumns, reportTables, TABLE_NAMES, type ReportTable, type TableName } from './report-tables';
import { reportCharts, type ChartSpec } from './report-charts';

/** The formats `madoguchi report` writes. */
export type ReportFormat = 'html' | 'csv' | 'json';

/** Renders the report in a format (HTML headings and labels in `ui`, default English). */
export function formatReport(report: DemandReport, format: ReportFormat, ui: Lang = 'en'): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'csv' ? toCsv(report) : toHtml(report, ui);
}

/** The long CSV: every figure of every table as section, group, metric, value. */
function toCsv(r: DemandReport): string {
  const lines = ['section,group,metric,value'];
  lines.push(`totals,all,conversations,${r.totals.suppressed ? 'suppressed' : (r.totals.conversations ?? '')}`);
  lines.push(`totals,all,messages,${r.totals.suppressed ? 'suppressed' : (r.totals.messages ?? '')}`);
  const tables = reportTables(r);
  for (const name of TABLE_NAMES) {
    const table = tables[name];
    const labels = labelColumns(name);
    for (const row of table.rows) {
      // A document is named by its id (title and domain are in the console and the JSON).
      const keys = name === 'documents' ? 1 : labels;
      const group = keys === 0 ? 'all' : row.values.slice(0, keys).map((v) => (v === '' || v === null ? '(none)' : String(v))).join(name === 'parity' ? ':' : '/');
      table.columns.forEach((metric, i) => {
        if (i < labels) return;
        const v = row.values[i];
        const value = row.suppressed && metric !== 'flags' ? 'suppressed' : v === null ? '' : String(v);
        lines.push([SECTION[name], group, metric, value].map(csvField).join(','));
      });
    }
  }
  return `${lines.join('\n')}\n`;
}

/** CSV section names (stable for spreadsheets built on earlier reports). */
const SECTION: Record<TableName, string> = {
  daily: 'daily',
  documents: 'top_documents',
  domains: 'top_domains',
  topics: 'topics',
  gaps_by_document: 'gaps_by_document',
  gaps_by_domain: 'gaps_by_domain',
  handoffs: 'handoffs',
  handoffs_by_weekday: 'handoffs_by_weekday',
  handoffs_by_hour: 'handoffs_by_hour',
  office_hours: 'office_hours',
  crisis: 'crisis',
  parity: 'parity',
};

/** Per table: its heading key and each column's label key in the insight strings. */
const HEADINGS: Record<TableName, { heading: string; columns: string[] }> = {
  daily: { heading: 'daily.heading', columns: ['daily.day', 'daily.channel', 'daily.lang', 'daily.conversations', 'daily.messages'] },
  documents: { heading: 'documents.heading', columns: ['documents.document', 'documents.document', 'documents.domain', 'documents.answered', 'documents.helpful', 'documents.unhelpful', 'documents.unhelpfulReason', 'documents.unhelpfulSkipped'] },
  domains: { heading: 'domains.heading', columns: ['domains.domain', 'domains.answered', 'domains.helpful', 'domains.unhelpful', 'domains.unhelpfulReason', 'domains.unhelpfulSkipped'] },
  topics: { heading: 'topics.heading', columns: ['topics.topic', 'topics.residents', 'topics.questions', 'topics.unanswered', 'topics.notSure', 'topics.lowConfidence', 'topics.unhelpful', 'topics.langs', 'topics.closest'] },
  gaps_by_document: { heading: 'gapsByDocument.heading', columns: ['gapsByDocument.document', 'gaps.notSure', 'gaps.lowConfidence', 'gaps.unhelpful', 'gaps.total'] },
  gaps_by_domain: { heading: 'gapsByDomain.heading', columns: ['gapsByDomain.domain', 'gaps.notSure', 'gaps.lowConfidence', 'gaps.unhelpful', 'gaps.total'] },
  handoffs: { heading: 'handoffs.heading', columns: ['handoffs.team', 'handoffs.handoffs', 'handoffs.firstReplyP50', 'handoffs.firstReplyP90', 'handoffs.resolveP50', 'handoffs.resolveP90', 'handoffs.unanswered'] },
  handoffs_by_weekday: { heading: 'timing.weekdayChart', columns: ['timing.weekday', 'handoffs.handoffs', 'handoffs.firstReplyP50', 'handoffs.firstReplyP90', 'handoffs.resolveP50', 'handoffs.resolveP90', 'handoffs.unanswered'] },
  handoffs_by_hour: { heading: 'timing.hourChart', columns: ['timing.hour', 'handoffs.handoffs', 'handoffs.firstReplyP50', 'handoffs.firstReplyP90', 'handoffs.resolveP50', 'handoffs.resolveP90', 'handoffs.unanswered'] },
  office_hours: { heading: 'timing.officeHours', columns: ['timing.officeHours', 'handoffs.handoffs', 'handoffs.firstReplyP50', 'handoffs.firstReplyP90', 'handoffs.resolveP50', 'handoffs.resolveP90', 'handoffs.unanswered'] },
  crisis: { heading: 'crisis.heading', columns: ['crisis.escalations', 'crisis.claimP50', 'crisis.claimP90', 'crisis.firstReplyP50', 'crisis.firstReplyP90'] },
  parity: { heading: 'parity.heading', columns: ['parity.dimension', 'parity.group', 'parity.answerRate', 'parity.handoffRate', 'parity.helpfulRate', 'parity.replyP50', 'parity.flags'] },
};

/** Columns holding seconds or rates (shown as durations and percentages). */
const SECONDS = /P50$|P90$/;
const RATES = /Rate$/;

function esc(value: string | number | null): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A duration in the UI language. */
export function duration(ui: Lang, value: number): string {
  if (value < 120) return t(ui, 'insight.seconds', { n: value });
  if (value < 7200) return t(ui, 'insight.minutes', { n: Math.round(value / 60) });
  return t(ui, 'insight.hours', { n: Math.round((value / 3600) * 10) / 10 });
}

function display(ui: Lang, name: TableName, column: string, value: string | number | null): string {
  if (value === null || value === '') return '–';
  if (typeof value === 'number' && SECONDS.test(column)) return duration(ui, value);
  if (typeof value === 'number' && RATES.test(column)) return `${Math.round(value * 100)} %`;
  if (name === 'handoffs_by_weekday' && column === 'weekday') return t(ui, 'insight.timing.weekdays').split('\n')[Number(value)] ?? String(value);
  if (name === 'office_hours' && column === 'officeOpen') return t(ui, value === 'open' ? 'insight.timing.open' : 'insight.timing.closed');
  if (name === 'parity' && column === 'dimension') return t(ui, `insight.parity.dimensions.${value}`);
  if (name === 'parity' && column === 'flags') return String(value).split(' ').map((f) => t(ui, `insight.parity.flagNames.${f}`)).join(', ');
  return String(value);
}

function htmlTable(ui: Lang, name: TableName, table: ReportTable, min: number, tz: string): string {
  const spec = HEADINGS[name];
  const labels = labelColumns(name);
  // The documents table shows the title, not the id.
  const shown = table.columns.map((_c, i) => i).filter((i) => !(name === 'documents' && i === 0));
  const th = shown.map((i) => `<th scope="col">${esc(t(ui, `insight.${spec.columns[i]}`))}</th>`).join('');
  const body = table.rows
    .map((row) => {
      const cells = shown.map((i) => {
        const column = table.columns[i];
        if (row.suppressed && i >= labels && column !== 'flags') return `<td class="s" title="${esc(t(ui, 'insight.suppressed', { min }))}">&lt;${min}</td>`;
        const text = row.suppressed && name === 'topics' && i === 0 ? t(ui, 'insight.topics.hidden') : display(ui, name, column, row.values[i]);
        return i < labels ? `<th scope="row">${esc(text)}</th>` : `<td${column === 'flags' && row.flagged ? ' class="f"' : ''}>${esc(text)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<table><caption>${esc(t(ui, `insight.${spec.heading}`, { tz }))}</caption><thead><tr>${th}</tr></thead><tbody>${body || `<tr><td colspan="${shown.length}">${esc(t(ui, 'insight.none'))}</td></tr>`}</tbody></table>`;
}

/** Chart.js's UMD build from the installed package, to inline. */
function chartLibrary(): string {
  const file = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
  return fs.readFileSync(file, 'utf8');
}

/** JSON safe inside a script element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function figure(chart: ChartSpec): string {
  return `<figure><div class="chart"><canvas id="${esc(chart.id)}" role="img" aria-label="${esc(chart.title)}"></canvas></div><figcaption>${esc(chart.title)}</figcaption></figure>`;
}

function toHtml(r: DemandReport, ui: Lang): string {
  const tables = reportTables(r);
  const charts = reportCharts(r, ui);
  const chartFor = (id: string) => charts.filter((c) => c.section === id).map(figure).join('');
  const section = (name: TableName, intro = '') => `<section>${chartFor(name)}${intro}${htmlTable(ui, name, tables[name], r.minResidents, r.handoffTiming.timeZone)}</section>`;
  const totals = r.totals.suppressed
    ? `<p>${esc(t(ui, 'insight.suppressed', { min: r.minResidents }))}</p>`
    : `<dl class="totals"><dt>${esc(t(ui, 'insight.totals.conversations'))}</dt><dd>${r.totals.conversations}</dd><dt>${esc(t(ui, 'insight.totals.messages'))}</dt><dd>${r.totals.messages}</dd></dl>`;
  const filters = Object.entries(r.filters).map(([k, v]) => `${t(ui, `insight.filters.${k}`)}: ${v}`).join(', ');
  const archived = r.topics.archived ? `<p>${esc(t(ui, 'insight.topics.archived', { ...r.topics.archived }))}</p>` : '';
  const sampled = `${archived}${r.topics.sampled ? `<p>${esc(t(ui, 'insight.topics.sampled', { n: r.topics.questionsRead }))}</p>` : ''}`;
  const library = chartLibrary().replace(/<\/script/gi, '<\\/script');
  const draw = `(function(){var specs=JSON.parse(document.getElementById('chart-data').textContent);specs.forEach(function(s){new Chart(document.getElementById(s.id),{type:s.type,data:s.data,options:Object.assign({animation:false,responsive:true,maintainAspectRatio:false},s.options||{})});});})();`;
  return `<!doctype html>
<html lang="${ui}"><head><meta charset="utf-8"><title>${esc(t(ui, 'insight.title'))} ${esc(r.period.from)} – ${esc(r.period.to)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:2rem;max-width:72rem;color:#1a1a1a}table{border-collapse:collapse;margin:.5rem 0 2rem}caption{text-align:left;font-weight:600;padding:.3rem 0}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:right}th[scope=row],thead th:first-child{text-align:left}td.s{color:#555}td.f{color:#a00;font-weight:600}figure{margin:1rem 0}.chart{position:relative;height:260px;max-width:60rem}.totals{display:flex;gap:2rem}.totals dd{font-size:1.6rem;margin:0;font-weight:600}</style>
</head><body><main>
<h1>${esc(t(ui, 'insight.title'))} ${esc(r.period.from)} – ${esc(r.period.to)}</h1>
<p>${esc(t(ui, 'insight.generated', { at: r.generatedAt }))} ${esc(t(ui, 'insight.suppressedNote', { min: r.minResidents, tz: r.handoffTiming.timeZone }))}${filters ? ` ${esc(filters)}.` : ''}</p>
<h2>${esc(t(ui, 'insight.totals.heading'))}</h2>${totals}
<h2>${esc(t(ui, 'insight.daily.heading'))}</h2>${section('daily')}
<h2>${esc(t(ui, 'insight.documents.heading'))}</h2>${section('documents')}${section('domains')}
<h2>${esc(t(ui, 'insight.topics.heading'))}</h2>${section('topics', `<p>${esc(t(ui, 'insight.topics.intro'))}</p>${sampled}`)}${section('gaps_by_document')}${section('gaps_by_domain')}
<h2>${esc(t(ui, 'insight.handoffs.heading'))}</h2>${section('handoffs')}
<h2>${esc(t(ui, 'insight.timing.heading'))}</h2>${section('handoffs_by_weekday')}${section('handoffs_by_hour')}${section('office_hours')}
<h2>${esc(t(ui, 'insight.crisis.heading'))}</h2>${section('crisis')}
<h2>${esc(t(ui, 'insight.parity.heading'))}</h2>${section('parity', `<p>${esc(t(ui, 'insight.parity.intro', { gap: Math.round(r.parityGap * 100) }))}</p>`)}
</main>
<script type="application/json" id="chart-data">${scriptJson(charts)}</script>
<script>${library}</script>
<script>${draw}</script>
</body></html>
`;
}
