/**
 * The webhook inbox in the shared database (table `webhook_events`, migrations 050-channels.sql and
 * 095-webhook-inbox.sql), the same on PGlite and PostgreSQL. A claim is one
 * `UPDATE … WHERE status = 'pending' … RETURNING`: PostgreSQL locks the row, and a second instance
 * updating it at the same moment waits, re-reads the row and no longer matches, so an event is
 * processed by one instance only. Times are the database's (`now()`), so instances whose clocks
 * differ still agree on leases.
 */
import type { Database } from '../../storage/database';
import type { ClaimedInboxEvent, InboxAcceptance, RequestRecord, WebhookInbox } from './webhook-inbox';

/** `$n` milliseconds as an interval. */
const ms = (n: number): string => `($${n}::double precision * interval '1 millisecond')`;
/** The rows a claim may take: pending, or processing under an expired lease (parameter `n` = lease ms). */
const claimableWhere = (n: number): string => `(status = 'pending' OR (status = 'processing' AND claimed_at < now() - ${ms(n)}))`;

/** {@link WebhookInbox} over SQL. */
export class SqlWebhookInbox implements WebhookInbox {
  constructor(private readonly db: Database) {}

  /** @inheritdoc */
  async accept(platform: string, key: string, payload: unknown): Promise<InboxAcceptance> {
    const inserted = await this.db.query<{ event_id: string }>(
      "INSERT INTO webhook_events (platform, event_id, status, payload) VALUES ($1, $2, 'pending', $3::jsonb) ON CONFLICT DO NOTHING RETURNING event_id",
      [platform, key, JSON.stringify(payload)],
    );
    if (inserted.rows.length === 1) return 'new';
    const known = await this.db.query<{ status: string }>('SELECT status FROM webhook_events WHERE platform = $1 AND event_id = $2', [platform, key]);
    const status = known.rows[0]?.status;
    return status === 'pending' || status === 'processing' ? 'unfinished' : 'duplicate';
  }

  /** @inheritdoc */
  async claim(platform: string, key: string, leaseMs: number, maxAttempts: number): Promise<ClaimedInboxEvent | undefined> {
    const result = await this.db.query<{ payload: unknown; attempts: number }>(
      `UPDATE webhook_events SET status = 'processing', attempts = attempts + 1, claimed_at = now(), last_error = NULL
        WHERE platform = $1 AND event_id = $2 AND ${claimableWhere(3)} AND attempts < $4
        RETURNING payload, attempts`,
      [platform, key, leaseMs, maxAttempts],
    );
    const row = result.rows[0];
    return row ? { key, payload: row.payload, attempts: Number(row.attempts) } : undefined;
  }

  /** @inheritdoc */
  async complete(platform: string, key: string): Promise<void> {
    await this.db.query("UPDATE webhook_events SET status = 'done', payload = NULL, finished_at = now() WHERE platform = $1 AND event_id = $2", [platform, key]);
  }

  /** @inheritdoc */
  async release(platform: string, key: string, error: string, maxAttempts: number): Promise<'retry' | 'failed'> {
    const result = await this.db.query<{ status: string }>(
      `UPDATE webhook_events
          SET status = CASE WHEN attempts >= $4 THEN 'failed' ELSE 'pending' END,
              payload = CASE WHEN attempts >= $4 THEN NULL ELSE payload END,
              finished_at = CASE WHEN attempts >= $4 THEN now() ELSE NULL END,
              last_error = left($3, 500)
        WHERE platform = $1 AND event_id = $2
        RETURNING status`,
      [platform, key, error, maxAttempts],
    );
    return result.rows[0]?.status === 'pending' ? 'retry' : 'failed';
  }

  /** @inheritdoc */
  async giveUpExhausted(platform: string, leaseMs: number, maxAttempts: number): Promise<string[]> {
    const result = await this.db.query<{ event_id: string }>(
      `UPDATE webhook_events SET status = 'failed', payload = NULL, finished_at = now(),
              last_error = coalesce(last_error, 'gave up after ' || attempts || ' attempts')
        WHERE platform = $1 AND ${claimableWhere(2)} AND attempts >= $3
        RETURNING event_id`,
      [platform, leaseMs, maxAttempts],
    );
    return result.rows.map((r) => r.event_id);
  }

  /** @inheritdoc */
  async claimable(platform: string, leaseMs: number, limit: number): Promise<string[]> {
    const result = await this.db.query<{ event_id: string }>(
      `SELECT event_id FROM webhook_events WHERE platform = $1 AND ${claimableWhere(2)}
        ORDER BY received_at, event_id LIMIT $3`,
      [platform, leaseMs, limit],
    );
    return result.rows.map((r) => r.event_id);
  }

  /** @inheritdoc */
  async releaseAll(platform: string): Promise<number> {
    const result = await this.db.query("UPDATE webhook_events SET status = 'pending' WHERE platform = $1 AND status = 'processing'", [platform]);
    return result.affectedRows;
  }

  /** @inheritdoc */
  async recordRequest(platform: string, key: string, windowMs: number): Promise<RequestRecord> {
    // Inserted, or re-armed when the earlier identical request is older than the window; under a
    // concurrent twin the second statement waits for the first and then no longer matches.
    const fresh = await this.db.query<{ event_id: string }>(
      `INSERT INTO webhook_events (platform, event_id, status, attempts, claimed_at) VALUES ($1, $2, 'processing', 1, now())
       ON CONFLICT (platform, event_id) DO UPDATE
          SET status = 'processing', attempts = 1, received_at = now(), claimed_at = now(), finished_at = NULL
        WHERE webhook_events.received_at < now() - ${ms(3)}
       RETURNING event_id`,
      [platform, key, windowMs],
    );
    if (fresh.rows.length === 1) return 'new';
    const known = await this.db.query<{ status: string }>('SELECT status FROM webhook_events WHERE platform = $1 AND event_id = $2', [platform, key]);
    return known.rows[0]?.status === 'done' ? 'duplicate' : 'duplicate-unfinished';
  }
}
