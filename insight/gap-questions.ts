/**
 * The knowledge-gap questions of a period and how they fall into topics: the questions residents
 * asked that were declined as out of scope, answered "not sure", answered with low confidence, or
 * answered and then given a 👎, read from the (masked) transcript through each turn's activity id,
 * and grouped by their most widely shared content word. Shared by the live topics (gap-topics.ts)
 * and the daily archive that outlives the transcripts (topic-archive.ts).
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

/** One gap question: who asked (pseudonymous key), where, why it is a gap, and its masked text while the transcript is kept. */
export interface GapRow {
  id: string;
  channel_id: string;
  lang: string;
  resident_key: string;
  doc_id: string;
  title: string | null;
  /** The domain of the document the answer cited ('' for none). */
  domain: string | null;
  kind: GapKind;
  text: string | null;
  reason: string;
}

/** A gap question with its content words. */
export interface Question {
  row: GapRow;
  terms: string[];
}

const GAP_KIND = `CASE WHEN e.route = 'out_of_scope' THEN 'unanswered' WHEN e.answer_status = 'not_sure' THEN 'notSure' ELSE 'lowConfidence' END`;

/**
 * Reads the period's newest `limit` gap questions (and as many 👎), newest first; `sampled` when
 * the period held more than were read.
 */
export async function readGapQuestions(db: SqlRunner, query: ReportQuery, limit: number): Promise<{ rows: GapRow[]; sampled: boolean }> {
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
     SELECT g.id, g.channel_id, g.lang, g.resident_key, g.doc_id, d.title, d.domain, g.kind, g.reason, q.text
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
  return { rows: [...asked.slice(0, limit), ...pressed.slice(0, limit)], sampled: asked.length > limit || pressed.length > limit };
}

/**
 * Groups questions by their heaviest content word — the one the most residents used in a gap
 * question of the same set ('' for questions without one); ties go to the longer, then the
 * alphabetically first word. Each topic keeps its questions in the order given.
 */
export function topicGroups(rows: GapRow[]): Map<string, Question[]> {
  const questions: Question[] = rows.map((row) => ({ row, terms: row.text && isLang(row.lang) ? topicTerms(row.text, row.lang) : [] }));
  const residentsByTerm = new Map<string, Set<string>>();
  for (const q of questions) for (const term of q.terms) (residentsByTerm.get(term) ?? residentsByTerm.set(term, new Set()).get(term)!).add(q.row.resident_key);
  const weight = (term: string) => residentsByTerm.get(term)?.size ?? 0;
  const byTopic = new Map<string, Question[]>();
  for (const q of questions) {
    const best = [...q.terms].sort((a, b) => weight(b) - weight(a) || [...b].length - [...a].length || a.localeCompare(b))[0] ?? '';
    (byTopic.get(best) ?? byTopic.set(best, []).get(best)!).push(q);
  }
  return byTopic;
}

/** The documents the answers cited, then those retrieval finds for the first question (up to three). */
export async function closestTo(list: Question[], closest?: ClosestDocuments): Promise<ClosestDocument[]> {
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
