/**
 * Officer login throttling per client and account, over the rate-limit counters (shared by every
 * instance on PostgreSQL). A few failed attempts are free; after that each failure makes this
 * client wait twice as long as the last before it may try this account again, up to a cap. The
 * account itself is never locked: its owner logs in from any other client, so a stranger cannot
 * lock an officer out, and an unknown e-mail is throttled exactly like a real one, so the answers
 * do not tell which accounts exist.
 */
import { createHash } from 'node:crypto';
import type { RateLimits } from './sliding-window';

/** Back-off settings. */
export interface LoginBackoffSettings {
  /** Failures per client and account within `windowMs` that cost no wait (default 5). */
  freeFailures: number;
  /** How long failures are remembered (default 15 minutes). */
  windowMs: number;
  /** Wait after the first failure beyond the free ones; doubles with each further one (default 1 s). */
  baseDelayMs: number;
  /** Longest wait (default 15 minutes). */
  maxDelayMs: number;
}

/** Defaults: 5 free failures, then 1 s, 2 s, 4 s … up to 15 minutes, remembered for 15 minutes. */
export const DEFAULT_LOGIN_BACKOFF: LoginBackoffSettings = { freeFailures: 5, windowMs: 15 * 60_000, baseDelayMs: 1000, maxDelayMs: 15 * 60_000 };

/** Per-client, per-account login back-off. */
export class LoginBackoff {
  constructor(
    private readonly limiter: RateLimits,
    private readonly settings: LoginBackoffSettings = DEFAULT_LOGIN_BACKOFF,
  ) {}

  /** Milliseconds `client` must still wait before trying `account` again (0 = go ahead). */
  async wait(client: string, account: string): Promise<number> {
    // Hitting the attempt counter is how its block is read; its count decides nothing.
    const decision = await this.limiter.hit(this.key('try', client, account), Number.MAX_SAFE_INTEGER, this.settings.windowMs);
    return Math.max(0, decision.blockedUntil - this.limiter.clock());
  }

  /** Counts a failed attempt (wrong password and unknown account alike) and sets the wait. */
  async failed(client: string, account: string): Promise<void> {
    const { freeFailures, windowMs, baseDelayMs, maxDelayMs } = this.settings;
    const decision = await this.limiter.hit(this.key('fail', client, account), freeFailures, windowMs);
    const beyond = decision.count - freeFailures;
    if (beyond <= 0) return;
    const until = this.limiter.clock() + Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(beyond - 1, 30));
    const tryKey = this.key('try', client, account);
    if (!(await this.limiter.startBlock(tryKey, until))) await this.limiter.extendBlock(tryKey, until);
  }

  /** Hashed, so the counters table holds neither officers' e-mail addresses nor unbounded keys. */
  private key(kind: 'try' | 'fail', client: string, account: string): string {
    const digest = createHash('sha256').update(`${client}\n${account.trim().toLowerCase()}`).digest('base64url');
    return `login-${kind}:${digest}`;
  }
}
