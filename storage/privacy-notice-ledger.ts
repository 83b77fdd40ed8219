/**
 * Records which conversations were shown the privacy notice, so that exactly one instance shows it
 * when a resident's first messages reach several instances at once (an INSERT that wins or not).
 */
import type { SqlRunner } from './database';

/** The privacy-notice ledger over the `privacy_notices` table (PGlite or PostgreSQL). */
export class SqlPrivacyNoticeLedger {
  constructor(private readonly db: SqlRunner) {}

  /** True for the first caller of a conversation, false for every later one. */
  async claim(channelId: string, conversationId: string, userId: string): Promise<boolean> {
    const { rows } = await this.db.query(
      `INSERT INTO privacy_notices (channel_id, conversation_id, user_id) VALUES ($1, $2, $3)
       ON CONFLICT (channel_id, conversation_id) DO NOTHING RETURNING 1 AS won`,
      [channelId, conversationId, userId],
    );
    return rows.length > 0;
  }
}
