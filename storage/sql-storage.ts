/**
 * botbuilder `Storage` on our database (PGlite or PostgreSQL) with eTag optimistic concurrency:
 * a write whose eTag is stale fails, exactly as botbuilder's MemoryStorage contract says; a write
 * with eTag `*` or none always wins.
 */
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Database } from './database';
import { GroupBatcher } from './group-batcher';

/** Raised when a write carries an eTag that no longer matches the stored item. */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/** Conversation and user state for botbuilder, persisted in the `bot_state` table. */
export class SqlStorage implements Storage {
  /** Turns starting at the same time share one SELECT (see GroupBatcher); a key is read once per batch. */
  private readonly reads: GroupBatcher<string[], StoreItems>;

  constructor(private readonly db: Database) {
    this.reads = new GroupBatcher((requests) => this.select(requests), {
      maxInFlight: db.driver === 'pglite' ? 1 : 4,
      maxBatch: 64,
      canJoin: (batch, keys) => !keys.some((k) => batch.some((other) => other.includes(k))),
    });
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    return this.reads.add(keys);
  }

  private async select(requests: string[][]): Promise<StoreItems[]> {
    const { rows } = await this.db.query<{ key: string; data: Record<string, unknown>; etag: string }>(
      'SELECT key, data, etag FROM bot_state WHERE key = ANY($1::text[])',
      [requests.flat()],
    );
    const found = new Map(rows.map((row) => [row.key, { ...row.data, eTag: row.etag }]));
    return requests.map((keys) => {
      const items: StoreItems = {};
      for (const key of keys) {
        const item = found.get(key);
        if (item) items[key] = item;
      }
      return items;
    });
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes) as [string, Record<string, unknown>][]) {
      const { eTag, ...data } = item;
      const next = randomUUID();
      if (typeof eTag !== 'string' || eTag === '*' || eTag === '') {
        await this.db.query(
          `INSERT INTO bot_state (key, data, etag, updated_at) VALUES ($1, $2, $3, now())
           ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, etag = EXCLUDED.etag, updated_at = now()`,
          [key, JSON.stringify(data), next],
        );
        continue;
      }
      const updated = await this.db.query(
        'UPDATE bot_state SET data = $2, etag = $3, updated_at = now() WHERE key = $1 AND etag = $4',
        [key, JSON.stringify(data), next, eTag],
      );
      if (updated.affectedRows > 0) continue;
      // No row matched: either the item is new (MemoryStorage saves it) or the eTag is stale.
      const inserted = await this.db.query(
        'INSERT INTO bot_state (key, data, etag) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING',
        [key, JSON.stringify(data), next],
      );
      if (inserted.affectedRows === 0) throw new ETagConflictError(key);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
  }
}
