/**
 * Knowledge gaps as topics: the questions residents asked that went unanswered (declined as out of
 * scope), not-sure, answered with low confidence, or answered and then given a 👎, grouped by their
 * most widely shared content word, each with counts, distinct residents, the documents that came
 * closest and — for supervisors — a few masked examples.
 *
 * The question text is read from the (masked) transcript through the turn's activity id, so
 * nothing derived from message text is stored in the demand tables and topics exist only while the
 * transcripts do (RETENTION_DAYS); the counts by document and domain in the roll-ups outlive them.
 * The newest {@link TopicOptions.limit} gap questions of the period are read (bounded work on any
 * volume); the report says when a period had more.
 */
import type { SqlRunner } from '../storage/database';
import { isLang, type Lang } from '../locales/lang';
import { SqlFilter, type ReportQuery } from './report-query';
import { topicTerms } from './topic-terms';

/** Why a question counts as a gap. */
export type GapKind = 'unanswered' | 'notSure' | 'lowConfidence' | 'unhelpful';

/** A document close to a topic. */
export interface ClosestDocument {
  docId: string;
  title: string;
}

/** Finds the documents closest to a question (the knowledge base's retrieval). */
export type ClosestDocuments = (text: string, lang: Lang) => Promise<ClosestDocument[]>;

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
  /** Masked examples (supervisors only; empty when suppressed or not asked for). */
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
  /** Gap questions read, and whether the period held more than were read. */
  questionsRead: number;
  sampled: boolean;
}

interface GapRow {
  id: string;
  lang: string;
  resident_key: string;
  doc_id: string;
  title: string | null;
  kind: GapKind;
  text: string | null;
  reason: string;
}

const GAP_KIND = `CASE WHEN e.route = 'out_of_scope' THEN 'unanswered' WHEN e.answer_status = 'not_sure' THEN 'notSure' ELSE 'lowConfidence' END`;

/** Reads the period's gap questions and groups them into topics. */
export async function gapTopics(db: SqlRunner, query: ReportQuery, options: TopicOptions): Promise<TopicReport> {
  const limit = options.limit ?? 2000;
  const events = new SqlFilter(query)
    .instants('e.created_at')
    .groups({ channel: 'e.channel_id', lang: 'e.lang', domain: query.domain ? '(SELECT d.domain FROM documents d WHERE d.id = e.doc_id)' : null })
    .where(`e.answer_status = 'not_sure' OR (e.answer_status = 'answered' AND e.confidence_band = 'low') OR e.route = 'out_of_scope'`);
  const lim = events.param(limit + 1);
  const presses = new SqlFilter(query)
    .instants('f.created_at')
    .groups({ channel: 'f.channel_id', lang: 'f.lang', domain: query.domain ? '(SELECT d.domain FROM documents d WHERE d.id = f.doc_ids[1])' : null })
    .where('NOT f.helpful');
  const offset = events.params.length;
  const pressWhere = presses.sql.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + offset}`);
  const { rows } = await db.query<GapRow>(
    `WITH gaps AS (
       (SELECT e.id::text AS id, e.lang, e.resident_key, e.doc_id, e.channel_id, e.conversation_id, e.activity_id, e.created_at, ${GAP_KIND} AS kind, '' AS reason
          FROM demand_events e WHERE ${events.sql} ORDER BY e.created_at DESC LIMIT ${lim})
       UNION ALL
       (SELECT 'f' || f.id, f.lang, f.resident_key, coalesce(f.doc_ids[1], ''), f.channel_id, f.conversation_id, e.activity_id, coalesce(e.created_at, f.created_at), 'unhelpful', f.reason
          FROM (SELECT * FROM demand_feedback f WHERE ${pressWhere} ORDER BY f.created_at DESC LIMIT ${lim}) f
          LEFT JOIN demand_events e ON e.id = f.event_id)
     )
     SELECT g.id, g.lang, g.resident_key, g.doc_id, d.title, g.kind, g.reason, q.text
       FROM gaps g
       LEFT JOIN documents d ON d.id = g.doc_id
       LEFT JOIN LATERAL (
         SELECT t.text FROM transcript t
          WHERE t.channel_id = g.channel_id AND t.conversation_id = g.conversation_id AND t.direction = 'in' AND t.author = 'resident'
            AND (CASE WHEN g.activity_id IS NOT NULL THEN t.activity_id = g.activity_id
                      -- A press without its answer's event: its question cannot be told from the press itself.
                      ELSE g.kind <> 'unhelpful' AND t.created_at <= g.created_at + interval '1 minute' END)
          ORDER BY t.id DESC LIMIT 1) q ON true
      ORDER BY g.created_at DESC`,
    [...events.params, ...presses.params],
  );
  // Each source was read one row past the limit, to tell whether the period held more.
  const asked = rows.filter((r) => r.kind !== 'unhelpful');
  const pressed = rows.filter((r) => r.kind === 'unhelpful');
  const sampled = asked.length > limit || pressed.length > limit;
  const read = [...asked.slice(0, limit), ...pressed.slice(0, limit)];
  return { topics: await group(read, options), questionsRead: read.length, sampled };
}

interface Question {
  row: GapRow;
  terms: string[];
}

async function group(rows: GapRow[], options: TopicOptions): Promise<TopicCell[]> {
  const questions: Question[] = rows.map((row) => ({ row, terms: row.text && isLang(row.lang) ? topicTerms(row.text, row.lang) : [] }));
  // A term's weight: how many residents used it in a gap question.
  const residentsByTerm = new Map<string, Set<string>>();
  for (const q of questions) for (const term of q.terms) (residentsByTerm.get(term) ?? residentsByTerm.set(term, new Set()).get(term)!).add(q.row.resident_key);
  const weight = (term: string) => residentsByTerm.get(term)?.size ?? 0;
  const byTopic = new Map<string, Question[]>();
  for (const q of questions) {
    const best = [...q.terms].sort((a, b) => weight(b) - weight(a) || [...b].length - [...a].length || a.localeCompare(b))[0] ?? '';
    (byTopic.get(best) ?? byTopic.set(best, []).get(best)!).push(q);
  }
  const cells = [...byTopic.entries()].map(([topic, list]) => cell(topic, list, options));
  cells.sort((a, b) => Number(a.suppressed) - Number(b.suppressed) || Number(a.topic === '') - Number(b.topic === '') || (b.questions ?? 0) - (a.questions ?? 0) || a.topic.localeCompare(b.topic));
  const shown = cells.slice(0, options.top ?? 15);
  for (const c of shown) {
    if (c.suppressed) continue;
    const list = byTopic.get(c.topic) ?? [];
    c.closest = await closestTo(list, options.closest);
    if ((options.examples ?? 3) > 0) c.examples = examples(list, options.examples ?? 3);
  }
  return shown;
}

function cell(topic: string, list: Question[], options: TopicOptions): TopicCell {
  const residents = new Set(list.map((q) => q.row.resident_key)).size;
  const suppressed = residents < options.minResidents;
  const count = (kind: GapKind) => (suppressed ? null : list.filter((q) => q.row.kind === kind).length);
  return {
    topic: suppressed ? '' : topic,
    suppressed,
    residents: suppressed ? null : residents,
    questions: suppressed ? null : list.length,
    unanswered: count('unanswered'),
    notSure: count('notSure'),
    lowConfidence: count('lowConfidence'),
    unhelpful: count('unhelpful'),
    langs: suppressed ? [] : [...new Set(list.map((q) => q.row.lang))].sort(),
    closest: [],
    examples: [],
  };
}

/** The documents the answers cited, then those retrieval finds for the first question (up to three). */
async function closestTo(list: Question[], closest?: ClosestDocuments): Promise<ClosestDocument[]> {
  const cited = new Map<string, { title: string; n: number }>();
  for (const q of list) if (q.row.doc_id) cited.set(q.row.doc_id, { title: q.row.title ?? q.row.doc_id, n: (cited.get(q.row.doc_id)?.n ?? 0) + 1 });
  const out: ClosestDocument[] = [...cited.entries()].sort((a, b) => b[1].n - a[1].n).map(([docId, v]) => ({ docId, title: v.title }));
  const probe = list.find((q) => q.row.text && isLang(q.row.lang));
  if (closest && probe && out.length < 3) {
    try {
      for (const d of await closest(probe.row.text!, probe.row.lang as Lang)) if (!out.some((o) => o.docId === d.docId)) out.push(d);
    } catch {
      // Retrieval is a courtesy here: the topic stands without it.
    }
  }
  return out.slice(0, 3);
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
