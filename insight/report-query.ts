/**
 * What a demand report is asked for: a period of UTC calendar days and optional filters (channel,
 * language, domain), checked at the edge with zod (the console's query string and the `report`
 * command's options share this schema), and the SQL conditions that apply them.
 */
import { z } from 'zod';

/** A report period: calendar days (UTC), both inclusive, as YYYY-MM-DD. */
export interface ReportPeriod {
  from: string;
  to: string;
}

/** A period and the groups to narrow it to (empty or absent: all). */
export interface ReportQuery extends ReportPeriod {
  channel?: string;
  lang?: string;
  /** A document domain (welfare, childcare …): narrows documents, gaps, topics and hand-offs. */
  domain?: string;
}

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar day');

/** A channel id, language or domain as the filters accept them (ids, never free text). */
const Group = z
  .string()
  .trim()
  .max(60)
  .regex(/^[\w.-]*$/, 'letters, digits, . _ - only')
  .optional()
  .transform((v) => (v ? v : undefined));

/** The longest period one report covers. */
export const MAX_REPORT_DAYS = 731;

/** A report query from untrusted input (query string, command options). */
export const ReportQuerySchema = z
  .object({ from: Day, to: Day, channel: Group, lang: Group, domain: Group })
  .refine((q) => q.from <= q.to, { message: 'must not be after to', path: ['from'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_REPORT_DAYS, { message: `the period may span at most ${MAX_REPORT_DAYS} days`, path: ['to'] });

/** The period of the `days` days up to and including `today` (YYYY-MM-DD). */
export function lastDays(today: string, days: number): ReportPeriod {
  const to = new Date(`${today}T00:00:00Z`);
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  return { from: from.toISOString().slice(0, 10), to: today };
}

/**
 * SQL conditions for a query, with numbered parameters appended to `params`. Columns are named by
 * the caller (`day`, `channel_id`, `lang`, `domain` or a table-qualified form); a column given as
 * null is not filtered on (the table does not have it).
 */
export class SqlFilter {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  constructor(private readonly query: ReportQuery) {}

  /** Adds a parameter and returns its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Restricts a date column to the period. */
  days(column: string): this {
    this.conditions.push(`${column} BETWEEN ${this.param(this.query.from)}::date AND ${this.param(this.query.to)}::date`);
    return this;
  }

  /** Restricts a timestamptz column to the period's UTC days. */
  instants(column: string): this {
    const from = this.param(`${this.query.from}T00:00:00Z`);
    const to = this.param(new Date(Date.parse(`${this.query.to}T00:00:00Z`) + 86_400_000).toISOString());
    this.conditions.push(`${column} >= ${from}::timestamptz AND ${column} < ${to}::timestamptz`);
    return this;
  }

  /** Applies the channel, language and domain filters to the columns that hold them. */
  groups(columns: { channel?: string | null; lang?: string | null; domain?: string | null }): this {
    if (this.query.channel && columns.channel) this.conditions.push(`${columns.channel} = ${this.param(this.query.channel)}`);
    if (this.query.lang && columns.lang) this.conditions.push(`${columns.lang} = ${this.param(this.query.lang)}`);
    if (this.query.domain && columns.domain) this.conditions.push(`${columns.domain} = ${this.param(this.query.domain)}`);
    return this;
  }

  /** Adds a condition as it is. */
  where(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /** The conditions joined with AND (`true` when there are none). */
  get sql(): string {
    return this.conditions.length ? this.conditions.map((c) => `(${c})`).join(' AND ') : 'true';
  }
}
