/**
 * {@link KakaoPendingStore} in the shared database (table `kakao_pending_messages`), so the
 * instance that receives the resident's next utterance finds what another instance queued.
 * An officer's reply waits here too, written in the console and never seen by the masking
 * middleware: the text of proactive messages is masked before it is stored, so the resident
 * receives the masked copy (as on every channel when an officer resends a kept message). The
 * bot's late answers are its documents' words and are kept as they are (an office's number in
 * them must reach the resident).
 */
import type { Database } from '../../storage/database';
import { stripControlCharactersDeep } from '../../safety/text/control-characters';
import type { KakaoPendingSource, KakaoPendingStore, StoredKakaoActivity } from './kakao-pending-store';

/** Queue over SQL; `takeAll` deletes and returns in one statement, so two instances never both deliver. */
export class SqlKakaoPendingStore implements KakaoPendingStore {
  /**
   * @param db the shared database
   * @param maskText masks personal data in the text of a proactive message (optional)
   */
  constructor(
    private readonly db: Database,
    private readonly maskText?: (text: string) => string,
  ) {}

  /** @inheritdoc */
  async enqueue(userId: string, activities: StoredKakaoActivity[], source: KakaoPendingSource = 'turn'): Promise<void> {
    for (const a of activities) {
      // jsonb refuses a NUL; the text is cleaned before masking so a split number is still found.
      const stored = stripControlCharactersDeep(a) as StoredKakaoActivity;
      if (source === 'proactive' && typeof stored.text === 'string' && this.maskText) stored.text = this.maskText(stored.text);
      await this.db.query('INSERT INTO kakao_pending_messages (user_id, payload) VALUES ($1, $2)', [userId, JSON.stringify(stored)]);
    }
  }

  /** @inheritdoc */
  async takeAll(userId: string): Promise<StoredKakaoActivity[]> {
    const result = await this.db.query<{ id: string | number; payload: unknown }>(
      'DELETE FROM kakao_pending_messages WHERE user_id = $1 RETURNING id, payload',
      [userId],
    );
    return result.rows
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as StoredKakaoActivity);
  }
}
