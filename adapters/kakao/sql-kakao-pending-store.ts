/**
 * {@link KakaoPendingStore} in the shared database (table `kakao_pending_messages`), so the
 * instance that receives the resident's next utterance finds what another instance queued.
 */
import type { Database } from '../../storage/database';
import type { KakaoPendingStore, StoredKakaoActivity } from './kakao-pending-store';

/** Queue over SQL; `takeAll` deletes and returns in one statement, so two instances never both deliver. */
export class SqlKakaoPendingStore implements KakaoPendingStore {
  constructor(private readonly db: Database) {}

  /** @inheritdoc */
  async enqueue(userId: string, activities: StoredKakaoActivity[]): Promise<void> {
    for (const a of activities) {
      await this.db.query('INSERT INTO kakao_pending_messages (user_id, payload) VALUES ($1, $2)', [userId, JSON.stringify(a)]);
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
