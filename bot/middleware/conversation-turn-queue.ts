/**
 * Runs one conversation's message turns one after another, in the order they arrived.
 *
 * A turn reads the conversation state, decides, replies and writes the state back. Two messages
 * of one conversation in flight at once both read the state before either writes it: both
 * showed the privacy notice to a resident who sent two messages at once, and one turn's change
 * (the language, the "not sure" streak) overwrote the other's. Waiting for the turn before makes
 * each turn see its predecessor's state. Different conversations still run in parallel.
 *
 * Only messages are queued: proactive turns (officer replies, type `event`) may run while a
 * resident's turn is in flight and must never wait for it.
 *
 * The queue is per process. The embedded database serves one process; with PostgreSQL and several
 * instances behind a load balancer, two messages of one conversation can still reach two
 * instances at once.
 */
import type { Middleware, TurnContext } from 'botbuilder';

/** Serialises message turns per conversation (see file comment). */
export class ConversationTurnQueue implements Middleware {
  /** Conversation key → the end of its last queued turn. */
  private readonly tails = new Map<string, Promise<void>>();

  /** Conversations with a turn in flight or waiting (tests, metrics). */
  get busyConversations(): number {
    return this.tails.size;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const a = context.activity;
    if (a.type !== 'message' || !a.conversation?.id) return next();
    const key = `${a.channelId}\n${a.conversation.id}`;
    const previous = this.tails.get(key);
    let release = (): void => undefined;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    // `previous` and `mine` never reject: a failed turn still releases its successor.
    const tail = previous ? previous.then(() => mine) : mine;
    this.tails.set(key, tail);
    try {
      if (previous) await previous;
      await next();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
