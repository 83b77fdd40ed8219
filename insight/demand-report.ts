/**
 * The figures of a demand report for a period, read from the roll-ups only (so a period whose
 * transcripts are purged reports the same as before the purge). Privacy by construction: every
 * cell that counts fewer than {@link MIN_RESIDENTS} residents is suppressed (its figures null).
 * Over several days a cell's residents are counted as the most it had on any one day, a lower
 * bound (a resident who came back on several days is never counted twice to reach the threshold).
 */
import type { SqlRunner } from '../storage/database';

/** Cells with fewer residents than this are suppressed. */
export const MIN_RESIDENTS = 5;
/** A group is flagged when a rate is this much (absolute) worse than all groups together. */
export const PARITY_GAP = 0.1;

/** A report period: calendar days (UTC), both inclusive, as YYYY-MM-DD. */
export interface ReportPeriod {
  from: string;
  to: string;
}

/** Conversations and messages of one day, channel and language. */
export interface DailyCell {
  day: string;
  channel: string;
  lang: string;
  suppressed: boolean;
  conversations: number | null;
  messages: number | null;
}

/** A document residents asked about. */
export interface DocumentCell {
  docId: string;
  title: string;
  domain: string;
  suppressed: boolean;
  answered: number | null;
  helpful: number | null;
  unhelpful: number | null;
}

/** A knowledge gap: what went unanswered, not-sure or 👎, by the document that came closest or its domain. */
export interface GapCell {
  /** A document id, a domain, or '' for questions no document came close to. */
  key: string;
  title: string;
  suppressed: boolean;
  notSure: number | null;
  lowConfidence: number | null;
  unhelpful: number | null;
  total: number | null;
}

/** Hand-offs of one team. */
export interface HandoffCell {
  team: string;
  suppressed: boolean;
  handoffs: number | null;
  /** Seconds from the hand-off to the first officer reply the resident received. */
  firstReplyP50: number | null;
  firstReplyP90: number | null;
  resolveP50: number | null;
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

/** How well one language or channel is served. */
export interface ParityCell {
  dimension: 'lang' | 'channel';
  group: string;
  suppressed: boolean;
  answerRate: number | null;
  /** Hand-offs (crisis escalations not counted: they are no failure of the answers) per conversation. */
  handoffRate: number | null;
  helpfulRate: number | null;
  /** The rates markedly worse than all groups together (see {@link PARITY_GAP}). */
  flags: ('answer_rate' | 'handoff_rate' | 'helpful_rate')[];
}

/** Everything the report shows. */
export interface DemandReport {
  period: ReportPeriod;
  generatedAt: string;
  minResidents: number;
  totals: { conversations: number | null; messages: number | null; suppressed: boolean };
  daily: DailyCell[];
  topDocuments: DocumentCell[];
  gapsByDocument: GapCell[];
  gapsByDomain: GapCell[];
  handoffs: HandoffCell[];
  crisis: CrisisCell;
  parity: ParityCell[];
}

type Num = number | string | null;
const n = (v: Num): number => Number(v ?? 0);

/** Reads the report of a period from the roll-ups. */
export class DemandReportBuilder {
  constructor(
    private readonly db: SqlRunner,
    private readonly now: () => number = Date.now,
  ) {}

  async build(period: ReportPeriod): Promise<DemandReport> {
    const p = [period.from, period.to];
    const inPeriod = 'day BETWEEN $1::date AND $2::date';
    const daily = await this.db.query<{ day: string; channel_id: string; lang: string; conversations: Num; messages: Num; residents: Num }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, channel_id, lang, conversations, messages, residents FROM demand_daily_totals
        WHERE ${inPeriod} ORDER BY day, channel_id, lang`,
      p,
    );
    const docs = await this.db.query<{ doc_id: string; domain: string; title: string | null; residents: Num; answered: Num; not_sure: Num; low: Num; helpful: Num; unhelpful: Num }>(
      `SELECT x.doc_id, max(x.domain) AS domain, max(d.title) AS title, max(x.residents) AS residents, sum(x.answered) AS answered,
              sum(x.not_sure) AS not_sure, sum(x.low_confidence) AS low, sum(x.helpful) AS helpful, sum(x.unhelpful) AS unhelpful
         FROM demand_daily_documents x LEFT JOIN documents d ON d.id = x.doc_id
        WHERE ${inPeriod.replace('day', 'x.day')} GROUP BY x.doc_id`,
      p,
    );
    const domains = await this.db.query<{ domain: string; residents: Num; not_sure: Num; low: Num; unhelpful: Num }>(
      `SELECT domain, max(residents) AS residents, sum(not_sure) AS not_sure, sum(low_confidence) AS low, sum(unhelpful) AS unhelpful
         FROM demand_daily_documents WHERE ${inPeriod} GROUP BY domain`,
      p,
    );
    const handoffs = await this.db.query<{ team: string; reason: string; claimed_seconds: Num; first_reply_seconds: Num; resolved_seconds: Num }>(
      `SELECT team, reason, claimed_seconds, first_reply_seconds, resolved_seconds FROM demand_handoffs
        WHERE (created_at AT TIME ZONE 'UTC')::date BETWEEN $1::date AND $2::date`,
      p,
    );
    const groups = await this.db.query<{ dimension: 'lang' | 'channel'; grp: string; residents: Num; conversations: Num; asked: Num; answered: Num; handoffs: Num; helpful: Num; unhelpful: Num }>(
      `SELECT 'lang' AS dimension, lang AS grp, max(residents) AS residents, sum(conversations) AS conversations, sum(asked) AS asked, sum(answered) AS answered,
              sum(handoffs) AS handoffs, sum(helpful) AS helpful, sum(unhelpful) AS unhelpful
         FROM demand_daily_totals WHERE ${inPeriod} GROUP BY lang
       UNION ALL
       SELECT 'channel', channel_id, max(residents), sum(conversations), sum(asked), sum(answered), sum(handoffs), sum(helpful), sum(unhelpful)
         FROM demand_daily_totals WHERE ${inPeriod} GROUP BY channel_id`,
      p,
    );

    const allResidents = Math.max(0, ...daily.rows.map((r) => n(r.residents)));
    const totalsSuppressed = allResidents < MIN_RESIDENTS;
    const gapOf = (key: string, title: string, residents: Num, notSure: Num, low: Num, unhelpful: Num): GapCell => {
      const suppressed = n(residents) < MIN_RESIDENTS;
      const total = n(notSure) + n(low) + n(unhelpful);
      return { key, title, suppressed, notSure: hide(suppressed, n(notSure)), lowConfidence: hide(suppressed, n(low)), unhelpful: hide(suppressed, n(unhelpful)), total: hide(suppressed, total) };
    };
    const gapOrder = (a: GapCell, b: GapCell) => Number(a.suppressed) - Number(b.suppressed) || (b.total ?? 0) - (a.total ?? 0) || a.key.localeCompare(b.key);
    return {
      period,
      generatedAt: new Date(this.now()).toISOString(),
      minResidents: MIN_RESIDENTS,
      totals: {
        suppressed: totalsSuppressed,
        conversations: hide(totalsSuppressed, sum(daily.rows.map((r) => n(r.conversations)))),
        messages: hide(totalsSuppressed, sum(daily.rows.map((r) => n(r.messages)))),
      },
      daily: daily.rows.map((r) => {
        const suppressed = n(r.residents) < MIN_RESIDENTS;
        return { day: r.day, channel: r.channel_id, lang: r.lang, suppressed, conversations: hide(suppressed, n(r.conversations)), messages: hide(suppressed, n(r.messages)) };
      }),
      topDocuments: docs.rows
        .filter((r) => r.doc_id !== '')
        .map((r) => {
          const suppressed = n(r.residents) < MIN_RESIDENTS;
          return { docId: r.doc_id, title: r.title ?? r.doc_id, domain: r.domain, suppressed, answered: hide(suppressed, n(r.answered)), helpful: hide(suppressed, n(r.helpful)), unhelpful: hide(suppressed, n(r.unhelpful)) };
        })
        .sort((a, b) => Number(a.suppressed) - Number(b.suppressed) || (b.answered ?? 0) - (a.answered ?? 0) || a.docId.localeCompare(b.docId))
        .slice(0, 20),
      gapsByDocument: docs.rows
        .map((r) => gapOf(r.doc_id, r.doc_id === '' ? '' : (r.title ?? r.doc_id), r.residents, r.not_sure, r.low, r.unhelpful))
        .filter((g) => g.suppressed || (g.total ?? 0) > 0)
        .sort(gapOrder),
      gapsByDomain: domains.rows
        .map((r) => gapOf(r.domain, r.domain, r.residents, r.not_sure, r.low, r.unhelpful))
        .filter((g) => g.suppressed || (g.total ?? 0) > 0)
        .sort(gapOrder),
      handoffs: handoffCells(handoffs.rows),
      crisis: crisisCell(handoffs.rows.filter((r) => r.reason === 'crisis')),
      parity: parityCells(groups.rows),
    };
  }
}

function handoffCells(rows: { team: string; first_reply_seconds: Num; resolved_seconds: Num }[]): HandoffCell[] {
  const teams = new Map<string, typeof rows>();
  for (const r of rows) teams.set(r.team, [...(teams.get(r.team) ?? []), r]);
  return [...teams.entries()]
    .map(([team, list]) => {
      // A hand-off is one resident's case: fewer than five cases is a small cell.
      const suppressed = list.length < MIN_RESIDENTS;
      const replies = numbers(list.map((r) => r.first_reply_seconds));
      return {
        team,
        suppressed,
        handoffs: hide(suppressed, list.length),
        firstReplyP50: hide(suppressed, percentile(replies, 0.5)),
        firstReplyP90: hide(suppressed, percentile(replies, 0.9)),
        resolveP50: hide(suppressed, percentile(numbers(list.map((r) => r.resolved_seconds)), 0.5)),
        unanswered: hide(suppressed, list.length - replies.length),
      };
    })
    .sort((a, b) => a.team.localeCompare(b.team));
}

function crisisCell(rows: { claimed_seconds: Num; first_reply_seconds: Num }[]): CrisisCell {
  const suppressed = rows.length < MIN_RESIDENTS;
  const claims = numbers(rows.map((r) => r.claimed_seconds));
  const replies = numbers(rows.map((r) => r.first_reply_seconds));
  return {
    suppressed,
    escalations: hide(suppressed, rows.length),
    claimP50: hide(suppressed, percentile(claims, 0.5)),
    claimP90: hide(suppressed, percentile(claims, 0.9)),
    firstReplyP50: hide(suppressed, percentile(replies, 0.5)),
    firstReplyP90: hide(suppressed, percentile(replies, 0.9)),
  };
}

function parityCells(rows: { dimension: 'lang' | 'channel'; grp: string; residents: Num; conversations: Num; asked: Num; answered: Num; handoffs: Num; helpful: Num; unhelpful: Num }[]): ParityCell[] {
  const out: ParityCell[] = [];
  for (const dimension of ['lang', 'channel'] as const) {
    const mine = rows.filter((r) => r.dimension === dimension);
    const all = {
      answerRate: rate(sum(mine.map((r) => n(r.answered))), sum(mine.map((r) => n(r.asked)))),
      handoffRate: rate(sum(mine.map((r) => n(r.handoffs))), sum(mine.map((r) => n(r.conversations)))),
      helpfulRate: rate(sum(mine.map((r) => n(r.helpful))), sum(mine.map((r) => n(r.helpful) + n(r.unhelpful)))),
    };
    for (const r of mine.sort((a, b) => a.grp.localeCompare(b.grp))) {
      const suppressed = n(r.residents) < MIN_RESIDENTS;
      const answerRate = rate(n(r.answered), n(r.asked));
      const handoffRate = rate(n(r.handoffs), n(r.conversations));
      const helpfulRate = rate(n(r.helpful), n(r.helpful) + n(r.unhelpful));
      const flags: ParityCell['flags'] = [];
      if (!suppressed) {
        if (worse(all.answerRate, answerRate)) flags.push('answer_rate');
        if (worse(handoffRate, all.handoffRate)) flags.push('handoff_rate');
        if (worse(all.helpfulRate, helpfulRate)) flags.push('helpful_rate');
      }
      out.push({ dimension, group: r.grp, suppressed, answerRate: hide(suppressed, answerRate), handoffRate: hide(suppressed, handoffRate), helpfulRate: hide(suppressed, helpfulRate), flags });
    }
  }
  return out;
}

/** True when `low` is markedly below `high` (both known). */
function worse(high: number | null, low: number | null): boolean {
  return high !== null && low !== null && high - low >= PARITY_GAP;
}

function hide<T>(suppressed: boolean, value: T): T | null {
  return suppressed ? null : value;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
}

function numbers(values: Num[]): number[] {
  return values.filter((v) => v !== null).map(Number).sort((a, b) => a - b);
}

/** Nearest-rank percentile of sorted values (null when there are none). */
export function percentile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
