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

/** Settings of a {@link SqlStorage}. */
export interface SqlStorageOptions {
  /**
   * This storage is the only writer of `bot_state` (the embedded database, which serves one
   * process), so it keeps the items it read or wrote in memory and most turns read no row. Rows
   * deleted behind its back (the retention purge) must be followed by {@link SqlStorage.forgetCached}.
   * Never set it for a shared PostgreSQL, where other instances write the same rows.
   */
  soleWriter?: boolean;
  /** Most items kept in memory (default 5,000). */
  maxCached?: number;
}

/** A cached item: its stored form (a fresh object is parsed for every read), or null when absent. */
type CachedItem = { json: string; etag: string } | null;

/** Conversation and user state for botbuilder, persisted in the `bot_state` table. */
export class SqlStorage implements Storage {
  /** Turns starting at the same time share one SELECT (see GroupBatcher); a key is read once per batch. */
  private readonly reads: GroupBatcher<string[], StoreItems>;
  /** Turns ending at the same time share one statement; a key is written once per batch. */
  private readonly writes: GroupBatcher<StateWrite[], string[]>;

  /** Items as stored, least recently used first (sole writer only). */
  private readonly cache = new Map<string, CachedItem>();
  /** Counts writes and deletes, so a read that raced with one does not fill the cache. */
  private changes = 0;

  constructor(
    private readonly db: Database,
    private readonly options: SqlStorageOptions = {},
  ) {
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
    if (!this.options.soleWriter) return this.reads.add(keys);
    if (keys.every((key) => this.cache.has(key))) {
      const items: StoreItems = {};
      for (const key of keys) {
        const cached = this.touch(key);
        if (cached) items[key] = { ...(JSON.parse(cached.json) as Record<string, unknown>), eTag: cached.etag };
      }
      return items;
    }
    const changesBefore = this.changes;
    const items = await this.reads.add(keys);
    if (this.changes === changesBefore) {
      for (const key of keys) {
        const item = items[key] as Record<string, unknown> | undefined;
        if (!item) this.remember(key, null);
        else {
          const { eTag, ...data } = item;
          this.remember(key, { json: JSON.stringify(data), etag: String(eTag) });
        }
      }
    }
    return items;
  }

  /** Forgets every item kept in memory (after rows were deleted behind this storage's back). */
  forgetCached(): void {
    this.changes += 1;
    this.cache.clear();
  }

  private touch(key: string): CachedItem {
    const cached = this.cache.get(key) ?? null;
    this.cache.delete(key);
    this.cache.set(key, cached);
    return cached;
  }

  private remember(key: string, item: CachedItem): void {
    this.cache.delete(key);
    this.cache.set(key, item);
    if (this.cache.size > (this.options.maxCached ?? 5000)) this.cache.delete(this.cache.keys().next().value as string);
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
    this.changes += 1;
    let conflicts: string[];
    try {
      conflicts = await this.writes.add(items);
    } catch (err) {
      for (const item of items) this.cache.delete(item.key);
      throw err;
    }
    if (this.options.soleWriter) {
      for (const item of items) {
        if (conflicts.includes(item.key)) this.cache.delete(item.key);
        else this.remember(item.key, { json: JSON.stringify(item.data), etag: item.etag });
      }
    }
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
    this.changes += 1;
    for (const key of keys) this.cache.delete(key);
    await this.db.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys]);
  }
}
