/**
 * botbuilder `Storage` on our database (PGlite or PostgreSQL) with eTag optimistic concurrency:
 * a write whose eTag is stale fails, exactly as botbuilder's MemoryStorage contract says; a write
 * with eTag `*` or none always wins.
 */
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Database } from './database';
import { batchLimits, GroupBatcher } from './group-batcher';

/** Raised when a write carries an eTag that no longer matches the stored item. */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/** One item to store: its new eTag, and the eTag it must replace (null = unconditional). */
interface StateWrite {
  key: string;
  data: Record<string, unknown>;
  etag: string;
  expected: string | null;
}

/** Conversation and user state for botbuilder, persisted in the `bot_state` table. */
export class SqlStorage implements Storage {
  /** Turns starting at the same time share one SELECT (see GroupBatcher); a key is read once per batch. */
  private readonly reads: GroupBatcher<string[], StoreItems>;
  /** Turns ending at the same time share one statement; a key is written once per batch. */
  private readonly writes: GroupBatcher<StateWrite[], string[]>;

  constructor(private readonly db: Database) {
    this.reads = new GroupBatcher((requests) => this.select(requests), {
      ...batchLimits(db.driver),
      keysOf: (keys) => keys,
    });
    this.writes = new GroupBatcher((turns) => this.upsert(turns), {
      ...batchLimits(db.driver),
      keysOf: (items) => items.map((i) => i.key),
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
    const items: StateWrite[] = (Object.entries(changes) as [string, Record<string, unknown>][]).map(([key, item]) => {
      const { eTag, ...data } = item;
      // No eTag, '' or '*' always wins; any other eTag must still be the stored one.
      const expected = typeof eTag !== 'string' || eTag === '*' || eTag === '' ? null : eTag;
      return { key, data, etag: randomUUID(), expected };
    });
    if (items.length === 0) return;
    const conflicts = await this.writes.add(items);
    if (conflicts.length > 0) throw new ETagConflictError(conflicts[0]);
  }

  /**
   * One statement for several turns' writes: unconditional items are upserted; conditional ones
   * update only a row whose eTag still matches, or insert a key that does not exist yet. Returns,
   * per turn, the keys that were not written (stale eTag).
   */
  private async upsert(turns: StateWrite[][]): Promise<string[][]> {
    const { rows } = await this.db.query<{ key: string }>(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::text::jsonb) AS i(key text, data jsonb, etag text, expected text)
       ), star AS (
         INSERT INTO bot_state (key, data, etag, updated_at)
         SELECT key, data, etag, now() FROM input WHERE expected IS NULL
         ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, etag = EXCLUDED.etag, updated_at = now()
         RETURNING key
       ), matched AS (
         UPDATE bot_state b SET data = i.data, etag = i.etag, updated_at = now()
         FROM input i WHERE i.expected IS NOT NULL AND b.key = i.key AND b.etag = i.expected
         RETURNING b.key
       ), fresh AS (
         INSERT INTO bot_state (key, data, etag, updated_at)
         SELECT i.key, i.data, i.etag, now() FROM input i
         WHERE i.expected IS NOT NULL AND NOT EXISTS (SELECT 1 FROM bot_state b WHERE b.key = i.key)
         ON CONFLICT (key) DO NOTHING
         RETURNING key
       )
       SELECT key FROM star UNION ALL SELECT key FROM matched UNION ALL SELECT key FROM fresh`,
      [JSON.stringify(turns.flat())],
    );
    const written = new Set(rows.map((r) => r.key));
    return turns.map((items) => items.filter((i) => !written.has(i.key)).map((i) => i.key));
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
  }
}
