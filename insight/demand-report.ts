/**
 * The figures of a demand report for a period and filters, read from the roll-ups (so a period
 * whose transcripts are purged reports the same as before the purge) — except the knowledge-gap
 * topics, which read the retained transcripts (see gap-topics.ts). Privacy by construction: every
 * cell that counts fewer than the minimum number of residents is suppressed (its figures null).
 * Over several days a cell's residents are counted as the most it had on any one day, a lower
 * bound (a resident who came back on several days is never counted twice to reach the threshold).
 */
import type { SqlRunner } from '../storage/database';
import { SqlFilter, type ReportPeriod, type ReportQuery } from './report-query';
import { ALWAYS_OPEN, crisisCell, handoffGroups, handoffsByTeam, handoffTiming, type CrisisCell, type HandoffCell, type HandoffGroups, type HandoffTiming, type OfficeCalendar } from './handoff-figures';
import { gapTopics, type ClosestDocuments, type TopicReport } from './gap-topics';
import { MIN_RESIDENTS } from './ports';

export type { ReportPeriod, ReportQuery } from './report-query';
export type { CrisisCell, HandoffCell, HandoffTiming, OfficeCalendar } from './handoff-figures';
export { percentile } from './handoff-figures';

export { MIN_RESIDENTS } from './ports';
/** A group is flagged when a rate is this much (absolute) worse than all groups together. */
export const PARITY_GAP = 0.1;
/** A group's median time to an officer's reply is flagged at this multiple of all groups' (and a minute more). */
export const PARITY_REPLY_FACTOR = 1.5;

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
  /** Of the 👎: those with a reason, and those whose resident pressed "Skip" (the rest: neither). */
  unhelpfulReason: number | null;
  unhelpfulSkipped: number | null;
}

/** A domain residents asked about. */
export interface DomainCell {
  domain: string;
  suppressed: boolean;
  answered: number | null;
  helpful: number | null;
  unhelpful: number | null;
  unhelpfulReason: number | null;
  unhelpfulSkipped: number | null;
}

/** A knowledge gap: what went not-sure, low-confidence or 👎, by the document that came closest or its domain. */
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

/** The rates that can mark a group as served markedly worse. */
export type ParityFlag = 'answer_rate' | 'handoff_rate' | 'helpful_rate' | 'reply_time';

/** How well one language or channel is served. */
export interface ParityCell {
  dimension: 'lang' | 'channel';
  group: string;
  suppressed: boolean;
  answerRate: number | null;
  /** Hand-offs (crisis escalations not counted: they are no failure of the answers) per conversation. */
  handoffRate: number | null;
  helpfulRate: number | null;
  /** Median seconds to the first officer reply (null under the minimum number of hand-offs). */
  replyP50: number | null;
  /** The figures markedly worse than all groups together. */
  flags: ParityFlag[];
}

/** Everything the report shows. */
export interface DemandReport {
  period: ReportPeriod;
  filters: { channel?: string; lang?: string; domain?: string };
  generatedAt: string;
  minResidents: number;
  /** Absolute gap in a rate that flags a group in parity. */
  parityGap: number;
  totals: { conversations: number | null; messages: number | null; suppressed: boolean };
  daily: DailyCell[];
  topDocuments: DocumentCell[];
  topDomains: DomainCell[];
  gapsByDocument: GapCell[];
  gapsByDomain: GapCell[];
  topics: TopicReport;
  handoffs: HandoffCell[];
  handoffTiming: HandoffTiming;
  crisis: CrisisCell;
  parity: ParityCell[];
  /** What the filters can choose from (every channel, language and domain ever rolled up). */
  choices: { channels: string[]; langs: string[]; domains: string[] };
}

/** How a report is built. */
export interface ReportSettings {
  now?: () => number;
  /** Suppression threshold (at least {@link MIN_RESIDENTS}). */
  minResidents?: number;
  /** Absolute gap that flags a rate (default {@link PARITY_GAP}). */
  parityGap?: number;
  /** Office time zone and hours for hand-offs by weekday and hour (default: UTC, always open). */
  calendar?: OfficeCalendar;
  /** Gap questions read for topics, and the knowledge base's search for the closest documents. */
  topicLimit?: number;
  closest?: ClosestDocuments;
}

type Num = number | string | null;
const n = (v: Num): number => Number(v ?? 0);

/** Reads the report of a period from the roll-ups. */
export class DemandReportBuilder {
  private readonly min: number;

  constructor(
    private readonly db: SqlRunner,
    private readonly settings: ReportSettings = {},
  ) {
    this.min = Math.max(MIN_RESIDENTS, settings.minResidents ?? MIN_RESIDENTS);
  }

  /** Builds the report; `examples` adds masked example questions to the topics (supervisors only). */
  async build(query: ReportQuery, options: { examples?: boolean } = {}): Promise<DemandReport> {
    const min = this.min;
    const hide = <T>(suppressed: boolean, v: T): T | null => (suppressed ? null : v);
    const totals = new SqlFilter(query).days('day').groups({ channel: 'channel_id', lang: 'lang' });
    const dailyP = this.db.query<{ day: string; channel_id: string; lang: string; conversations: Num; messages: Num; residents: Num }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, channel_id, lang, conversations, messages, residents FROM demand_daily_totals WHERE ${totals.sql} ORDER BY day, channel_id, lang`,
      totals.params,
    );
    const docFilter = new SqlFilter(query).days('x.day').groups({ channel: 'x.channel_id', lang: 'x.lang', domain: 'x.domain' });
    const docsP = this.db.query<{ doc_id: string; domain: string; title: string | null; residents: Num; answered: Num; not_sure: Num; low: Num; helpful: Num; unhelpful: Num; reason: Num; skipped: Num }>(
      `SELECT x.doc_id, max(x.domain) AS domain, max(d.title) AS title, max(x.residents) AS residents, sum(x.answered) AS answered,
              sum(x.not_sure) AS not_sure, sum(x.low_confidence) AS low, sum(x.helpful) AS helpful, sum(x.unhelpful) AS unhelpful,
              sum(x.unhelpful_reason) AS reason, sum(x.unhelpful_skipped) AS skipped
         FROM demand_daily_documents x LEFT JOIN documents d ON d.id = x.doc_id
        WHERE ${docFilter.sql} GROUP BY x.doc_id`,
      docFilter.params,
    );
    const calendar = this.settings.calendar ?? ALWAYS_OPEN;
    const handoffFilter = () => new SqlFilter(query).instants('created_at').groups({ channel: 'channel_id', lang: 'lang', domain: 'team' });
    const handoffsP = handoffGroups(this.db, handoffFilter(), calendar, ['team', 'weekday', 'hour', 'office'], ['reply', 'resolve']);
    const crisesP = handoffGroups(this.db, handoffFilter().where("reason = 'crisis'"), calendar, ['all'], ['reply', 'claim']);
    // Parity's times to reply: every language and channel of the period, whatever the filters.
    const parityHandoffsP = handoffGroups(this.db, new SqlFilter({ from: query.from, to: query.to }).instants('created_at'), calendar, ['lang', 'channel', 'all'], ['reply']);
    // Parity compares groups: every language and channel, whatever the filters of those two.
    const groupFilter = new SqlFilter({ from: query.from, to: query.to }).days('day');
    const groupsP = this.db.query<{ dimension: 'lang' | 'channel'; grp: string; residents: Num; conversations: Num; asked: Num; answered: Num; handoffs: Num; helpful: Num; unhelpful: Num }>(
      `SELECT 'lang' AS dimension, lang AS grp, max(residents) AS residents, sum(conversations) AS conversations, sum(asked) AS asked, sum(answered) AS answered,
              sum(handoffs) AS handoffs, sum(helpful) AS helpful, sum(unhelpful) AS unhelpful
         FROM demand_daily_totals WHERE ${groupFilter.sql} GROUP BY lang
       UNION ALL
       SELECT 'channel', channel_id, max(residents), sum(conversations), sum(asked), sum(answered), sum(handoffs), sum(helpful), sum(unhelpful)
         FROM demand_daily_totals WHERE ${groupFilter.sql} GROUP BY channel_id`,
      groupFilter.params,
    );
    const choicesP = this.db.query<{ kind: string; v: string }>(
      `SELECT DISTINCT 'channel' AS kind, channel_id AS v FROM demand_daily_totals UNION SELECT DISTINCT 'lang', lang FROM demand_daily_totals
       UNION SELECT DISTINCT 'domain', domain FROM documents WHERE domain <> ''`,
    );
    const topicsP = gapTopics(this.db, query, { minResidents: min, limit: this.settings.topicLimit, closest: this.settings.closest, examples: options.examples ? 3 : 0 });

    // Independent reads: on PostgreSQL they run side by side on the pool's connections.
    const [daily, docs, handoffs, crises, parityHandoffs, groups, choices, topics] = await Promise.all([dailyP, docsP, handoffsP, crisesP, parityHandoffsP, groupsP, choicesP, topicsP]);
    // A domain's figures from its documents' (a document has one domain): sums, and residents as the most on any one day.
    const domains = { rows: [...groupBy(docs.rows, (r) => r.domain).entries()].map(([domain, list]) => ({
      domain,
      residents: Math.max(...list.map((r) => n(r.residents))),
      answered: sum(list.map((r) => n(r.answered))),
      not_sure: sum(list.map((r) => n(r.not_sure))),
      low: sum(list.map((r) => n(r.low))),
      helpful: sum(list.map((r) => n(r.helpful))),
      unhelpful: sum(list.map((r) => n(r.unhelpful))),
      reason: sum(list.map((r) => n(r.reason))),
      skipped: sum(list.map((r) => n(r.skipped))),
    })) };
    const allResidents = Math.max(0, ...daily.rows.map((r) => n(r.residents)));
    const totalsSuppressed = allResidents < min;
    const gapOf = (key: string, title: string, residents: Num, notSure: Num, low: Num, unhelpful: Num): GapCell => {
      const suppressed = n(residents) < min;
      const total = n(notSure) + n(low) + n(unhelpful);
      return { key, title, suppressed, notSure: hide(suppressed, n(notSure)), lowConfidence: hide(suppressed, n(low)), unhelpful: hide(suppressed, n(unhelpful)), total: hide(suppressed, total) };
    };
    const gapOrder = (a: GapCell, b: GapCell) => Number(a.suppressed) - Number(b.suppressed) || (b.total ?? 0) - (a.total ?? 0) || a.key.localeCompare(b.key);
    const pick = (kind: string) => choices.rows.filter((r) => r.kind === kind).map((r) => r.v).sort();
    return {
      period: { from: query.from, to: query.to },
      filters: { ...(query.channel ? { channel: query.channel } : {}), ...(query.lang ? { lang: query.lang } : {}), ...(query.domain ? { domain: query.domain } : {}) },
      generatedAt: new Date((this.settings.now ?? Date.now)()).toISOString(),
      minResidents: min,
      parityGap: this.settings.parityGap ?? PARITY_GAP,
      totals: {
        suppressed: totalsSuppressed,
        conversations: hide(totalsSuppressed, sum(daily.rows.map((r) => n(r.conversations)))),
        messages: hide(totalsSuppressed, sum(daily.rows.map((r) => n(r.messages)))),
      },
      daily: daily.rows.map((r) => {
        const suppressed = n(r.residents) < min;
        return { day: r.day, channel: r.channel_id, lang: r.lang, suppressed, conversations: hide(suppressed, n(r.conversations)), messages: hide(suppressed, n(r.messages)) };
      }),
      topDocuments: docs.rows
        .filter((r) => r.doc_id !== '' && (n(r.answered) > 0 || n(r.helpful) + n(r.unhelpful) > 0))
        .map((r) => {
          const suppressed = n(r.residents) < min;
          return { docId: r.doc_id, title: r.title ?? r.doc_id, domain: r.domain, suppressed, ...feedbackOf(r, suppressed) };
        })
        .sort((a, b) => Number(a.suppressed) - Number(b.suppressed) || (b.answered ?? 0) - (a.answered ?? 0) || a.docId.localeCompare(b.docId))
        .slice(0, 20),
      topDomains: domains.rows
        .filter((r) => r.domain !== '' && n(r.answered) > 0)
        .map((r) => {
          const suppressed = n(r.residents) < min;
          return { domain: r.domain, suppressed, ...feedbackOf(r, suppressed) };
        })
        .sort((a, b) => Number(a.suppressed) - Number(b.suppressed) || (b.answered ?? 0) - (a.answered ?? 0) || a.domain.localeCompare(b.domain)),
      gapsByDocument: docs.rows
        .map((r) => gapOf(r.doc_id, r.doc_id === '' ? '' : (r.title ?? r.doc_id), r.residents, r.not_sure, r.low, r.unhelpful))
        .filter((g) => g.suppressed || (g.total ?? 0) > 0)
        .sort(gapOrder),
      gapsByDomain: domains.rows
        .map((r) => gapOf(r.domain, r.domain, r.residents, r.not_sure, r.low, r.unhelpful))
        .filter((g) => g.suppressed || (g.total ?? 0) > 0)
        .sort(gapOrder),
      topics,
      handoffs: handoffsByTeam(handoffs, min),
      handoffTiming: handoffTiming(handoffs, min, calendar),
      crisis: crisisCell(crises, min),
      parity: parityCells(groups.rows, parityHandoffs, min, this.settings.parityGap ?? PARITY_GAP),
      choices: { channels: pick('channel'), langs: pick('lang'), domains: pick('domain') },
    };
  }
}

/** A document's or domain's answers and feedback (null when suppressed). */
function feedbackOf(r: { answered: Num; helpful: Num; unhelpful: Num; reason: Num; skipped: Num }, suppressed: boolean) {
  const v = (x: Num) => (suppressed ? null : n(x));
  return { answered: v(r.answered), helpful: v(r.helpful), unhelpful: v(r.unhelpful), unhelpfulReason: v(r.reason), unhelpfulSkipped: v(r.skipped) };
}

type GroupRow = { dimension: 'lang' | 'channel'; grp: string; residents: Num; conversations: Num; asked: Num; answered: Num; handoffs: Num; helpful: Num; unhelpful: Num };

function parityCells(rows: GroupRow[], handoffs: HandoffGroups, min: number, gap: number): ParityCell[] {
  const out: ParityCell[] = [];
  for (const dimension of ['lang', 'channel'] as const) {
    const mine = rows.filter((r) => r.dimension === dimension);
    const replies = handoffs.get(dimension) ?? new Map<string, { n: number; reply50: number | null }>();
    const all = {
      answerRate: rate(sum(mine.map((r) => n(r.answered))), sum(mine.map((r) => n(r.asked)))),
      handoffRate: rate(sum(mine.map((r) => n(r.handoffs))), sum(mine.map((r) => n(r.conversations)))),
      helpfulRate: rate(sum(mine.map((r) => n(r.helpful))), sum(mine.map((r) => n(r.helpful) + n(r.unhelpful)))),
      replyP50: handoffs.get('all')?.get('')?.reply50 ?? null,
    };
    for (const r of mine.sort((a, b) => a.grp.localeCompare(b.grp))) {
      const suppressed = n(r.residents) < min;
      const answerRate = rate(n(r.answered), n(r.asked));
      const handoffRate = rate(n(r.handoffs), n(r.conversations));
      const helpfulRate = rate(n(r.helpful), n(r.helpful) + n(r.unhelpful));
      const reply = replies.get(r.grp);
      const replyP50 = reply && reply.n >= min ? reply.reply50 : null;
      const flags: ParityFlag[] = [];
      if (!suppressed) {
        if (worse(all.answerRate, answerRate, gap)) flags.push('answer_rate');
        if (worse(handoffRate, all.handoffRate, gap)) flags.push('handoff_rate');
        if (worse(all.helpfulRate, helpfulRate, gap)) flags.push('helpful_rate');
        if (replyP50 !== null && all.replyP50 !== null && replyP50 >= all.replyP50 * PARITY_REPLY_FACTOR && replyP50 - all.replyP50 >= 60) flags.push('reply_time');
      }
      out.push({
        dimension,
        group: r.grp,
        suppressed,
        answerRate: suppressed ? null : answerRate,
        handoffRate: suppressed ? null : handoffRate,
        helpfulRate: suppressed ? null : helpfulRate,
        replyP50: suppressed ? null : replyP50,
        flags,
      });
    }
  }
  return out;
}

/** True when `low` is markedly below `high` (both known). */
function worse(high: number | null, low: number | null, gap: number): boolean {
  return high !== null && low !== null && high - low >= gap - 1e-9;
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) (out.get(key(r)) ?? out.set(key(r), []).get(key(r))!).push(r);
  return out;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;
}
