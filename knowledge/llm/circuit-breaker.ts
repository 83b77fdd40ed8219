/**
 * A per-host circuit breaker. After `failureThreshold` consecutive failures the host is skipped
 * for `openMs` (answers go extractive at once instead of each resident waiting for a timeout);
 * then one probe request is let through (half-open): success closes the breaker, failure opens it
 * again.
 */

/** Breaker state as shown on /readyz. */
export type BreakerState = 'closed' | 'open' | 'half_open';

/** Breaker settings. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker (default 3). */
  failureThreshold?: number;
  /** How long the breaker stays open before a probe is allowed, in ms (default 30 000). */
  openMs?: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

/** Consecutive-failure circuit breaker with a single half-open probe. */
export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly openMs: number;
  private readonly now: () => number;
  private failures = 0;
  private openedAt: number | null = null;
  private probing = false;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = Math.max(1, options.failureThreshold ?? 3);
    this.openMs = Math.max(0, options.openMs ?? 30_000);
    this.now = options.now ?? Date.now;
  }

  /** The current state (open turns into half-open once `openMs` has passed). */
  get state(): BreakerState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.openMs ? 'half_open' : 'open';
  }

  /** True when a request may be sent now (closed, or half-open with no probe in flight). */
  canRequest(): boolean {
    const state = this.state;
    return state === 'closed' || (state === 'half_open' && !this.probing);
  }

  /** Marks the start of a request; in half-open state it becomes the probe. */
  onStart(): void {
    if (this.state === 'half_open') this.probing = true;
  }

  /** Records a successful request: closes the breaker. */
  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = null;
    this.probing = false;
  }

  /** Records a failed request: opens the breaker at the threshold, or re-opens after a failed probe. */
  recordFailure(): void {
    this.failures += 1;
    if (this.probing || this.state === 'half_open' || this.failures >= this.failureThreshold) this.openedAt = this.now();
    this.probing = false;
  }

  /** Records a request that ended without telling anything about the host (caller gave up). */
  recordNeutral(): void {
    this.probing = false;
  }
}
