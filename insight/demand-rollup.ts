/**
 * Rolls the demand events, feedback and hand-offs up into tables that hold counts and timings only
 * (`demand_daily_totals`, `demand_daily_documents`, `demand_handoffs`). Those tables are never
 * purged, so the trend outlives RETENTION_DAYS. A full roll-up recomputes every day after the
 * sealed one; a refresh only the days after the last complete roll-up (today, in
 * the normal case) — both idempotent. `beforePurge` rolls up, archives the knowledge-gap topics of
 * the days the purge is about to cut into (topic-archive.ts: the topics are read from the
 * transcripts it deletes) and then seals those days, so a partly purged day is never recomputed
 * from what is left of it.
 */
import type { Database, SqlRunner } from '../storage/database';
import { archiveTopicDays, nextDay, type TopicArchiveOptions } from './topic-archive';

/** Days are UTC calendar days. */
const DAY = `(created_at AT TIME ZONE 'UTC')::date`;
/**
 * Rows after the kept day ($1). Two statements rather than `$1 IS NULL OR …`: a generic plan of
 * that form cannot use the index on created_at, and the refresh of two days would read every row.
 */
const AFTER_SEALED = `created_at >= (($1::date + 1)::timestamp AT TIME ZONE 'UTC')`;
const unbounded = (sql: string) => sql.replaceAll(AFTER_SEALED, 'true');

const TOTALS = `
INSERT INTO demand_daily_totals (day, channel_id, lang, conversations, residents, messages, asked, answered, not_sure, out_of_scope, handoffs, crises, helpful, unhelpful,
                                 unhelpful_reason, unhelpful_skipped)
SELECT day, channel_id, lang, count(DISTINCT conversation_id), count(DISTINCT resident_key), sum(messages), sum(asked), sum(answered), sum(not_sure),
       sum(out_of_scope), sum(handoffs), sum(crises), sum(helpful), sum(unhelpful), sum(unhelpful_reason), sum(unhelpful_skipped)
  FROM (
    SELECT ${DAY} AS day, channel_id, lang, conversation_id, resident_key, 1 AS messages,
           (answer_status <> '')::int AS asked, (route = 'answer' AND answer_status = 'answered')::int AS answered,
           (answer_status = 'not_sure')::int AS not_sure, (route = 'out_of_scope')::int AS out_of_scope,
           (route = 'handoff' AND escalated)::int AS handoffs, (route = 'crisis')::int AS crises, 0 AS helpful, 0 AS unhelpful,
           0 AS unhelpful_reason, 0 AS unhelpful_skipped
      FROM demand_events WHERE ${AFTER_SEALED}
    UNION ALL
    -- A press of 👍 / 👎 is a message too, and so is what followed a 👎: a reason or a press of "Skip".
    SELECT ${DAY}, channel_id, lang, conversation_id, resident_key, 1 + (reason <> '' OR skipped)::int, 0, 0, 0, 0, 0, 0, helpful::int, (NOT helpful)::int,
           (NOT helpful AND reason <> '')::int, (NOT helpful AND skipped)::int
      FROM demand_feedback WHERE ${AFTER_SEALED}
  ) x
 GROUP BY day, channel_id, lang`;

const DOCUMENTS = `
INSERT INTO demand_daily_documents (day, channel_id, lang, doc_id, domain, section, residents, answered, not_sure, low_confidence, helpful, unhelpful,
                                    unhelpful_reason, unhelpful_skipped)
SELECT x.day, x.channel_id, x.lang, x.doc_id, coalesce(max(d.domain), ''), x.section, count(DISTINCT x.resident_key),
       sum(x.answered), sum(x.not_sure), sum(x.low), sum(x.helpful), sum(x.unhelpful), sum(x.unhelpful_reason), sum(x.unhelpful_skipped)
  FROM (
    SELECT ${DAY} AS day, channel_id, lang, doc_id, section, resident_key,
           (route = 'answer' AND answer_status = 'answered')::int AS answered, (answer_status = 'not_sure')::int AS not_sure,
           (answer_status = 'answered' AND confidence_band = 'low')::int AS low, 0 AS helpful, 0 AS unhelpful, 0 AS unhelpful_reason, 0 AS unhelpful_skipped
      FROM demand_events WHERE answer_status <> '' AND ${AFTER_SEALED}
    UNION ALL
    SELECT ${DAY}, channel_id, lang, coalesce(doc_ids[1], ''), section, resident_key, 0, 0, 0, helpful::int, (NOT helpful)::int,
           (NOT helpful AND reason <> '')::int, (NOT helpful AND skipped)::int
      FROM demand_feedback WHERE ${AFTER_SEALED}
  ) x
  LEFT JOIN documents d ON d.id = x.doc_id
 GROUP BY x.day, x.channel_id, x.lang, x.doc_id, x.section`;

/**
 * One row per hand-off still stored: timings from its lifecycle (claimed, first officer reply to
 * the resident, resolved) and its team — `crisis` for a crisis, else the domain of the document
 * the conversation last asked about before the hand-off, else `general`. The team is decided once.
 */
const HANDOFFS = `
INSERT INTO demand_handoffs (handoff_id, created_at, channel_id, lang, reason, priority, team, status, claimed_seconds, first_reply_seconds, resolved_seconds)
SELECT h.id, h.created_at, h.channel_id, h.lang, h.reason, h.priority,
       CASE WHEN h.reason = 'crisis' THEN 'crisis' ELSE coalesce((
         SELECT d.domain FROM demand_events e JOIN documents d ON d.id = e.doc_id
          WHERE e.channel_id = h.channel_id AND e.conversation_id = h.conversation_id AND e.doc_id <> '' AND e.created_at <= h.created_at
          ORDER BY e.id DESC LIMIT 1), 'general') END,
       h.status,
       floor(extract(epoch FROM h.assigned_at - h.created_at))::int,
       (SELECT floor(extract(epoch FROM min(m.created_at) - h.created_at))::int FROM handoff_messages m
         WHERE m.handoff_id = h.id AND m.author = 'officer' AND NOT m.internal),
       CASE WHEN h.status = 'resolved' THEN floor(extract(epoch FROM h.resolved_at - h.created_at))::int END
  FROM handoffs h
 -- A resolved or cancelled hand-off's figures are final: it is not read again.
 WHERE NOT EXISTS (SELECT 1 FROM demand_handoffs d WHERE d.handoff_id = h.id AND d.status IN ('resolved', 'cancelled'))
ON CONFLICT (handoff_id) DO UPDATE SET
  status = EXCLUDED.status,
  claimed_seconds = coalesce(demand_handoffs.claimed_seconds, EXCLUDED.claimed_seconds),
  first_reply_seconds = coalesce(demand_handoffs.first_reply_seconds, EXCLUDED.first_reply_seconds),
  resolved_seconds = coalesce(EXCLUDED.resolved_seconds, demand_handoffs.resolved_seconds)`;

/** What one roll-up did. */
export interface RollupReport {
  /** Days at or before this one are final (null: none yet). */
  sealedDay: string | null;
  totalsRows: number;
  documentRows: number;
  handoffRows: number;
  /** Rows of archived topics written (before a purge). */
  topicRows?: number;
}

/** Builds and seals the daily roll-ups. */
export class DemandRollup {
  constructor(
    private readonly db: Database,
    /** How the topics of the days about to be purged are archived (the closest documents by retrieval). */
    private readonly topics: TopicArchiveOptions = {},
  ) {}

  /** Recomputes the roll-ups of every day after the sealed one (`madoguchi report`; tests). */
  async rollup(now: Date = new Date()): Promise<RollupReport> {
    return this.db.transaction((tx) => this.run(tx, undefined, now));
  }

  /**
   * Recomputes the days after the last complete roll-up — normally today (UTC), yesterday too just
   * after midnight, more after the server was down — and the hand-offs still open or changed: cheap on any volume, so
   * the hourly job and the console run it. Older days are final: turns are recorded as they
   * happen, and a press counts on its own day.
   */
  async refresh(now: Date = new Date()): Promise<RollupReport> {
    return this.db.transaction(async (tx) => this.run(tx, await incrementalFrom(tx, now), now));
  }

  /**
   * Rolls up, archives the topics of the days not yet sealed up to the one that holds `cutoff`,
   * then seals them (the purge deletes rows before the cutoff, so that day's events and transcript
   * will be incomplete). Give it to the retention purger as its hook.
   */
  async beforePurge(cutoff: Date, now: Date = new Date()): Promise<RollupReport> {
    return this.db.transaction(async (tx) => {
      const report = await this.run(tx, await incrementalFrom(tx, now), now);
      const day = cutoff.toISOString().slice(0, 10);
      const sealed = report.sealedDay;
      const topicRows = sealed !== null && sealed >= day ? 0 : await archiveTopicDays(tx, sealed === null ? null : nextDay(sealed), day, this.topics);
      await tx.query('UPDATE demand_rollup_state SET sealed_day = greatest(coalesce(sealed_day, $1::date), $1::date) WHERE id = 1', [day]);
      return { ...report, sealedDay: await sealedDay(tx), topicRows };
    });
  }

  /** Recomputes every day after the sealed one, or after `keepThrough` when that is later. */
  private async run(tx: SqlRunner, keepThrough: string | undefined, now: Date): Promise<RollupReport> {
    // Serialises concurrent roll-ups (several instances, the purge and the report command).
    await tx.query('SELECT sealed_day FROM demand_rollup_state WHERE id = 1 FOR UPDATE');
    const sealed = await sealedDay(tx);
    const kept = sealed !== null && keepThrough !== undefined ? (sealed > keepThrough ? sealed : keepThrough) : (sealed ?? keepThrough ?? null);
    if (kept === null) {
      await tx.query('DELETE FROM demand_daily_totals');
      await tx.query('DELETE FROM demand_daily_documents');
    } else {
      await tx.query('DELETE FROM demand_daily_totals WHERE day > $1::date', [kept]);
      await tx.query('DELETE FROM demand_daily_documents WHERE day > $1::date', [kept]);
    }
    const totals = kept === null ? await tx.query(unbounded(TOTALS)) : await tx.query(TOTALS, [kept]);
    const documents = kept === null ? await tx.query(unbounded(DOCUMENTS)) : await tx.query(DOCUMENTS, [kept]);
    // A refresh reads only the hand-offs still open or changed since the kept day (a reply makes one
    // active; resolving stamps updated_at); the full roll-up reads every one not yet final.
    const handoffs =
      keepThrough === undefined
        ? await tx.query(HANDOFFS)
        : await tx.query(HANDOFFS.replace(/^ WHERE NOT EXISTS/m, " WHERE (h.status IN ('queued', 'assigned', 'active') OR h.updated_at >= (($1::date + 1)::timestamp AT TIME ZONE 'UTC')) AND NOT EXISTS"), [keepThrough]);
    // Every day before today is now complete (yesterday's too, ten minutes past midnight).
    await tx.query('UPDATE demand_rollup_state SET rolled_through = $1::date WHERE id = 1', [lastCompleteDay(now)]);
    return { sealedDay: sealed, totalsRows: totals.affectedRows, documentRows: documents.affectedRows, handoffRows: handoffs.affectedRows };
  }
}

/**
 * The last day no new turn can reach: yesterday, from ten minutes past midnight (UTC) on — a turn
 * that began before midnight may still be written a little after it.
 */
export function lastCompleteDay(now: Date): string {
  return new Date(now.getTime() - LATE_WRITES_MS - 86_400_000).toISOString().slice(0, 10);
}
const LATE_WRITES_MS = 10 * 60 * 1000;

/** The day after which an incremental roll-up recomputes: the last complete one, at most {@link lastCompleteDay} (undefined: never rolled up, so all). */
async function incrementalFrom(tx: SqlRunner, now: Date): Promise<string | undefined> {
  const { rows } = await tx.query<{ day: string | null }>("SELECT to_char(rolled_through, 'YYYY-MM-DD') AS day FROM demand_rollup_state WHERE id = 1");
  const through = rows[0]?.day ?? null;
  if (through === null) return undefined;
  const floor = lastCompleteDay(now);
  return through < floor ? through : floor;
}

async function sealedDay(db: SqlRunner): Promise<string | null> {
  const { rows } = await db.query<{ day: string | null }>("SELECT to_char(sealed_day, 'YYYY-MM-DD') AS day FROM demand_rollup_state WHERE id = 1");
  return rows[0]?.day ?? null;
}
