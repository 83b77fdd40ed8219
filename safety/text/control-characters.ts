/**
 * Control characters in text from outside (residents, platforms, officers): PostgreSQL refuses a
 * NUL in `text` and `jsonb`, so one stray `\u0000` once failed the whole turn — the crisis
 * escalation with it. Line breaks and tabs are text; every other C0 and C1 control character is
 * dropped, and CR LF / lone CR become LF. A lone UTF-16 surrogate (half an emoji, or `"\ud800"`
 * in a platform's JSON) becomes U+FFFD: `JSON.stringify` writes it as the escape `\ud800`, which
 * PostgreSQL refuses in `jsonb`, so a webhook inbox row, a conversation reference or a queued
 * Kakao message holding one could not be stored.
 */

// Control characters are what these patterns are for.
/* eslint-disable no-control-regex */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const ANY_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
/* eslint-enable no-control-regex */
const CARRIAGE_RETURN = /\r\n?/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ANY_LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** `text` without control characters other than `\n` and `\t`, and with lone surrogates as U+FFFD. */
export function stripControlCharacters(text: string): string {
  // Most messages hold none: test first, so the common case allocates nothing.
  const surrogates = ANY_LONE_SURROGATE.test(text);
  if (!ANY_CONTROL.test(text) && !surrogates) return text;
  const cleaned = text.replace(CARRIAGE_RETURN, '\n').replace(CONTROL, '');
  return surrogates ? cleaned.replace(LONE_SURROGATE, '\ufffd') : cleaned;
}

/** Strips control characters from every string in a JSON-like value (keys too); returns a new value. */
export function stripControlCharactersDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return stripControlCharacters(value);
  if (depth >= 16 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => stripControlCharactersDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) out[stripControlCharacters(key)] = stripControlCharactersDeep(v, depth + 1);
  return out;
}
