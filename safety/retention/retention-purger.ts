/**
 * The retention purge: deletes residents' data older than RETENTION_DAYS from every table that
 * holds it (when the table exists), and stale rate-limit counters. Open hand-offs are kept
 * whatever their age: a case an officer still holds is not expired data. The audit log is not
 * purged here (see storage/migrations/030-safety.sql).
 */
import type { Database } from '../../storage/database';
import { tableColumns } from './table-catalog';

/** A table and the column that dates its rows. */
export interface RetainedTable {
  table: string;
  column: string;
}

/** Tables purged by age, children before parents. */
export const RETAINED_TABLES: readonly RetainedTable[] = [
  { table: 'transcript', column: 'created_at' },
  { table: 'bot_state', column: 'updated_at' },
  { table: 'conversation_refs', column: 'updated_at' },
  { table: 'privacy_notices', column: 'shown_at' },
  { table: 'handoff_messages', column: 'created_at' },
  { table: 'handoffs', column: 'updated_at' },
  { table: 'eligibility_profiles', column: 'updated_at' },
  { table: 'webhook_events', column: 'received_at' },
  { table: 'kakao_pending_messages', column: 'created_at' },
  { table: 'webchat_outbox', column: 'created_at' },
  // Demand events and feedback carry conversation ids; their daily roll-ups stay (insight/).
  { table: 'demand_events', column: 'created_at' },
  { table: 'demand_feedback', column: 'created_at' },
  // Alerts: deliveries by age; a subscription once it has been ended for as long; where to reach a
  // resident once no subscription of theirs is active (an active one is consent still given).
  { table: 'alert_deliveries', column: 'created_at' },
  { table: 'alert_subscriptions', column: 'ended_at' },
  { table: 'alert_recipients', column: 'updated_at' },
];

/** Rows deleted per table, and in all. */
export interface PurgeReport {
  days: number;
  cutoff: string;
  deleted: Record<string, number>;
  total: number;
}

/** Settings of the purger. */
export interface RetentionPurgerOptions {
  /** Epoch milliseconds now (default `Date.now`). */
  now?: () => number;
  /**
   * Runs before anything is deleted, with the cutoff: the demand roll-up keeps what the purge is
   * about to remove as counts. If it fails, nothing is purged (the next run tries again).
   */
  beforePurge?: (cutoff: Date) => Promise<unknown>;
}

/** Deletes data past its retention period. */
export class RetentionPurger {
  private readonly now: () => number;
  private readonly beforePurge?: (cutoff: Date) => Promise<unknown>;

  constructor(
    private readonly db: Database,
    options: RetentionPurgerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.beforePurge = options.beforePurge;
  }

  /** Deletes rows older than `days` days; returns what was deleted. */
  async purge(days: number): Promise<PurgeReport> {
    if (!Number.isInteger(days) || days < 1) throw new RangeError(`retention days must be a positive integer, got ${days}`);
    const cutoff = new Date(this.now() - days * 86_400_000).toISOString();
    await this.beforePurge?.(new Date(cutoff));
    const columns = await tableColumns(
      this.db,
      RETAINED_TABLES.map((t) => t.table),
    );
    const deleted: Record<string, number> = {};
    await this.db.transaction(async (tx) => {
      for (const { table, column } of RETAINED_TABLES) {
        const cols = columns.get(table);
        if (!cols?.has(column)) continue;
        let sql = `DELETE FROM ${table} WHERE ${column} < $1::timestamptz`;
        if (table === 'handoffs' && cols.has('status')) sql += " AND status NOT IN ('queued', 'assigned', 'active')";
        if (table === 'alert_recipients') {
          sql += " AND NOT EXISTS (SELECT 1 FROM alert_subscriptions s WHERE s.channel_id = alert_recipients.channel_id AND s.user_id = alert_recipients.user_id AND (s.status = 'active' OR s.ended_at >= $1::timestamptz))";
        }
        if (table === 'handoff_messages') {
          // Messages of an open hand-off stay with it.
          sql += " AND handoff_id NOT IN (SELECT id FROM handoffs WHERE status IN ('queued', 'assigned', 'active'))";
        }
        deleted[table] = (await tx.query(sql, [cutoff])).affectedRows;
      }
      const counters = await tx.query(
        "DELETE FROM rate_limit_counters WHERE updated_at < $1::timestamptz - interval '1 day' AND blocked_until < $2",
        [new Date(this.now()).toISOString(), this.now()],
      );
      deleted.rate_limit_counters = counters.affectedRows;
    });
    return { days, cutoff, deleted, total: Object.values(deleted).reduce((a, b) => a + b, 0) };
  }
}
