/**
 * A test transcript: middleware that records each turn's incoming and outgoing messages, and a
 * TranscriptReader over them (the lead's real one reads the transcript table).
 */
import type { Middleware, TurnContext } from 'botbuilder';
import type { TranscriptLine, TranscriptReader } from '../../../adapters/webchat/transcript-reader';

/** Middleware + reader. */
export class MemoryTranscript implements Middleware, TranscriptReader {
  private readonly lines = new Map<string, TranscriptLine[]>();

  private add(key: string, line: TranscriptLine): void {
    this.lines.set(key, [...(this.lines.get(key) ?? []), line]);
  }

  /** @inheritdoc */
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const key = `${context.activity.channelId}|${context.activity.conversation.id}`;
    if (context.activity.type === 'message' && context.activity.text) this.add(key, { direction: 'in', text: context.activity.text, createdAt: new Date() });
    context.onSendActivities(async (_ctx, activities, sendNext) => {
      for (const a of activities) if ((a.type ?? 'message') === 'message' && a.text) this.add(key, { direction: 'out', text: a.text, createdAt: new Date() });
      return sendNext();
    });
    await next();
  }

  /** @inheritdoc */
  list(channelId: string, conversationId: string, limit: number): Promise<TranscriptLine[]> {
    return Promise.resolve((this.lines.get(`${channelId}|${conversationId}`) ?? []).slice(-limit));
  }
}
