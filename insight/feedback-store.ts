/**
 * Stores residents' 👍 / 👎 in `demand_feedback` with the cited documents, top section, confidence
 * band and route of the conversation's last knowledge-base answer (read from its demand events,
 * so no answer text is kept anywhere for this). Never throws: a lost press is logged.
 */
import type { SqlRunner } from '../storage/database';
import type { FeedbackPress, FeedbackRecord, FeedbackRecorder } from './ports';
import type { DemandLog } from './demand-recorder';
import { residentKey } from './resident-key';

/** The FeedbackRecorder over the database. */
export class FeedbackStore implements FeedbackRecorder {
  constructor(
    private readonly db: SqlRunner,
    private readonly options: {
      /** Waits for the turn events still being written (the answer the press is about). */
      settled?: () => Promise<void>;
      log?: DemandLog;
      now?: () => number;
    } = {},
  ) {}

  async record(press: FeedbackPress): Promise<FeedbackRecord | null> {
    try {
      await this.options.settled?.();
      const { rows } = await this.db.query<{ route: string; doc_id: string; doc_ids: string[]; section: string; confidence_band: string; created_at: string | Date }>(
        `SELECT route, doc_id, doc_ids, section, confidence_band, created_at FROM demand_events
          WHERE channel_id = $1 AND conversation_id = $2 AND answer_status <> '' ORDER BY id DESC LIMIT 1`,
        [press.channelId, press.conversationId],
      );
      const last = rows[0];
      const docIds = last?.doc_ids ?? [];
      await this.db.query(
        `INSERT INTO demand_feedback (created_at, channel_id, conversation_id, resident_key, lang, helpful, route, doc_ids, section, confidence_band)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          new Date((this.options.now ?? Date.now)()).toISOString(),
          press.channelId,
          press.conversationId,
          residentKey(press.channelId, press.userId, press.conversationId),
          press.lang,
          press.helpful,
          last?.route ?? '',
          docIds,
          last?.section ?? '',
          last?.confidence_band ?? '',
        ],
      );
      return { route: last?.route ?? '', docIds };
    } catch (err) {
      this.options.log?.warn({ err }, 'feedback not recorded');
      return null;
    }
  }
}
