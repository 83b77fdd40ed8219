/**
 * Rate limiting over the shared database, so every instance behind a load balancer counts the
 * same messages. Each key holds a sliding-window counter (see sliding-window.ts), updated by a
 * single atomic upsert. The same rows carry flood blocks (see `FloodGuard`). Times come from an injectable clock (tests); instances are expected
 * to keep their clocks in sync (NTP), a skew of a few seconds only shifts windows slightly.
 */
import type { Database } from '../../storage/database';
import { batchLimits, GroupBatcher } from '../../storage/group-batcher';
import { assertDistinctKeys, decide, windowStartOf, type HitRequest, type RateDecision, type RateLimits } from './sliding-window';

/** Settings of the limiter. */
export interface RateLimiterOptions {
  /** Epoch milliseconds now (default `Date.now`). */
  now?: () => number;
}

interface HitRow {
  key: string;
  count: number | string;
  prev_count: number | string;
  window_start: number | string;
  blocked_until: number | string;
}

/** Database-backed sliding-window rate limiter. */
export class RateLimiter implements RateLimits {
  private readonly now: () => number;
  /** Messages arriving together share one upsert (group commit); a key appears once per statement. */
  private readonly batches: GroupBatcher<readonly HitRequest[], RateDecision[]>;

  constructor(
    private readonly db: Database,
    options: RateLimiterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.batches = new GroupBatcher((messages) => this.upsert(messages), {
      ...batchLimits(db.driver),
      keysOf: (requests) => requests.map((r) => r.key),
    });
  }

  /** The limiter's clock (shared with `FloodGuard`). */
  clock(): number {
    return this.now();
  }

  /**
   * Counts one event for `key` and says whether it is within `limit` events per `windowMs`.
   * @param key e.g. `resident:line:U123`, `ip:203.0.113.7`
   */
  async hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const [decision] = await this.hitAll([{ key, limit, windowMs }]);
    return decision;
  }

  /**
   * Counts one event for each of several distinct keys in a single statement (one round trip and
   * one commit for a message's flood, per-resident and per-IP counters, shared with other messages
   * arriving at the same time); decisions in input order.
   */
  async hitAll(requests: readonly HitRequest[]): Promise<RateDecision[]> {
    if (requests.length === 0) return [];
    assertDistinctKeys(requests);
    return this.batches.add(requests);
  }

  /** One upsert for several messages' counters; decisions per message, in input order. */
  private async upsert(messages: (readonly HitRequest[])[]): Promise<RateDecision[][]> {
    const now = this.now();
    const requests = messages.flat();
    // One SQL text for every batch size (arrays, not a VALUES list), so it stays one prepared statement.
    const { rows } = await this.db.query<HitRow>(
      `INSERT INTO rate_limit_counters AS c (key, window_ms, window_start, count, prev_count, updated_at)
       SELECT key, window_ms, window_start, 1, 0, now() FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS i(key, window_ms, window_start)
       ON CONFLICT (key) DO UPDATE SET
         prev_count = CASE
           WHEN c.window_start >= EXCLUDED.window_start THEN c.prev_count
           WHEN c.window_start = EXCLUDED.window_start - EXCLUDED.window_ms THEN c.count
           ELSE 0 END,
         count = CASE WHEN c.window_start >= EXCLUDED.window_start THEN c.count + 1 ELSE 1 END,
         window_start = GREATEST(c.window_start, EXCLUDED.window_start),
         window_ms = EXCLUDED.window_ms,
         updated_at = now()
       RETURNING key, count, prev_count, window_start, blocked_until`,
      [requests.map((r) => r.key), requests.map((r) => r.windowMs), requests.map((r) => windowStartOf(now, r.windowMs))],
    );
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return messages.map((requests) =>
      requests.map((r) => {
        const row = byKey.get(r.key);
        if (!row) throw new Error(`RateLimiter: no counter returned for ${r.key}`);
        return decide({ count: Number(row.count), prevCount: Number(row.prev_count), windowStart: Number(row.window_start), blockedUntil: Number(row.blocked_until) }, r.limit, r.windowMs, now);
      }),
    );
  }

  /**
   * Blocks `key` until `untilMs` unless it is already blocked; true when this call started the
   * block (so exactly one instance replies to a flood).
   */
  async startBlock(key: string, untilMs: number): Promise<boolean> {
    const { rows } = await this.db.query<{ key: string }>(
      'UPDATE rate_limit_counters SET blocked_until = $2, updated_at = now() WHERE key = $1 AND blocked_until <= $3 RETURNING key',
      [key, untilMs, this.now()],
    );
    return rows.length > 0;
  }

  /** Moves an existing block's end to at least `untilMs` (the flood goes on). */
  async extendBlock(key: string, untilMs: number): Promise<void> {
    await this.db.query('UPDATE rate_limit_counters SET blocked_until = GREATEST(blocked_until, $2), updated_at = now() WHERE key = $1', [key, untilMs]);
  }

  /** Deletes counters untouched for `olderThanMs` (run by the retention purge). */
  async purgeStale(olderThanMs = 24 * 3600_000): Promise<number> {
    const { affectedRows } = await this.db.query(
      "DELETE FROM rate_limit_counters WHERE updated_at < now() - ($1::bigint * interval '1 millisecond') AND blocked_until < $2",
      [olderThanMs, this.now()],
    );
    return affectedRows;
  }
}
