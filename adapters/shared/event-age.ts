/**
 * Replay protection by age: a signed event is valid forever, so an event whose platform time is
 * further from now than the maximum age (WEBHOOK_MAX_AGE_SECONDS) is not processed. Together with
 * the inbox (which remembers keys far longer than this age) a captured event cannot be replayed.
 */

/** Default maximum event age: 10 minutes. */
export const DEFAULT_MAX_EVENT_AGE_MS = 10 * 60 * 1000;

/**
 * True when an event sent at `eventAtMs` (epoch ms) is too old, or too far in the future (a forged
 * or badly skewed time would otherwise make it replayable later).
 */
export function isStaleEvent(eventAtMs: number, nowMs: number, maxAgeMs: number): boolean {
  return !Number.isFinite(eventAtMs) || Math.abs(nowMs - eventAtMs) > maxAgeMs;
}
