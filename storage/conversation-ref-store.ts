/**
 * Conversation references for proactive replies (officer messages, callbacks), kept in the
 * database — never in an in-memory map — so any instance can reach any resident. A reference
 * carries the names the platform gives the resident and the conversation ("Resident
 * 010-3333-4444"): those are masked here, whatever path the reference came by.
 */
import type { ConversationReference } from 'botbuilder';
import { stripControlCharactersDeep } from '../safety/text/control-characters';
import type { Database } from './database';
import { batchLimits, GroupBatcher } from './group-batcher';
import { conversationKey } from './conversation-key';

/** A stored reference with the resident's last language. */
export interface StoredConversationRef {
  channelId: string;
  conversationId: string;
  userId: string;
  reference: Partial<ConversationReference>;
  lang: string | null;
}

interface RefRow {
  channelId: string;
  conversationId: string;
  userId: string;
  reference: string;
  lang: string | null;
}

/** Settings of a {@link ConversationRefStore}. */
export interface ConversationRefStoreOptions {
  /** Masks personal data in the resident's and the conversation's names before they are stored. */
  maskText?: (text: string) => string;
}

/**
 * The reference as stored: without control characters (PostgreSQL's jsonb refuses a NUL) and
 * with the resident's and the conversation's display names masked. Ids are kept as they are.
 */
export function storableReference(reference: Partial<ConversationReference>, maskText?: (text: string) => string): Partial<ConversationReference> {
  // The copy is new throughout, so the caller's reference (often the live activity's) is not changed.
  const clean = stripControlCharactersDeep(reference) as Partial<ConversationReference>;
  if (!maskText) return clean;
  if (typeof clean.user?.name === 'string') clean.user.name = maskText(clean.user.name);
  if (typeof clean.conversation?.name === 'string') clean.conversation.name = maskText(clean.conversation.name);
  return clean;
}

/** Saves and loads conversation references. */
export class ConversationRefStore {
  /** References saved at the same time share one upsert; a conversation appears once per batch. */
  private readonly saves: GroupBatcher<RefRow, void>;

  constructor(
    private readonly db: Database,
    private readonly options: ConversationRefStoreOptions = {},
  ) {
    this.saves = new GroupBatcher((rows) => this.upsert(rows), {
      ...batchLimits(db.driver),
      keysOf: (row) => [conversationKey(row.channelId, row.conversationId)],
    });
  }

  /** Inserts or refreshes a conversation's reference. */
  async save(reference: Partial<ConversationReference>, lang: string | null): Promise<void> {
    const channelId = reference.channelId ?? '';
    const conversationId = reference.conversation?.id ?? '';
    if (!channelId || !conversationId) return;
    const stored = storableReference(reference, this.options.maskText);
    await this.saves.add({
      channelId: stored.channelId ?? '',
      conversationId: stored.conversation?.id ?? '',
      userId: stored.user?.id ?? '',
      reference: JSON.stringify(stored),
      lang,
    });
  }

  private async upsert(rows: RefRow[]): Promise<void[]> {
    // One SQL text for every batch size (arrays, not a VALUES list), so it stays one prepared statement.
    await this.db.query(
      `INSERT INTO conversation_refs (channel_id, conversation_id, user_id, reference, lang, updated_at)
       SELECT channel_id, conversation_id, user_id, reference, lang, now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::text[]) AS r(channel_id, conversation_id, user_id, reference, lang)
       ON CONFLICT (channel_id, conversation_id) DO UPDATE
       SET user_id = EXCLUDED.user_id, reference = EXCLUDED.reference, lang = COALESCE(EXCLUDED.lang, conversation_refs.lang), updated_at = now()`,
      [rows.map((r) => r.channelId), rows.map((r) => r.conversationId), rows.map((r) => r.userId), rows.map((r) => r.reference), rows.map((r) => r.lang)],
    );
    return rows.map(() => undefined);
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
