/**
 * The pseudonymous key that lets the insight tables count distinct residents without storing an
 * account id: a truncated SHA-256 of channel and account (or conversation, when no account is known).
 */
import { createHash } from 'node:crypto';

/** The key of one resident on one channel. */
export function residentKey(channelId: string, userId: string | undefined, conversationId: string): string {
  const who = userId ? `u:${userId}` : `c:${conversationId}`;
  return createHash('sha256').update(`${channelId}/${who}`).digest('hex').slice(0, 20);
}
