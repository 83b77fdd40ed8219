/**
 * Bounded retry with exponential backoff and full jitter, for platform API calls. Jitter keeps
 * many instances that failed together from retrying in lock-step against a recovering API.
 */
import type { Logger } from 'pino';
import { PlatformHttpError } from './adapter-errors';

/** How to retry. */
export interface RetryOptions {
  /** Attempts in total, including the first (default 4). */
  attempts?: number;
  /** First backoff in ms (default 200); doubles each attempt. */
  baseDelayMs?: number;
  /** Upper bound of one backoff in ms (default 5000). */
  maxDelayMs?: number;
  /** Decides whether an error is worth another attempt (default: retryable PlatformHttpError). */
  isRetryable?: (err: unknown) => boolean;
  /** Where failed attempts are logged. */
  log?: Pick<Logger, 'warn'>;
  /** Names the operation in logs (never resident text). */
  what?: string;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function defaultRetryable(err: unknown): boolean {
  return err instanceof PlatformHttpError ? err.retryable : false;
}

/**
 * Runs `fn` until it succeeds, the error is not retryable, or attempts run out; then rethrows
 * the last error (the caller logs it with its own context).
 */
export async function retryWithBackoff<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 5000;
  const isRetryable = options.isRetryable ?? defaultRetryable;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err;
      const backoff = Math.random() * Math.min(max, base * 2 ** (attempt - 1));
      const asked = err instanceof PlatformHttpError ? (err.retryAfterMs ?? 0) : 0;
      const delay = Math.min(Math.max(backoff, asked), Math.max(max, asked));
      options.log?.warn({ err, attempt, delayMs: Math.round(delay), what: options.what }, 'platform call failed; retrying');
      await sleep(delay);
    }
  }
}
