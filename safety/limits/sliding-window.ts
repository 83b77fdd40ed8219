/**
 * The sliding-window counter both rate limiters share (the database one for several instances,
 * the in-memory one for the embedded single-process setup): each key holds the current and the
 * previous fixed window, and the previous one counts in proportion to how much of it still
 * overlaps the sliding window (the approach Cloudflare and nginx describe). The same counters
 * carry flood blocks (see `FloodGuard`).
 */

/** The outcome of one counted event. */
export interface RateDecision {
  allowed: boolean;
  /** Estimated events in the sliding window, this one included. */
  count: number;
  limit: number;
  /** Milliseconds until the current fixed window ends (a safe Retry-After). */
  retryAfterMs: number;
  /** True for the first rejected event since the limit was crossed (reply once, then stay quiet). */
  firstRejection: boolean;
  /** Epoch ms until which the key is blocked as a flood (0 when not blocked). */
  blockedUntil: number;
}

/** One counted event: `limit` events per `windowMs` for `key`. */
export interface HitRequest {
  key: string;
  limit: number;
  windowMs: number;
}

/** What the limits middleware, the per-IP limit and the flood guard need from a limiter. */
export interface RateLimits {
  /** The limiter's clock, epoch ms (shared with `FloodGuard`). */
  clock(): number;
  /** Counts one event for `key`. */
  hit(key: string, limit: number, windowMs: number): Promise<RateDecision>;
  /** Counts one event for each of several distinct keys; decisions in input order. */
  hitAll(requests: readonly HitRequest[]): Promise<RateDecision[]>;
  /** Blocks `key` until `untilMs` unless already blocked; true when this call started the block. */
  startBlock(key: string, untilMs: number): Promise<boolean>;
  /** Moves an existing block's end to at least `untilMs`. */
  extendBlock(key: string, untilMs: number): Promise<void>;
}

/** `hitAll` counts each key once per call: throws when a key repeats. */
export function assertDistinctKeys(requests: readonly HitRequest[]): void {
  if (new Set(requests.map((r) => r.key)).size !== requests.length) throw new Error('RateLimiter.hitAll: keys must be distinct');
}

/** A key's counter after an event was counted. */
export interface CounterState {
  count: number;
  prevCount: number;
  /** Start of the current fixed window, epoch ms. */
  windowStart: number;
  blockedUntil: number;
}

/** Start of the fixed window `now` falls in. */
export function windowStartOf(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

/**
 * Counts one event into `existing` (null for a new key) for the window starting at
 * `windowStart`; the rule the database limiter's upsert implements in SQL.
 */
export function countEvent(existing: CounterState | null, windowStart: number, windowMs: number): CounterState {
  if (!existing) return { count: 1, prevCount: 0, windowStart, blockedUntil: 0 };
  const sameWindow = existing.windowStart >= windowStart;
  return {
    prevCount: sameWindow ? existing.prevCount : existing.windowStart === windowStart - windowMs ? existing.count : 0,
    count: sameWindow ? existing.count + 1 : 1,
    windowStart: Math.max(existing.windowStart, windowStart),
    blockedUntil: existing.blockedUntil,
  };
}

/** The sliding-window estimate for a counter that was just hit. */
export function decide(state: CounterState, limit: number, windowMs: number, now: number): RateDecision {
  const overlap = Math.max(0, 1 - (now - state.windowStart) / windowMs);
  const estimate = (n: number) => state.prevCount * overlap + n;
  const allowed = estimate(state.count) <= limit;
  return {
    allowed,
    count: Math.ceil(estimate(state.count)),
    limit,
    retryAfterMs: Math.max(0, state.windowStart + windowMs - now),
    firstRejection: !allowed && estimate(state.count - 1) <= limit,
    blockedUntil: state.blockedUntil,
  };
}
