/**
 * Conversation references for proactive replies (officer messages, callbacks), kept in the
 * database — never in an in-memory map — so any instance can reach any resident.
 */
import type { ConversationReference } from 'botbuilder';
import type { Database } from './database';

/** A stored reference with the resident's last language. */
export interface StoredConversationRef {
  channelId: string;
  conversationId: string;
  userId: string;
  reference: Partial<ConversationReference>;
  lang: string | null;
}

/** Saves and loads conversation references. */
export class ConversationRefStore {
  constructor(private readonly db: Database) {}

  /** Inserts or refreshes a conversation's reference. */
  async save(reference: Partial<ConversationReference>, lang: string | null): Promise<void> {
    const channelId = reference.channelId ?? '';
    const conversationId = reference.conversation?.id ?? '';
    const userId = reference.user?.id ?? '';
    if (!channelId || !conversationId) return;
    await this.db.query(
      `INSERT INTO conversation_refs (channel_id, conversation_id, user_id, reference, lang, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (channel_id, conversation_id) DO UPDATE
       SET user_id = EXCLUDED.user_id, reference = EXCLUDED.reference, lang = COALESCE(EXCLUDED.lang, conversation_refs.lang), updated_at = now()`,
      [channelId, conversationId, userId, JSON.stringify(reference), lang],
    );
  }

  /** Loads a conversation's reference, or null if unknown. */
  async get(channelId: string, conversationId: string): Promise<StoredConversationRef | null> {
    const { rows } = await this.db.query<{ user_id: string; reference: Partial<ConversationReference>; lang: string | null }>(
      'SELECT user_id, reference, lang FROM conversation_refs WHERE channel_id = $1 AND conversation_id = $2',
      [channelId, conversationId],
    );
    const row = rows[0];
    if (!row) return null;
    return { channelId, conversationId, userId: row.user_id, reference: row.reference, lang: row.lang };
  }
}
