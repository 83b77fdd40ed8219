/**
 * Telegram does not sign updates; `setWebhook(secret_token)` makes it send the secret in
 * `X-Telegram-Bot-Api-Secret-Token`. It is compared in constant time after a length check.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** True only when `given` equals the configured secret. */
export function verifyTelegramSecret(expected: string, given: string | undefined): boolean {
  if (!expected || typeof given !== 'string') return false;
  // Hashing both sides gives equal lengths without revealing the secret's length by timing.
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
