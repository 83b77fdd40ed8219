/**
 * The report as tables — one per console section, each with its column keys and rows — for the
 * console's CSV export and the HTML report. A suppressed cell's figures read `suppressed`; masked
 * example questions are never part of a table (they stay on the supervisors' screen).
 */
import type { DemandReport } from './demand-report';

/** The tables, in the order the console shows them. */
export const TABLE_NAMES = [
  'daily',
  'documents',
  'domains',
  'topics',
  'gaps_by_document',
  'gaps_by_domain',
  'handoffs',
  'handoffs_by_weekday',
  'handoffs_by_hour',
  'office_hours',
  'crisis',
  'parity',
] as const;

/** A table's name. */
export type TableName = (typeof TABLE_NAMES)[number];

/** A cell's value: a figure, a label, null (none) or suppressed. */
export type TableValue = number | string | null;

/** One table: column keys and rows of values (`suppressed` marks a small cell's figures). */
export interface ReportTable {
  columns: string[];
  rows: { values: TableValue[]; suppressed: boolean; flagged?: boolean }[];
}

const HANDOFF_FIGURES = ['handoffs', 'firstReplyP50', 'firstReplyP90', 'resolveP50', 'resolveP90', 'unanswered'] as const;
type HandoffLike = Record<(typeof HANDOFF_FIGURES)[number], number | null> & { suppressed: boolean };
const handoffValues = (h: HandoffLike): TableValue[] => HANDOFF_FIGURES.map((k) => h[k]);

/** Every table of a report. */
export function reportTables(r: DemandReport): Record<TableName, ReportTable> {
  const gaps = (list: DemandReport['gapsByDocument'], key: 'document' | 'domain'): ReportTable => ({
    columns: [key, 'notSure', 'lowConfidence', 'unhelpful', 'total'],
    rows: list.map((g) => ({ values: [g.key, g.notSure, g.lowConfidence, g.unhelpful, g.total], suppressed: g.suppressed })),
  });
  return {
    daily: {
      columns: ['day', 'channel', 'lang', 'conversations', 'messages'],
      rows: r.daily.map((d) => ({ values: [d.day, d.channel, d.lang, d.conversations, d.messages], suppressed: d.suppressed })),
    },
    documents: {
      columns: ['document', 'title', 'domain', 'answered', 'helpful', 'unhelpful', 'unhelpfulReason', 'unhelpfulSkipped'],
      rows: r.topDocuments.map((d) => ({ values: [d.docId, d.title, d.domain, d.answered, d.helpful, d.unhelpful, d.unhelpfulReason, d.unhelpfulSkipped], suppressed: d.suppressed })),
    },
    domains: {
      columns: ['domain', 'answered', 'helpful', 'unhelpful', 'unhelpfulReason', 'unhelpfulSkipped'],
      rows: r.topDomains.map((d) => ({ values: [d.domain, d.answered, d.helpful, d.unhelpful, d.unhelpfulReason, d.unhelpfulSkipped], suppressed: d.suppressed })),
    },
    topics: {
      columns: ['topic', 'residents', 'questions', 'unanswered', 'notSure', 'lowConfidence', 'unhelpful', 'langs', 'closest'],
      rows: r.topics.topics.map((t) => ({
        values: [t.topic, t.residents, t.questions, t.unanswered, t.notSure, t.lowConfidence, t.unhelpful, t.langs.join(' '), t.closest.map((c) => c.title).join(' | ')],
        suppressed: t.suppressed,
      })),
    },
    gaps_by_document: gaps(r.gapsByDocument, 'document'),
    gaps_by_domain: gaps(r.gapsByDomain, 'domain'),
    handoffs: {
      columns: ['team', ...HANDOFF_FIGURES],
      rows: r.handoffs.map((h) => ({ values: [h.team, ...handoffValues(h)], suppressed: h.suppressed })),
    },
    handoffs_by_weekday: {
      columns: ['weekday', ...HANDOFF_FIGURES],
      rows: r.handoffTiming.byWeekday.map((h) => ({ values: [h.weekday, ...handoffValues(h)], suppressed: h.suppressed })),
    },
    handoffs_by_hour: {
      columns: ['hour', ...HANDOFF_FIGURES],
      rows: r.handoffTiming.byHour.map((h) => ({ values: [h.hour, ...handoffValues(h)], suppressed: h.suppressed })),
    },
    office_hours: {
      columns: ['officeOpen', ...HANDOFF_FIGURES],
      rows: r.handoffTiming.officeHours.map((h) => ({ values: [h.open ? 'open' : 'closed', ...handoffValues(h)], suppressed: h.suppressed })),
    },
    crisis: {
      columns: ['escalations', 'claimP50', 'claimP90', 'firstReplyP50', 'firstReplyP90'],
      rows: [{ values: [r.crisis.escalations, r.crisis.claimP50, r.crisis.claimP90, r.crisis.firstReplyP50, r.crisis.firstReplyP90], suppressed: r.crisis.suppressed }],
    },
    parity: {
      columns: ['dimension', 'group', 'answerRate', 'handoffRate', 'helpfulRate', 'replyP50', 'flags'],
      rows: r.parity.map((p) => ({ values: [p.dimension, p.group, p.answerRate, p.handoffRate, p.helpfulRate, p.replyP50, p.flags.join(' ')], suppressed: p.suppressed, flagged: p.flags.length > 0 })),
    },
  };
}

/** How many leading columns of a table are labels (shown even when the row is suppressed). */
export function labelColumns(name: TableName): number {
  if (name === 'crisis') return 0;
  if (name === 'daily') return 3;
  if (name === 'documents') return 3;
  if (name === 'parity') return 2;
  return 1;
}

/** A CSV field, safe to open in a spreadsheet (a leading = + - @ would run as a formula). */
export function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One table as CSV with a header row; a suppressed row's figures read `suppressed`. */
export function tableCsv(name: TableName, table: ReportTable): string {
  const labels = labelColumns(name);
  const lines = [table.columns.map(csvField).join(',')];
  for (const row of table.rows) {
    lines.push(row.values.map((v, i) => csvField(row.suppressed && i >= labels && table.columns[i] !== 'flags' ? 'suppressed' : v === null ? '' : String(v))).join(','));
  }
  return `${lines.join('\n')}\n`;
}
