/**
 * Webhook de-duplication in the shared database (table `webhook_events`, migration
 * 050-channels.sql), so a redelivery that lands on another instance is still recognised. The
 * channels now use the inbox on the same table (sql-webhook-inbox.ts), which also keeps the event
 * until it is processed; ids recorded here count as processed.
 */
import type { Database } from '../../storage/database';
import type { WebhookDeduper } from './webhook-deduper';

/** {@link WebhookDeduper} over `INSERT … ON CONFLICT DO NOTHING`. */
export class SqlWebhookDeduper implements WebhookDeduper {
  /**
   * @param db the shared database
   * @param retentionMs how long ids are kept (platforms redeliver within hours; default 3 days)
   */
  constructor(
    private readonly db: Database,
    private readonly retentionMs = 3 * 24 * 3600 * 1000,
  ) {}

  /** @inheritdoc */
  async firstSeen(platform: string, eventId: string): Promise<boolean> {
    const result = await this.db.query<{ event_id: string }>(
      "INSERT INTO webhook_events (platform, event_id, status) VALUES ($1, $2, 'done') ON CONFLICT DO NOTHING RETURNING event_id",
      [platform, eventId],
    );
    return result.rows.length === 1;
  }

  /** Deletes ids older than the retention; call from a periodic job. Returns rows removed. */
  async prune(now = Date.now()): Promise<number> {
    const result = await this.db.query('DELETE FROM webhook_events WHERE received_at < $1', [new Date(now - this.retentionMs)]);
    return result.affectedRows;
  }
}
