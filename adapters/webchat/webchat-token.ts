/**
 * Web chat conversation tokens: HMAC-SHA256(secret, conversation id). Stateless, so any instance
 * can check them; a resident holding one token can never read another conversation.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new unguessable conversation id. */
export function newConversationId(): string {
  return `wc-${randomBytes(16).toString('base64url')}`;
}

/** The token for a conversation. */
export function tokenFor(secret: string | Buffer, conversationId: string): string {
  return createHmac('sha256', secret).update(`webchat:${conversationId}`).digest('base64url');
}

/** True only when `token` belongs to `conversationId`. */
export function verifyToken(secret: string | Buffer, conversationId: string, token: string | undefined): boolean {
  if (!token) return false;
  const expected = Buffer.from(tokenFor(secret, conversationId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The Bearer token of an Authorization header. */
export function bearerOf(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}
