/**
 * What a platform's answer means for a delivery: 429 waits as long as the platform asked (every
 * sender of the route holds off); 403/404/410 mean the resident blocked the bot or the chat is gone
 * (skipped, unreachable); other 4xx are failures; network errors and 5xx are retried where a resend
 * is safe (an idempotency key, or the request never left), and on a route without one end as
 * `unknown` ("interrupted": it may have arrived) rather than risk a second copy.
 */
import { PlatformHttpError } from '../../adapters/shared/adapter-errors';
import type { DeliveryGuarantee, DeliveryOutcome } from '../ports';

/** Error codes meaning the request never reached the platform. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** True when a fetch error's cause chain shows the request never left this host. */
export function neverSent(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** An HTTP status (0: no answer), a reason and how long the platform asked to wait. */
export interface PlatformFailure {
  status: number;
  reason: string;
  retryAfterMs?: number;
  /** The request certainly did not reach the platform. */
  notSent?: boolean;
}

/** Reads a PlatformHttpError (LINE, Telegram clients) as a {@link PlatformFailure}. */
export function failureOf(err: unknown): PlatformFailure {
  if (err instanceof PlatformHttpError) {
    return { status: err.status, reason: err.body.slice(0, 200) || err.message, retryAfterMs: err.retryAfterMs, notSent: err.status === 0 && neverSent(err) };
  }
  return { status: 0, reason: err instanceof Error ? err.message : String(err), notSent: neverSent(err) };
}

/** The delivery outcome of a failure on a route with `guarantee`. */
export function outcomeOfFailure(failure: PlatformFailure, guarantee: DeliveryGuarantee): DeliveryOutcome {
  const { status, reason } = failure;
  if (status === 429) return { status: 'retry', afterMs: failure.retryAfterMs ?? 1000, reason: `rate limited: ${reason}`, rateLimited: true };
  if (status === 403 || status === 404 || status === 410) return { status: 'skipped', reason: 'unreachable' };
  if (status >= 400 && status < 500 && status !== 408) return { status: 'failed', reason: `rejected ${status}: ${reason}` };
  if (guarantee === 'at-most-once' && !failure.notSent) return { status: 'unknown', reason: `interrupted: ${status === 0 ? 'no answer' : `status ${status}`} (${reason}); not resent, it may have arrived` };
  return { status: 'retry', afterMs: failure.retryAfterMs ?? 0, reason: `status ${status}: ${reason}`, rateLimited: false };
}
