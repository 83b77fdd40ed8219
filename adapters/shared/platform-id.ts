/**
 * Identifiers from a platform — conversation, user, activity and event ids, reply tokens — are
 * stored as keys and put into the platform's URLs and headers. One that holds a control character
 * or half a surrogate pair, or that is longer than any the platform issues, is refused with 400
 * at the edge: accepted, it failed the turn behind the acknowledgement (PostgreSQL refuses a NUL
 * and a lone surrogate, `encodeURIComponent` throws on a lone surrogate, a header cannot carry a
 * control character, and a 20,000-character conversation id made the reply URL too long: 431).
 * Text a resident wrote is not an identifier: it is cleaned, not refused (control-characters.ts).
 */
import { z } from 'zod';

// C0 and C1 control characters, and a surrogate without its other half.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `value` can serve as a stored key, a URL segment and a header value. */
export function isPrintableId(value: string): boolean {
  return !UNPRINTABLE.test(value);
}

/** A platform identifier: 1 to `max` characters, none a control character or a lone surrogate. */
export function platformId(max = 256): z.ZodString {
  return z.string().min(1).max(max).refine(isPrintableId, { message: 'must not hold control characters or lone surrogates' });
}
