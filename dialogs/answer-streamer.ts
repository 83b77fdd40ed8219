/**
 * Streams a growing answer to channels that can show it, using the Bot Framework streaming
 * convention: `typing` activities carrying the text so far and a `streaminfo` entity, then the
 * final message carrying `streamType: final`. Updates are throttled so a fast model does not
 * flood the channel.
 */
import { randomUUID } from 'node:crypto';
import type { Activity, TurnContext } from 'botbuilder';

/** Sends throttled partial answers for one turn. */
export class AnswerStreamer {
  readonly streamId = randomUUID();
  private sequence = 0;
  private lastSentAt = 0;
  private lastText = '';

  constructor(
    private readonly context: TurnContext,
    private readonly minIntervalMs = 250,
  ) {}

  /** True once at least one partial has been sent. */
  get started(): boolean {
    return this.sequence > 0;
  }

  /** Sends the text so far, unless the previous update was too recent. */
  async partial(textSoFar: string): Promise<void> {
    const now = Date.now();
    if (textSoFar === this.lastText || now - this.lastSentAt < this.minIntervalMs) return;
    this.lastSentAt = now;
    this.lastText = textSoFar;
    this.sequence += 1;
    await this.context.sendActivity({
      type: 'typing',
      text: textSoFar,
      entities: [{ type: 'streaminfo', streamId: this.streamId, streamType: 'streaming', streamSequence: this.sequence }],
    });
  }

  /** Marks the final message of the stream. */
  finalize(activity: Partial<Activity>): Partial<Activity> {
    if (!this.started) return activity;
    return { ...activity, entities: [...(activity.entities ?? []), { type: 'streaminfo', streamId: this.streamId, streamType: 'final' }] };
  }
}
