/**
 * Knowledge gaps as topics: the questions residents asked that went unanswered (declined as out of
 * scope), not-sure, answered with low confidence, or answered and then given a 👎, grouped by their
 * most widely shared content word, each with counts, distinct residents, the documents that came
 * closest and — for supervisors — a few masked examples.
 *
 * The days whose transcripts are kept are read live (gap-questions.ts): the newest
 * {@link TopicOptions.limit} gap questions of those days (bounded work on any volume; the report
 * says when there were more). The days the retention purge has cut into (up to the sealed day) come
 * from the daily archive written before each purge (topic-archive.ts): the same topics by word,
 * with their counts and closest documents, without examples. A topic found in both adds up.
 */
import type { SqlRunner } from '../storage/database';
import { closestTo, readGapQuestions, topicGroups, type ClosestDocument, type ClosestDocuments, type GapKind, type Question } from './gap-questions';
import { nextDay, readArchivedTopics, type ArchivedTopic } from './topic-archive';
import type { ReportPeriod, ReportQuery } from './report-query';

export type { ClosestDocument, ClosestDocuments, GapKind } from './gap-questions';

/** A masked example question of a topic, with the resident's 👎 reason when one was given. */
export interface TopicExample {
  lang: string;
  kind: GapKind;
  text: string;
  reason?: string;
}

/** One topic of unanswered questions. */
export interface TopicCell {
  /** The shared content word ('' for questions without one). */
  topic: string;
  suppressed: boolean;
  residents: number | null;
  questions: number | null;
  unanswered: number | null;
  notSure: number | null;
  lowConfidence: number | null;
  unhelpful: number | null;
  /** Languages the questions came in. */
  langs: string[];
  closest: ClosestDocument[];
  /** Masked examples (supervisors only; empty when suppressed, not asked for, or archived). */
  examples: TopicExample[];
}

/** How topics are read. */
export interface TopicOptions {
  /** The newest gap questions read per report (default 2000). */
  limit?: number;
  /** Topics shown (default 15). */
  top?: number;
  /** Examples per topic (default 3; 0 = none). */
  examples?: number;
  minResidents: number;
  closest?: ClosestDocuments;
}

/** Topics and what they were read from. */
export interface TopicReport {
  topics: TopicCell[];
  /** Gap questions read from the transcripts, and whether those days held more than were read. */
  questionsRead: number;
  sampled: boolean;
  /** The days of the period whose topics come from the daily archive (transcripts purged), or null. */
  archived: ReportPeriod | null;
}

/** A topic's figures before suppression: live questions, archived counts, or both. */
interface Tally {
  topic: string;
  hidden: boolean;
  residents: number;
  counts: Record<GapKind | 'questions', number>;
  langs: Set<string>;
  live: Question[];
  archivedClosest: ClosestDocument[];
}

/** Reads the period's gap questions — archived days from the archive, the others live — and groups them into topics. */
export async function gapTopics(db: SqlRunner, query: ReportQuery, options: TopicOptions): Promise<TopicReport> {
  const sealed = await sealedDay(db);
  const archived = sealed !== null && query.from <= sealed ? { from: query.from, to: query.to < sealed ? query.to : sealed } : null;
  const liveFrom = archived ? nextDay(archived.to) : query.from;
  const [live, old] = await Promise.all([
    liveFrom <= query.to ? readGapQuestions(db, { ...query, from: liveFrom }, options.limit ?? 2000) : Promise.resolve({ rows: [], sampled: false }),
    archived ? readArchivedTopics(db, query, archived.to) : Promise.resolve([]),
  ]);
  const tallies = new Map<string, Tally>();
  for (const [topic, list] of topicGroups(live.rows)) tallies.set(`t:${topic}`, liveTally(topic, list));
  for (const a of old) merge(tallies, a);
  const cells = [...tallies.values()].map((t) => ({ cell: cell(t, options.minResidents), tally: t }));
  cells.sort(
    (a, b) =>
      Number(a.cell.suppressed) - Number(b.cell.suppressed) || Number(a.cell.topic === '') - Number(b.cell.topic === '') || (b.cell.questions ?? 0) - (a.cell.questions ?? 0) || a.cell.topic.localeCompare(b.cell.topic),
  );
  const shown = cells.slice(0, options.top ?? 15);
  for (const { cell: c, tally } of shown) {
    if (c.suppressed) continue;
    const found = tally.live.length > 0 ? await closestTo(tally.live, options.closest) : [];
    c.closest = found.length > 0 ? found : tally.archivedClosest;
    if ((options.examples ?? 3) > 0) c.examples = examples(tally.live, options.examples ?? 3);
  }
  return { topics: shown.map((s) => s.cell), questionsRead: live.rows.length, sampled: live.sampled, archived };
}

function liveTally(topic: string, list: Question[]): Tally {
  const count = (kind: GapKind) => list.filter((q) => q.row.kind === kind).length;
  return {
    topic,
    hidden: false,
    residents: new Set(list.map((q) => q.row.resident_key)).size,
    counts: { questions: list.length, unanswered: count('unanswered'), notSure: count('notSure'), lowConfidence: count('lowConfidence'), unhelpful: count('unhelpful') },
    langs: new Set(list.map((q) => q.row.lang)),
    live: list,
    archivedClosest: [],
  };
}

/** Adds an archived topic to the live one of the same word (residents: the larger, a lower bound). */
function merge(tallies: Map<string, Tally>, a: ArchivedTopic): void {
  const key = `${a.hidden ? 'h' : 't'}:${a.topic}`;
  const t = tallies.get(key) ?? { topic: a.topic, hidden: a.hidden, residents: 0, counts: { questions: 0, unanswered: 0, notSure: 0, lowConfidence: 0, unhelpful: 0 }, langs: new Set<string>(), live: [], archivedClosest: [] };
  t.residents = Math.max(t.residents, a.residents);
  t.counts.questions += a.questions;
  t.counts.unanswered += a.unanswered;
  t.counts.notSure += a.notSure;
  t.counts.lowConfidence += a.lowConfidence;
  t.counts.unhelpful += a.unhelpful;
  for (const lang of a.langs) t.langs.add(lang);
  t.archivedClosest = a.closest;
  tallies.set(key, t);
}

function cell(t: Tally, minResidents: number): TopicCell {
  const suppressed = t.hidden || t.residents < minResidents;
  const v = (n: number) => (suppressed ? null : n);
  return {
    topic: suppressed ? '' : t.topic,
    suppressed,
    residents: v(t.residents),
    questions: v(t.counts.questions),
    unanswered: v(t.counts.unanswered),
    notSure: v(t.counts.notSure),
    lowConfidence: v(t.counts.lowConfidence),
    unhelpful: v(t.counts.unhelpful),
    langs: suppressed ? [] : [...t.langs].sort(),
    closest: [],
    examples: [],
  };
}

async function sealedDay(db: SqlRunner): Promise<string | null> {
  const { rows } = await db.query<{ day: string | null }>("SELECT to_char(sealed_day, 'YYYY-MM-DD') AS day FROM demand_rollup_state WHERE id = 1");
  return rows[0]?.day ?? null;
}

function examples(list: Question[], max: number): TopicExample[] {
  const seen = new Set<string>();
  const out: TopicExample[] = [];
  for (const q of list) {
    const text = (q.row.text ?? '').trim();
    if (!text || seen.has(text)) continue;
    seen.add(text);
    out.push({ lang: q.row.lang, kind: q.row.kind, text: clip(text), ...(q.row.reason ? { reason: clip(q.row.reason) } : {}) });
    if (out.length >= max) break;
  }
  return out;
}

function clip(text: string): string {
  const chars = [...text];
  return chars.length > 200 ? `${chars.slice(0, 199).join('')}…` : text;
}
