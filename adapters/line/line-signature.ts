/**
 * LINE webhook signature: base64(HMAC-SHA256(channel secret, raw body)) in `X-Line-Signature`.
 * Verified over the raw bytes before any parsing; compared in constant time after a length check.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Computes the signature LINE sends for `body` (also used by tests to sign fixtures). */
export function signLineBody(body: Buffer | string, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(body).digest('base64');
}

/**
 * @returns true only when `signature` is the exact signature of `rawBody`
 */
export function verifyLineSignature(rawBody: Buffer, channelSecret: string, signature: string | undefined): boolean {
  if (!signature || !channelSecret) return false;
  const expected = Buffer.from(signLineBody(rawBody, channelSecret), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
