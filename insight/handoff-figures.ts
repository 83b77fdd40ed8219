/**
 * Hand-off figures from `demand_handoffs` (one row per hand-off, timings only, kept beyond
 * retention): volume, time to the first officer reply (p50/p90) and time to resolve by team; the
 * same by weekday and hour in the office's time zone and inside versus outside office hours; crisis
 * escalations and how fast officers claimed and answered them. A cell of fewer than the minimum
 * number of hand-offs (each is one resident's case) is suppressed.
 */

/** One stored hand-off as the figures need it. */
export interface HandoffRow {
  created_at: string | Date;
  channel_id: string;
  lang: string;
  team: string;
  reason: string;
  claimed_seconds: number | string | null;
  first_reply_seconds: number | string | null;
  resolved_seconds: number | string | null;
}

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

/** The office's calendar: its time zone and whether it is open at an instant. */
export interface OfficeCalendar {
  timeZone: string;
  isOpen(at: Date): boolean;
}

type Num = number | string | null;

/** Nearest-rank percentile of sorted values (null when there are none). */
export function percentile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** The numbers of a column, sorted (nulls left out). */
export function numbers(values: Num[]): number[] {
  return values
    .filter((v) => v !== null)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The figures of a group of hand-offs (suppressed under `min` cases). */
export function handoffCell(team: string, list: HandoffRow[], min: number): HandoffCell {
  const suppressed = list.length < min;
  const replies = numbers(list.map((r) => r.first_reply_seconds));
  const resolved = numbers(list.map((r) => r.resolved_seconds));
  const hide = <T>(v: T): T | null => (suppressed ? null : v);
  return {
    team,
    suppressed,
    handoffs: hide(list.length),
    firstReplyP50: hide(percentile(replies, 0.5)),
    firstReplyP90: hide(percentile(replies, 0.9)),
    resolveP50: hide(percentile(resolved, 0.5)),
    resolveP90: hide(percentile(resolved, 0.9)),
    unanswered: hide(list.length - replies.length),
  };
}

/** Hand-offs by team, in team order. */
export function handoffsByTeam(rows: HandoffRow[], min: number): HandoffCell[] {
  return [...groupBy(rows, (r) => r.team).entries()].map(([team, list]) => handoffCell(team, list, min)).sort((a, b) => a.team.localeCompare(b.team));
}

/** Crisis escalations among the hand-offs. */
export function crisisCell(rows: HandoffRow[], min: number): CrisisCell {
  const crises = rows.filter((r) => r.reason === 'crisis');
  const suppressed = crises.length < min;
  const claims = numbers(crises.map((r) => r.claimed_seconds));
  const replies = numbers(crises.map((r) => r.first_reply_seconds));
  const hide = <T>(v: T): T | null => (suppressed ? null : v);
  return {
    suppressed,
    escalations: hide(crises.length),
    claimP50: hide(percentile(claims, 0.5)),
    claimP90: hide(percentile(claims, 0.9)),
    firstReplyP50: hide(percentile(replies, 0.5)),
    firstReplyP90: hide(percentile(replies, 0.9)),
  };
}

/** Hand-offs by weekday, hour and office hours, in the office's time zone. */
export function handoffTiming(rows: HandoffRow[], min: number, calendar: OfficeCalendar): HandoffTiming {
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: calendar.timeZone, weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
  const days: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
  const when = rows.map((r) => {
    const at = new Date(r.created_at);
    const parts = fmt.formatToParts(at);
    return { r, weekday: days[parts.find((p) => p.type === 'weekday')?.value ?? 'Sun'] ?? 0, hour: Number(parts.find((p) => p.type === 'hour')?.value ?? 0), open: calendar.isOpen(at) };
  });
  const pick = <K>(key: (w: (typeof when)[number]) => K, k: K) => when.filter((w) => key(w) === k).map((w) => w.r);
  return {
    timeZone: calendar.timeZone,
    byWeekday: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ ...handoffCell(String(weekday), pick((w) => w.weekday, weekday), min), weekday })),
    byHour: Array.from({ length: 24 }, (_, hour) => ({ ...handoffCell(String(hour), pick((w) => w.hour, hour), min), hour })),
    officeHours: [true, false].map((open) => ({ ...handoffCell(open ? 'open' : 'closed', pick((w) => w.open, open), min), open })),
  };
}

/** Median time to the first officer reply per group of a dimension (for parity). */
export function replyMedians(rows: HandoffRow[], dimension: 'lang' | 'channel'): Map<string, { n: number; p50: number | null }> {
  const out = new Map<string, { n: number; p50: number | null }>();
  const groups = groupBy(rows, (r) => (dimension === 'lang' ? r.lang : r.channel_id));
  for (const [group, list] of groups) out.set(group, { n: list.length, p50: percentile(numbers(list.map((r) => r.first_reply_seconds)), 0.5) });
  return out;
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}
