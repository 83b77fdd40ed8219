/**
 * Starts a resident message's reads at once, so they overlap instead of following each other: the
 * conversation state and the conversation's open hand-off are read while the limits middleware
 * counts the message. On PostgreSQL each is a round trip, so three round trips become one wait.
 * The bot and the main dialog use what was read; a read that failed is simply tried again where it
 * is needed, so errors surface where they did before.
 */
import type { BotState, Middleware, TurnContext } from 'botbuilder';
import type { HandoffPhase } from '../../dialogs/ports';
import { TURN_OPEN_PHASE_KEY } from '../../dialogs/conversation-data';
import { TURN_AUTHOR_KEY } from './transcript-middleware';

/** Turn-state key of the conversation state being loaded (a promise; see {@link awaitPrefetchedState}). */
const TURN_STATE_LOADING_KEY = 'madoguchi.stateLoading';

/** Reads a message turn's conversation state and open hand-off early. */
export class TurnPrefetchMiddleware implements Middleware {
  constructor(
    private readonly conversationState: BotState,
    private readonly openPhase: (channelId: string, conversationId: string) => Promise<HandoffPhase | null>,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const a = context.activity;
    if (a.type === 'message' && (a.text ?? '') !== '' && a.conversation?.id && !context.turnState.get(TURN_AUTHOR_KEY)) {
      const state = this.conversationState.load(context);
      const phase = this.openPhase(a.channelId, a.conversation.id);
      // Observed here, so a turn the limits stop leaves no unhandled rejection; awaited where used.
      state.catch(() => undefined);
      phase.catch(() => undefined);
      context.turnState.set(TURN_STATE_LOADING_KEY, state);
      context.turnState.set(TURN_OPEN_PHASE_KEY, phase);
    }
    return next();
  }
}

/**
 * Waits for a conversation-state load this middleware started (so the bot does not read the same
 * row a second time); a failed load is ignored here, as the bot's own load tries again.
 */
export async function awaitPrefetchedState(context: TurnContext): Promise<void> {
  await context.turnState.get<Promise<unknown> | undefined>(TURN_STATE_LOADING_KEY)?.catch(() => undefined);
}
