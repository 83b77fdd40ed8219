/**
 * Stores residents' 👍 / 👎 in `demand_feedback` with the cited documents, top section, confidence
 * band and route of the conversation's last knowledge-base answer (read from its demand events,
 * so no answer text is kept anywhere for this), and what followed a 👎: the resident's optional
 * reason (masked, clipped; purged with the transcript) or a press of "Skip" — at most one of the
 * two, on the conversation's last 👎. Never throws: a lost press is logged.
 */
import type { SqlRunner } from '../storage/database';
import type { FeedbackPress, FeedbackReason, FeedbackRecord, FeedbackRecorder, FeedbackSkip } from './ports';
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
      /** Masks a reason again before it is stored (the channel middleware masked it already). */
      mask?: (text: string) => string;
    } = {},
  ) {}

  async record(press: FeedbackPress): Promise<FeedbackRecord | null> {
    try {
      await this.options.settled?.();
      const { rows } = await this.db.query<{ id: string; route: string; doc_id: string; doc_ids: string[]; section: string; confidence_band: string; created_at: string | Date }>(
        `SELECT id::text AS id, route, doc_id, doc_ids, section, confidence_band, created_at FROM demand_events
          WHERE channel_id = $1 AND conversation_id = $2 AND answer_status <> '' ORDER BY id DESC LIMIT 1`,
        [press.channelId, press.conversationId],
      );
      const last = rows[0];
      const docIds = last?.doc_ids ?? [];
      await this.db.query(
        `INSERT INTO demand_feedback (created_at, channel_id, conversation_id, resident_key, lang, helpful, route, doc_ids, section, confidence_band, event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
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
          last?.id ?? null,
        ],
      );
      return { route: last?.route ?? '', docIds };
    } catch (err) {
      this.options.log?.warn({ err }, 'feedback not recorded');
      return null;
    }
  }

  async reason(reason: FeedbackReason): Promise<boolean> {
    try {
      const masked = clip((this.options.mask ?? ((t: string) => t))(reason.text).replace(/\s+/g, ' ').trim(), REASON_CHARS);
      if (!masked) return false;
      const { affectedRows } = await this.db.query(`UPDATE demand_feedback SET reason = $3 WHERE ${LAST_OPEN_UNHELPFUL}`, [reason.channelId, reason.conversationId, masked]);
      return affectedRows > 0;
    } catch (err) {
      this.options.log?.warn({ err }, 'feedback reason not recorded');
      return false;
    }
  }

  async skip(skip: FeedbackSkip): Promise<boolean> {
    try {
      const { affectedRows } = await this.db.query(`UPDATE demand_feedback SET skipped = true WHERE ${LAST_OPEN_UNHELPFUL}`, [skip.channelId, skip.conversationId]);
      return affectedRows > 0;
    } catch (err) {
      this.options.log?.warn({ err }, 'feedback skip not recorded');
      return false;
    }
  }
}

/** The conversation's ($1, $2) last 👎, while it has neither a reason nor a skip. */
const LAST_OPEN_UNHELPFUL = `id = (SELECT max(id) FROM demand_feedback WHERE channel_id = $1 AND conversation_id = $2 AND NOT helpful) AND reason = '' AND NOT skipped`;

/** The longest reason kept (characters). */
const REASON_CHARS = 500;

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? chars.slice(0, max).join('') : text;
}
