/**
 * Keeps every turn in the transcript (text in and out, already masked by the masking middleware
 * that runs before this one) and refreshes the conversation reference for proactive replies.
 */
import { TurnContext, type Activity, type Middleware } from 'botbuilder';
import type { Logger } from 'pino';
import type { ConversationRefStore } from '../../storage/conversation-ref-store';
import type { TranscriptEntry, TranscriptStore } from '../../storage/transcript-store';
import { TURN_LANG_KEY } from '../../dialogs/conversation-data';

/** Turn-state key an officer-initiated proactive turn sets so its messages are stored as the officer's. */
export const TURN_AUTHOR_KEY = 'madoguchi.author';

/** Writes the transcript and conversation references. */
export class TranscriptMiddleware implements Middleware {
  constructor(
    private readonly transcript: TranscriptStore,
    private readonly refs: ConversationRefStore,
    private readonly log: Logger,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const incoming = context.activity;
    const outgoing: TranscriptEntry[] = [];
    context.onSendActivities(async (ctx, activities, sendNext) => {
      const author = ctx.turnState.get<TranscriptEntry['author'] | undefined>(TURN_AUTHOR_KEY) ?? 'bot';
      for (const a of activities) {
        if (a.type === 'message' && (a.text ?? '') !== '') outgoing.push(this.entry(incoming, 'out', author, a));
      }
      return sendNext();
    });
    const isResidentMessage = incoming.type === 'message' && (incoming.text ?? '') !== '' && !context.turnState.get(TURN_AUTHOR_KEY);
    try {
      await next();
    } finally {
      try {
        const entries = isResidentMessage ? [this.entry(incoming, 'in', 'resident', incoming), ...outgoing] : outgoing;
        if (entries.length > 0) await this.transcript.append(entries);
        if (isResidentMessage) {
          const lang = context.turnState.get<string | undefined>(TURN_LANG_KEY) ?? null;
          await this.refs.save(TurnContext.getConversationReference(incoming), lang);
        }
      } catch (err) {
        this.log.error({ err, conversationId: incoming.conversation?.id }, 'transcript write failed');
      }
    }
  }

  private entry(incoming: Partial<Activity>, direction: 'in' | 'out', author: TranscriptEntry['author'], a: Partial<Activity>): TranscriptEntry {
    return {
      channelId: incoming.channelId ?? '',
      conversationId: incoming.conversation?.id ?? '',
      userId: direction === 'in' ? (incoming.from?.id ?? '') : (incoming.from?.id ?? incoming.recipient?.id ?? ''),
      direction,
      author,
      activityType: a.type ?? 'message',
      text: a.text ?? '',
      activityId: a.id,
    };
  }
}
