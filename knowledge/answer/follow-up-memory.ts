/**
 * Which follow-ups ("Documents needed", "Where to ask") each conversation was last offered, so a
 * pressed button — which comes back as the resident's message text on every channel — is
 * answered from the same document without a new search. Bounded (the oldest conversation goes
 * first) and per instance: on another instance or after a restart the text is simply searched,
 * and its program name and aspect words find the same section.
 */
import type { FollowUp } from './extractive-answerer';

/** Conversations remembered at most. */
const LIMIT = 10_000;

/** Per-conversation follow-up offers (see file comment). */
export class FollowUpMemory {
  private readonly offers = new Map<string, readonly FollowUp[]>();

  constructor(private readonly limit = LIMIT) {}

  /** Records what the conversation was offered (replacing the previous offer). */
  offer(conversationId: string, followUps: readonly FollowUp[]): void {
    this.offers.delete(conversationId);
    if (this.offers.size >= this.limit) this.offers.delete(this.offers.keys().next().value as string);
    this.offers.set(conversationId, followUps);
  }

  /** The offered follow-up whose button text the message is, if any. */
  match(conversationId: string, text: string): FollowUp | undefined {
    const message = text.trim().normalize('NFKC');
    return this.offers.get(conversationId)?.find((f) => f.value.normalize('NFKC') === message || f.title.normalize('NFKC') === message);
  }
}
