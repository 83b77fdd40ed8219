/**
 * Keeps every turn in the transcript (text in and out, already masked by the masking middleware
 * that runs before this one) and refreshes the conversation reference for proactive replies.
 */
import { TurnContext, type Activity, type Middleware } from 'botbuilder';
import type { Logger } from 'pino';
import type { ConversationRefStore } from '../../storage/conversation-ref-store';
import type { TranscriptEntry, TranscriptStore } from '../../storage/transcript-store';
import { TURN_LANG_KEY } from '../../dialogs/conversation-data';

const REF_REFRESH_MS = 60 * 60 * 1000;
const REF_CACHE_SIZE = 10_000;

/** Turn-state key an officer-initiated proactive turn sets so its messages are stored as the officer's. */
export const TURN_AUTHOR_KEY = 'madoguchi.author';

/** Writes the transcript and conversation references. */
export class TranscriptMiddleware implements Middleware {
  /**
   * References this instance saved recently (key → serialised reference and time). Only an
   * optimisation: another instance that has not seen the conversation simply saves it again.
   */
  private readonly recentRefs = new Map<string, { json: string; at: number }>();

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
      const failed = (err: unknown) => this.log.error({ err, conversationId: incoming.conversation?.id }, 'transcript write failed');
      // The reply is out: the turn need not wait for its record (the store keeps order and
      // makes its own reads wait for it).
      this.transcript.appendInBackground(isResidentMessage ? [this.entry(incoming, 'in', 'resident', incoming), ...outgoing] : outgoing, failed);
      try {
        if (isResidentMessage) await this.saveReference(context);
      } catch (err) {
        this.log.error({ err, conversationId: incoming.conversation?.id }, 'conversation reference write failed');
      }
    }
  }

  /** Saves the conversation reference when it changed or was last saved over an hour ago. */
  private async saveReference(context: TurnContext): Promise<void> {
    const reference = TurnContext.getConversationReference(context.activity);
    const lang = context.turnState.get<string | undefined>(TURN_LANG_KEY) ?? null;
    const key = `${reference.channelId}/${reference.conversation?.id}`;
    // The activity id changes every turn and is not needed to reach the resident later.
    const { activityId: _activityId, ...stable } = reference;
    const json = JSON.stringify([stable, lang]);
    const now = Date.now();
    const seen = this.recentRefs.get(key);
    if (seen && seen.json === json && now - seen.at < REF_REFRESH_MS) return;
    await this.refs.save(reference, lang);
    this.recentRefs.delete(key);
    this.recentRefs.set(key, { json, at: now });
    if (this.recentRefs.size > REF_CACHE_SIZE) this.recentRefs.delete(this.recentRefs.keys().next().value as string);
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
