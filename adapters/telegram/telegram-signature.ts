/**
 * Telegram does not sign updates; `setWebhook(secret_token)` makes it send the secret in
 * `X-Telegram-Bot-Api-Secret-Token`, which is compared in constant time.
 */
import { secretEquals } from '../shared/secret-equals';

/** True only when the header carries the configured TELEGRAM_WEBHOOK_SECRET. */
export function verifyTelegramSecret(expected: string, given: string | undefined): boolean {
  return secretEquals(expected, given);
}
