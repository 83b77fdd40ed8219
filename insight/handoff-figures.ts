/**
 * Hand-off figures from `demand_handoffs` (one row per hand-off, timings only, kept beyond
 * retention), aggregated in SQL in one pass of grouping sets: volume, time to the first officer
 * reply (p50/p90), time to claim and to resolve, by team; by weekday and hour in the office's time
 * zone and inside versus outside office hours; crisis escalations; and per language and channel
 * for parity. Percentiles are nearest-rank (`percentile_disc`). A cell of fewer than the minimum
 * number of hand-offs (each is one resident's case) is suppressed.
 */
import type { SqlRunner } from '../storage/database';
import type { SqlFilter } from './report-query';

/** Hand-offs of one team (or weekday, hour, office-hours group). */
export interface HandoffCell {
  team: string;
  suppressed: boolean;
  handoffs: number | null;
  /** Seconds from the hand-off to the first officer reply the resident received. */
  firstReplyP50: number | null;
  firstReplyP90: number | null;
  resolveP50: number | null;
  resolveP90: number | null;
  /** Hand-offs no officer has answered yet. */
  unanswered: number | null;
}

/** Crisis escalations and how fast officers took them. */
export interface CrisisCell {
  suppressed: boolean;
  escalations: number | null;
  claimP50: number | null;
  claimP90: number | null;
  firstReplyP50: number | null;
  firstReplyP90: number | null;
}

/** Hand-offs by when they came: weekday (0 = Sunday) and hour in the office's time zone. */
export interface HandoffTiming {
  timeZone: string;
  byWeekday: (HandoffCell & { weekday: number })[];
  byHour: (HandoffCell & { hour: number })[];
  /** Inside and outside office hours. */
  officeHours: (HandoffCell & { open: boolean })[];
}

/** The office's calendar (OFFICE_TIMEZONE, OFFICE_OPEN, OFFICE_CLOSE, OFFICE_DAYS, OFFICE_HOLIDAYS). */
export interface OfficeCalendar {
  timeZone: string;
  /** `HH:MM`, 24-hour; closing is exclusive. */
  open: string;
  close: string;
  /** Weekdays 0 (Sunday) to 6. */
  days: number[];
  /** `YYYY-MM-DD` local dates. */
  holidays: string[];
}

/** Every day, all day, in UTC (when no calendar is given). */
export const ALWAYS_OPEN: OfficeCalendar = { timeZone: 'UTC', open: '00:00', close: '24:00', days: [0, 1, 2, 3, 4, 5, 6], holidays: [] };

/** Aggregated timings of one group. */
export interface GroupFigures {
  n: number;
  replied: number;
  reply50: number | null;
  reply90: number | null;
  resolve50: number | null;
  resolve90: number | null;
  claim50: number | null;
  claim90: number | null;
}

/** The figures per grouping: dimension → key → figures. */
export type HandoffGroups = Map<string, Map<string, GroupFigures>>;

type Num = number | string | null;
const num = (v: Num): number | null => (v === null ? null : Number(v));

/**
 * Aggregates the hand-offs a filter selects. `dimensions` picks the grouping sets: team, weekday,
 * hour, office (in or out of hours), crisis, lang, channel and all.
 */
export async function handoffGroups(db: SqlRunner, filter: SqlFilter, calendar: OfficeCalendar, dimensions: readonly Dimension[], timings: readonly Timing[]): Promise<HandoffGroups> {
  const tz = filter.param(calendar.timeZone);
  const days = filter.param(calendar.days);
  const holidays = filter.param(calendar.holidays);
  const open = filter.param(`${calendar.open}:00`);
  const close = filter.param(`${calendar.close}:00`);
  const grouped = dimensions.filter((d) => d !== 'all');
  const sets = [...grouped.map((d) => `(${COLUMN[d]})`), ...(dimensions.includes('all') ? ['()'] : [])].join(', ');
  const { rows } = await db.query<{ dim: string; key: string; n: Num; replied: Num; reply: Num[] | null; resolve: Num[] | null; claim: Num[] | null }>(
    `WITH h AS (
       SELECT team, reason = 'crisis' AS crisis, lang, channel_id, claimed_seconds, first_reply_seconds, resolved_seconds, created_at AT TIME ZONE ${tz}::text AS local
         FROM demand_handoffs WHERE ${filter.sql}
     ), x AS MATERIALIZED (
       -- Local weekday, hour and office hours once per row (the grouping sets sort on them several times).
       SELECT team, crisis, lang, channel_id, claimed_seconds, first_reply_seconds, resolved_seconds,
              extract(dow FROM local)::int AS wd, extract(hour FROM local)::int AS hr,
              (extract(dow FROM local)::int = ANY(${days}::int[]) AND NOT (local::date = ANY(${holidays}::date[]))
               AND local::time >= ${open}::time AND local::time < ${close}::time) AS in_hours
         FROM h
     )
     SELECT ${grouped.length ? `CASE ${grouped.map((d) => `WHEN grouping(${COLUMN[d]}) = 0 THEN '${d}'`).join(' ')} ELSE 'all' END` : "'all'"} AS dim,
            coalesce(${[...grouped.map((d) => `${COLUMN[d]}::text`), "''"].join(', ')}) AS key,
            count(*) AS n, count(first_reply_seconds) AS replied,
            ${(['reply', 'resolve', 'claim'] as const).map((k) => (timings.includes(k) ? `percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${TIMING[k]}) AS ${k}` : `NULL::int[] AS ${k}`)).join(',\n            ')}
       FROM x GROUP BY GROUPING SETS (${sets})`,
    filter.params,
  );
  const out: HandoffGroups = new Map();
  for (const r of rows) {
    const dim = out.get(r.dim) ?? out.set(r.dim, new Map()).get(r.dim)!;
    const at = (list: Num[] | null, i: number) => num(list?.[i] ?? null);
    dim.set(r.key, { n: Number(r.n), replied: Number(r.replied), reply50: at(r.reply, 0), reply90: at(r.reply, 1), resolve50: at(r.resolve, 0), resolve90: at(r.resolve, 1), claim50: at(r.claim, 0), claim90: at(r.claim, 1) });
  }
  return out;
}

/**
 * The timings whose percentiles are wanted. Each costs a sort per group and grouping set, so a
 * caller asks only for what it shows (one sort serves both p50 and p90).
 */
export type Timing = 'reply' | 'resolve' | 'claim';
const TIMING: Record<Timing, string> = { reply: 'first_reply_seconds', resolve: 'resolved_seconds', claim: 'claimed_seconds' };

/** The groupings {@link handoffGroups} can make. */
export type Dimension = 'team' | 'weekday' | 'hour' | 'office' | 'crisis' | 'lang' | 'channel' | 'all';
const COLUMN: Record<Dimension, string> = { team: 'team', weekday: 'wd', hour: 'hr', office: 'in_hours', crisis: 'crisis', lang: 'lang', channel: 'channel_id', all: 'all' };

const EMPTY: GroupFigures = { n: 0, replied: 0, reply50: null, reply90: null, resolve50: null, resolve90: null, claim50: null, claim90: null };

/** One group's cell (suppressed under `min` cases). */
export function handoffCell(team: string, f: GroupFigures | undefined, min: number): HandoffCell {
  const g = f ?? EMPTY;
  const suppressed = g.n < min;
  const hide = <T>(v: T): T | null => (suppressed ? null : v);
  return {
    team,
    suppressed,
    handoffs: hide(g.n),
    firstReplyP50: hide(g.reply50),
    firstReplyP90: hide(g.reply90),
    resolveP50: hide(g.resolve50),
    resolveP90: hide(g.resolve90),
    unanswered: hide(g.n - g.replied),
  };
}

/** Hand-offs by team, in team order. */
export function handoffsByTeam(groups: HandoffGroups, min: number): HandoffCell[] {
  return [...(groups.get('team') ?? new Map<string, GroupFigures>()).entries()].map(([team, f]) => handoffCell(team, f, min)).sort((a, b) => a.team.localeCompare(b.team));
}

/** Crisis escalations: the 'all' group of the crisis hand-offs. */
export function crisisCell(groups: HandoffGroups, min: number): CrisisCell {
  const g = groups.get('all')?.get('') ?? EMPTY;
  const suppressed = g.n < min;
  const hide = <T>(v: T): T | null => (suppressed ? null : v);
  return { suppressed, escalations: hide(g.n), claimP50: hide(g.claim50), claimP90: hide(g.claim90), firstReplyP50: hide(g.reply50), firstReplyP90: hide(g.reply90) };
}

/** Hand-offs by weekday, hour and office hours. */
export function handoffTiming(groups: HandoffGroups, min: number, calendar: OfficeCalendar): HandoffTiming {
  const of = (dim: string, key: string) => groups.get(dim)?.get(key);
  return {
    timeZone: calendar.timeZone,
    byWeekday: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ ...handoffCell(String(weekday), of('weekday', String(weekday)), min), weekday })),
    byHour: Array.from({ length: 24 }, (_, hour) => ({ ...handoffCell(String(hour), of('hour', String(hour)), min), hour })),
    officeHours: [true, false].map((open) => ({ ...handoffCell(open ? 'open' : 'closed', of('office', String(open)), min), open })),
  };
}

/** Nearest-rank percentile of sorted values (null when there are none). */
export function percentile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
