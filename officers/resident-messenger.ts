/**
 * Reaches a resident on their original channel outside their own turn: finds the channel's
 * proactive sender and the stored conversation reference, and sends one message marked with its
 * author so the transcript middleware stores it as the officer's (or the system's), not the bot's.
 */
import type { ConversationReference } from 'botbuilder';
import { TURN_AUTHOR_KEY } from '../bot/middleware/transcript-middleware';
import type { ConversationRefStore } from '../storage/conversation-ref-store';
import type { TranscriptStore } from '../storage/transcript-store';
import type { Handoff } from './handoff-repository';
import type { SenderLookup } from './ports';

/** Why a message did not go out. */
export class ResidentUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ResidentUnreachableError';
  }
}

/** Settings of {@link ResidentMessenger}. */
export interface ResidentMessengerOptions {
  senderFor: SenderLookup;
  refs: ConversationRefStore;
  transcript: TranscriptStore;
  /**
   * Append sent lines to the transcript here. Leave false when every channel runs the transcript
   * middleware (the app does), which records proactive messages itself; true for senders without it.
   */
  writeTranscript?: boolean;
}

/** Sends officer and system messages to residents. */
export class ResidentMessenger {
  constructor(private readonly options: ResidentMessengerOptions) {}

  /** Sends `text`; throws {@link ResidentUnreachableError} when it cannot be delivered. */
  async send(handoff: Handoff, text: string, author: 'officer' | 'system'): Promise<void> {
    const sender = this.options.senderFor(handoff.channelId);
    if (!sender) throw new ResidentUnreachableError(`no proactive sender for channel ${handoff.channelId}`);
    const stored = await this.options.refs.get(handoff.channelId, handoff.conversationId);
    const reference: Partial<ConversationReference> | null = stored?.reference ?? handoff.reference;
    if (!reference) throw new ResidentUnreachableError('no conversation reference stored for this conversation');
    try {
      await sender.continueConversation(reference, async (context) => {
        context.turnState.set(TURN_AUTHOR_KEY, author);
        // The author also travels on the activity, so a channel can show who wrote it (the web chat labels officers).
        await context.sendActivity({ type: 'message', text, locale: handoff.lang, channelData: { madoguchi: { author } } });
      });
    } catch (err) {
      throw new ResidentUnreachableError(`the ${handoff.channelId} channel did not accept the message`, { cause: err });
    }
    if (this.options.writeTranscript) {
      await this.options.transcript.append([
        {
          channelId: handoff.channelId,
          conversationId: handoff.conversationId,
          userId: handoff.userId,
          direction: 'out',
          author,
          activityType: 'message',
          text,
        },
      ]);
    }
  }
}
