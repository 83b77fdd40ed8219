/**
 * Flood handling: many messages within a few seconds. The first message over the threshold gets
 * one reply; after that the bot stays quiet, and every further message pushes the end of the
 * quiet period back, so it lifts only once the resident has been calm for `quietMs`.
 */
import type { HitRequest, RateDecision, RateLimits } from './sliding-window';

/** Flood thresholds. */
export interface FloodSettings {
  /** Messages allowed within `windowMs` before it counts as a flood (default 6). */
  messages: number;
  /** The short window (default 5 s). */
  windowMs: number;
  /** Calm needed before the bot answers again (default 30 s). */
  quietMs: number;
}

/** What to do with a message. */
export type FloodVerdict = 'ok' | 'flood_reply_once' | 'flood_quiet';

/** Default thresholds: more than 6 messages in 5 seconds is a flood; 30 seconds of calm lift it. */
export const DEFAULT_FLOOD_SETTINGS: FloodSettings = { messages: 6, windowMs: 5000, quietMs: 30_000 };

/** Flood detection over the rate-limit counters. */
export class FloodGuard {
  constructor(
    private readonly limiter: RateLimits,
    private readonly settings: FloodSettings = DEFAULT_FLOOD_SETTINGS,
  ) {}

  /** Counts one message of `key` (e.g. `line:U123`) and says how to treat it. */
  async check(key: string): Promise<FloodVerdict> {
    const request = this.request(key);
    return this.verdict(key, await this.limiter.hit(request.key, request.limit, request.windowMs));
  }

  /** The counter to hit for one message of `key` (to count it together with other limits). */
  request(key: string): HitRequest {
    return { key: `flood:${key}`, limit: this.settings.messages, windowMs: this.settings.windowMs };
  }

  /** How to treat a message of `key` whose flood counter was hit with `decision`. */
  async verdict(key: string, decision: RateDecision): Promise<FloodVerdict> {
    const floodKey = this.request(key).key;
    const now = this.limiter.clock();
    const until = now + this.settings.quietMs;
    if (decision.blockedUntil > now) {
      await this.limiter.extendBlock(floodKey, until);
      return 'flood_quiet';
    }
    if (decision.allowed) return 'ok';
    return (await this.limiter.startBlock(floodKey, until)) ? 'flood_reply_once' : 'flood_quiet';
  }
}
