/**
 * What a webhook inbox keeps of a platform payload until it is processed: the payload with
 * control characters removed from every string (PostgreSQL refuses a NUL in `jsonb`, which would
 * leave the event unstored and the platform unanswered) and personal data masked in every string
 * a resident may have written — message text, captions, display names, shared contacts. The
 * masking middleware masks the same text again when the turn runs, so masking it here first
 * changes nothing a resident sees; it only keeps the raw values out of `webhook_events` while an
 * event waits. Identifier-like fields (ids, tokens, types, timestamps) and the fields a channel
 * must read back exactly (`verbatimKeys`, with all beneath them: e.g. callback data the bot itself
 * made) are not masked.
 */
import { stripControlCharacters } from '../../safety/text/control-characters';

/** Masks personal data in one string (the project's PII masker, passed in from the wiring). */
export type MaskText = (text: string) => string;

// Keys whose values are identifiers, not resident text (as in the masking middleware).
const IDENTIFIER_KEY = /(?:^id$|id$|Id$|_id$|token|signature|secret|url$|uri$|^type$|timestamp|^mode$|^channel$)/i;
// Deeper than any field a channel reads; what lies below is dropped rather than stored unmasked.
const MAX_DEPTH = 16;

/**
 * `payload` as the inbox may store it (a new value; the original is left as it is). Without
 * `maskText` only control characters are removed.
 */
export function storablePayload(payload: unknown, maskText: MaskText | undefined, verbatimKeys: ReadonlySet<string> = new Set()): unknown {
  return clean(payload, maskText, verbatimKeys, 0, true);
}

function clean(value: unknown, maskText: MaskText | undefined, verbatim: ReadonlySet<string>, depth: number, mask: boolean): unknown {
  if (typeof value === 'string') {
    const text = stripControlCharacters(value);
    return mask && maskText ? maskText(text) : text;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(value)) return value.map((v) => clean(v, maskText, verbatim, depth + 1, mask) ?? null);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    // An identifier-like key exempts its own string only: an object under it is still masked.
    const masked = mask && !verbatim.has(key) && !(typeof v === 'string' && IDENTIFIER_KEY.test(key));
    const cleaned = clean(v, maskText, verbatim, depth + 1, masked);
    if (cleaned !== undefined) out[stripControlCharacters(key)] = cleaned;
  }
  return out;
}
