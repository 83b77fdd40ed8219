/**
 * Leaves one aggregate-friendly event per resident turn in `demand_events`: time, channel,
 * language, route, the top cited document and section, the confidence band, whether the turn
 * escalated and the id of the resident's activity — never the message text. It observes turn outcomes (a TurnOutcomeSink): the write
 * runs beside the turn, and a failed write is logged, never felt by the resident.
 */
import type { TurnOutcome, TurnOutcomeSink } from '../dialogs/ports';
import type { SqlRunner } from '../storage/database';
import { confidenceBand } from './ports';
import { residentKey } from './resident-key';

/** Where failed writes are reported (a pino logger fits). */
export interface DemandLog {
  warn(obj: object, msg: string): void;
}

/** Records turn outcomes as demand events. */
export class DemandRecorder implements TurnOutcomeSink {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly db: SqlRunner,
    private readonly log?: DemandLog,
    private readonly now: () => number = Date.now,
  ) {}

  record(outcome: TurnOutcome): void {
    const write = this.write(outcome).catch((err: unknown) => this.log?.warn({ err }, 'demand event not recorded'));
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  /** Resolves when every event recorded so far is written (feedback reads the last answer; shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async write(outcome: TurnOutcome): Promise<void> {
    const top = outcome.answer?.citations[0];
    await this.db.query(
      `INSERT INTO demand_events (created_at, channel_id, conversation_id, resident_key, lang, route, answer_status, doc_id, doc_ids, section, confidence_band, escalated, activity_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        new Date(this.now()).toISOString(),
        outcome.channelId,
        outcome.conversationId,
        residentKey(outcome.channelId, outcome.userId, outcome.conversationId),
        outcome.lang,
        outcome.route,
        outcome.answer?.status ?? '',
        top?.docId ?? '',
        [...new Set(outcome.answer?.citations.map((c) => c.docId) ?? [])],
        top?.section ?? '',
        outcome.answer ? confidenceBand(outcome.answer.confidence) : '',
        outcome.escalated,
        outcome.activityId ?? null,
      ],
    );
  }
}
