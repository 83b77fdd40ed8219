/**
 * Knowledge-gap topics beyond RETENTION_DAYS. Topics are read from the masked transcripts, which
 * the retention purge deletes; so before it does, the days it is about to cut into are archived in
 * `demand_daily_topics`: per UTC day, the day's topics (grouped as the live topics group a period,
 * over that day's gap questions) with their counts by kind, their residents and the documents that
 * came closest — per channel, language and domain, and for the day as a whole. No message text:
 * a topic's label is its shared content word (from masked text), and only for a topic at least
 * {@link MIN_RESIDENTS} residents shared that day; smaller topics are pooled without a label. No
 * examples (they go with the transcript). Then `gap-topics.ts` reads the archive for the sealed
 * days of a period and the transcripts for the rest.
 */
import type { SqlRunner } from '../storage/database';
import { MIN_RESIDENTS } from './ports';
import { closestTo, readGapQuestions, topicGroups, type ClosestDocument, type ClosestDocuments, type GapKind, type Question } from './gap-questions';
import { SqlFilter, type ReportQuery } from './report-query';

/** How days are archived. */
export interface TopicArchiveOptions {
  /** The knowledge base's retrieval, for the documents closest to a topic no answer cited. */
  closest?: ClosestDocuments;
  /** Gap questions read per day (and as many 👎; default 20,000). */
  limit?: number;
}

/** A topic as the archive holds it over several days. */
export interface ArchivedTopic {
  /** The shared word ('' for questions without one, or for the pooled small topics). */
  topic: string;
  /** Small topics, pooled without a label: never shown. */
  hidden: boolean;
  /** The most residents the topic had on one day (in one cell, when filtered): a lower bound. */
  residents: number;
  questions: number;
  unanswered: number;
  notSure: number;
  lowConfidence: number;
  unhelpful: number;
  langs: string[];
  closest: ClosestDocument[];
}

const DAY_LIMIT = 20_000;
const DAY_MS = 86_400_000;
/** The whole day's row of a topic (every channel, language and domain): its residents are counted exactly. */
const ALL = '*';

interface TopicRow {
  topic: string;
  hidden: boolean;
  channel: string;
  lang: string;
  domain: string;
  residents: number;
  counts: Record<'questions' | GapKind, number>;
  closest: string[];
}

/**
 * Archives the topics of every day from `fromDay` (null: the first day with demand events) through
 * `throughDay`, replacing what an earlier run wrote for them. Returns the rows written.
 */
export async function archiveTopicDays(db: SqlRunner, fromDay: string | null, throughDay: string, options: TopicArchiveOptions = {}): Promise<number> {
  const first = fromDay ?? (await firstDay(db));
  if (first === null) return 0;
  let written = 0;
  for (let day = first; day <= throughDay; day = nextDay(day)) written += await archiveDay(db, day, options);
  return written;
}

/** The day after a YYYY-MM-DD day. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

async function firstDay(db: SqlRunner): Promise<string | null> {
  const { rows } = await db.query<{ day: string | null }>(
    `SELECT to_char((least((SELECT min(created_at) FROM demand_events), (SELECT min(created_at) FROM demand_feedback)) AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day`,
  );
  return rows[0]?.day ?? null;
}

async function archiveDay(db: SqlRunner, day: string, options: TopicArchiveOptions): Promise<number> {
  await db.query('DELETE FROM demand_daily_topics WHERE day = $1::date', [day]);
  const { rows } = await readGapQuestions(db, { from: day, to: day }, options.limit ?? DAY_LIMIT);
  if (rows.length === 0) return 0;
  const out: TopicRow[] = [];
  const small: Question[] = [];
  for (const [topic, list] of topicGroups(rows)) {
    if (residentsOf(list) < MIN_RESIDENTS) {
      small.push(...list);
      continue;
    }
    const closest = (await closestTo(list, options.closest)).map((d) => d.docId);
    out.push(...topicRows(topic, false, list, closest));
  }
  if (small.length > 0) out.push(...topicRows('', true, small, []));
  for (let i = 0; i < out.length; i += 200) await insert(db, day, out.slice(i, i + 200));
  return out.length;
}

/** The whole day's row of a topic, then one per channel, language and domain. */
function topicRows(topic: string, hidden: boolean, list: Question[], closest: string[]): TopicRow[] {
  const cells = new Map<string, Question[]>();
  for (const q of list) {
    const key = JSON.stringify([q.row.channel_id, q.row.lang, q.row.domain ?? '']);
    (cells.get(key) ?? cells.set(key, []).get(key)!).push(q);
  }
  const row = (channel: string, lang: string, domain: string, qs: Question[], docs: string[]): TopicRow => ({
    topic,
    hidden,
    channel,
    lang,
    domain,
    residents: residentsOf(qs),
    counts: {
      questions: qs.length,
      unanswered: qs.filter((q) => q.row.kind === 'unanswered').length,
      notSure: qs.filter((q) => q.row.kind === 'notSure').length,
      lowConfidence: qs.filter((q) => q.row.kind === 'lowConfidence').length,
      unhelpful: qs.filter((q) => q.row.kind === 'unhelpful').length,
    },
    closest: docs,
  });
  return [
    row(ALL, ALL, ALL, list, closest),
    ...[...cells.entries()].map(([key, qs]) => {
      const [channel, lang, domain] = JSON.parse(key) as [string, string, string];
      return row(channel, lang, domain, qs, []);
    }),
  ];
}

function residentsOf(list: Question[]): number {
  return new Set(list.map((q) => q.row.resident_key)).size;
}

async function insert(db: SqlRunner, day: string, rows: TopicRow[]): Promise<void> {
  const params: unknown[] = [day];
  const values = rows.map((r) => {
    const at = params.length;
    params.push(r.topic, r.hidden, r.channel, r.lang, r.domain, r.residents, r.counts.questions, r.counts.unanswered, r.counts.notSure, r.counts.lowConfidence, r.counts.unhelpful, r.closest);
    return `($1::date, ${Array.from({ length: 12 }, (_v, i) => `$${at + i + 1}`).join(', ')})`;
  });
  await db.query(
    `INSERT INTO demand_daily_topics (day, topic, hidden, channel_id, lang, domain, residents, questions, unanswered, not_sure, low_confidence, unhelpful, closest)
     VALUES ${values.join(', ')}`,
    params,
  );
}

type Num = number | string;

/**
 * The archived topics of the period's days up to and including `throughDay`, narrowed by the
 * query's filters. Residents: the most on one day — for a filtered view, in one cell (channel,
 * language and domain) of a day — so never more than there were.
 */
export async function readArchivedTopics(db: SqlRunner, query: ReportQuery, throughDay: string): Promise<ArchivedTopic[]> {
  const to = query.to < throughDay ? query.to : throughDay;
  if (query.from > to) return [];
  const period = { ...query, to };
  const filtered = Boolean(query.channel || query.lang || query.domain);
  const cells = new SqlFilter(period).days('day').groups({ channel: 'channel_id', lang: 'lang', domain: 'domain' }).where(`channel_id <> '${ALL}'`);
  const whole = new SqlFilter(period).days('day').where(`channel_id = '${ALL}'`);
  const [cellRows, wholeRows] = await Promise.all([
    db.query<{ topic: string; hidden: boolean; lang: string; residents: Num; questions: Num; unanswered: Num; not_sure: Num; low_confidence: Num; unhelpful: Num }>(
      `SELECT topic, hidden, lang, max(residents) AS residents, sum(questions) AS questions, sum(unanswered) AS unanswered, sum(not_sure) AS not_sure,
              sum(low_confidence) AS low_confidence, sum(unhelpful) AS unhelpful
         FROM demand_daily_topics WHERE ${cells.sql} GROUP BY topic, hidden, lang`,
      cells.params,
    ),
    db.query<{ topic: string; hidden: boolean; residents: Num; questions: Num; closest: string[] }>(
      `SELECT topic, hidden, residents, questions, closest FROM demand_daily_topics WHERE ${whole.sql} ORDER BY questions DESC, day DESC`,
      whole.params,
    ),
  ]);
  const key = (r: { topic: string; hidden: boolean }) => `${r.hidden ? 'h' : 't'}:${r.topic}`;
  const topics = new Map<string, ArchivedTopic>();
  for (const r of cellRows.rows) {
    const t = topics.get(key(r)) ?? { topic: r.topic, hidden: r.hidden, residents: 0, questions: 0, unanswered: 0, notSure: 0, lowConfidence: 0, unhelpful: 0, langs: [], closest: [] };
    t.residents = Math.max(t.residents, filtered ? Number(r.residents) : 0);
    t.questions += Number(r.questions);
    t.unanswered += Number(r.unanswered);
    t.notSure += Number(r.not_sure);
    t.lowConfidence += Number(r.low_confidence);
    t.unhelpful += Number(r.unhelpful);
    if (!t.langs.includes(r.lang)) t.langs.push(r.lang);
    topics.set(key(r), t);
  }
  // The closest documents: those named on the most days (the busiest day's first); residents of a whole day, unfiltered.
  const docs = new Map<string, Map<string, number>>();
  for (const r of wholeRows.rows) {
    const t = topics.get(key(r));
    if (!t) continue;
    if (!filtered) t.residents = Math.max(t.residents, Number(r.residents));
    const named = docs.get(key(r)) ?? docs.set(key(r), new Map()).get(key(r))!;
    for (const id of r.closest) named.set(id, (named.get(id) ?? 0) + 1);
  }
  const ids = [...new Set([...docs.values()].flatMap((m) => [...m.keys()]))];
  const titles = new Map(
    ids.length === 0 ? [] : (await db.query<{ id: string; title: string }>('SELECT id, title FROM documents WHERE id = ANY($1::text[])', [ids])).rows.map((d) => [d.id, d.title] as const),
  );
  for (const [k, named] of docs) {
    const t = topics.get(k)!;
    // A stable sort keeps the busiest day's order among documents named as often.
    t.closest = [...named.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([docId]) => ({ docId, title: titles.get(docId) ?? docId }));
  }
  for (const t of topics.values()) t.langs.sort();
  return [...topics.values()];
}
