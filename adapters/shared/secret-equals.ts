/**
 * Constant-time comparison of a shared secret sent in a header (Telegram, Kakao): both sides
 * are hashed first so neither the content nor the length of the secret leaks through timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** True only when `given` equals `expected` (an empty expected secret never matches). */
export function secretEquals(expected: string, given: string | undefined): boolean {
  if (!expected || typeof given !== 'string') return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(given, 'utf8').digest();
  return timingSafeEqual(a, b);
}
