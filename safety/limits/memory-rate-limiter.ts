/**
 * Rate limiting in process memory, for the embedded database: PGlite serves exactly one process
 * (`serve` refuses a second one on the same data folder), so there is no other instance to share
 * counters with, and a message's limits cost no statement. Same sliding-window counters and flood
 * blocks as the database limiter (sliding-window.ts); counters start empty after a restart.
 * Memory stays bounded: counters that can no longer affect a decision (two windows old, not
 * blocked) are swept once a minute, and past `maxKeys` the oldest counters are dropped.
 */
import { assertDistinctKeys, countEvent, decide, windowStartOf, type CounterState, type HitRequest, type RateDecision, type RateLimits } from './sliding-window';

/** Settings of the in-memory limiter. */
export interface MemoryRateLimiterOptions {
  /** Epoch milliseconds now (default `Date.now`). */
  now?: () => number;
  /** Most counters kept (default 200,000, some tens of MB). */
  maxKeys?: number;
}

interface Counter extends CounterState {
  windowMs: number;
}

const SWEEP_EVERY_MS = 60_000;

/** Sliding-window rate limiter for a single process. */
export class MemoryRateLimiter implements RateLimits {
  private readonly now: () => number;
  private readonly maxKeys: number;
  private readonly counters = new Map<string, Counter>();
  private lastSweep: number;

  constructor(options: MemoryRateLimiterOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 200_000;
    this.lastSweep = this.now();
  }

  /** @inheritdoc */
  clock(): number {
    return this.now();
  }

  /** Counters held (tests, metrics). */
  get size(): number {
    return this.counters.size;
  }

  /** @inheritdoc */
  async hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    return this.count({ key, limit, windowMs }, this.now());
  }

  /** @inheritdoc */
  async hitAll(requests: readonly HitRequest[]): Promise<RateDecision[]> {
    assertDistinctKeys(requests);
    const now = this.now();
    return requests.map((r) => this.count(r, now));
  }

  /** @inheritdoc */
  async startBlock(key: string, untilMs: number): Promise<boolean> {
    const counter = this.counters.get(key);
    if (!counter || counter.blockedUntil > this.now()) return false;
    counter.blockedUntil = untilMs;
    return true;
  }

  /** @inheritdoc */
  async extendBlock(key: string, untilMs: number): Promise<void> {
    const counter = this.counters.get(key);
    if (counter) counter.blockedUntil = Math.max(counter.blockedUntil, untilMs);
  }

  private count(request: HitRequest, now: number): RateDecision {
    this.sweepIfDue(now);
    const state = countEvent(this.counters.get(request.key) ?? null, windowStartOf(now, request.windowMs), request.windowMs);
    // Re-inserted, so the map's order is least recently hit first (what the size cap drops).
    this.counters.delete(request.key);
    this.counters.set(request.key, { ...state, windowMs: request.windowMs });
    if (this.counters.size > this.maxKeys) this.counters.delete(this.counters.keys().next().value as string);
    return decide(state, request.limit, request.windowMs, now);
  }

  /** Drops counters two windows old and not blocked: a new counter would decide the same. */
  private sweepIfDue(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [key, c] of this.counters) {
      if (c.windowStart + 2 * c.windowMs <= now && c.blockedUntil <= now) this.counters.delete(key);
    }
  }
}
