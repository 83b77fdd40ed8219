/**
 * A limit on how many hand-offs a conversation and a client may open: each one puts a case in
 * front of a person, so a script that opens one per message (or per new conversation) would bury
 * the officers' queue. Only creations count: a request that joins the conversation's open
 * hand-off costs nothing. A crisis is never refused: it is counted, then joins the open
 * hand-off (which becomes urgent) or opens one.
 */
import type { EscalationRequest, HandoffGateway, HandoffPhase, HandoffTicket, Lang, ResidentMessageOutcome } from '../dialogs/ports';
import type { RateLimits } from '../safety/limits/sliding-window';

const HOUR = 60 * 60_000;

/** Thrown when a new ordinary hand-off would pass a limit (the turn error handler tells the resident). */
export class HandoffLimitedError extends Error {
  constructor(
    readonly limit: 'conversation' | 'client',
    readonly retryAfterMs: number,
  ) {
    super(`hand-off limit per ${limit} reached`);
    this.name = 'HandoffLimitedError';
  }
}

/** What {@link RateLimitedHandoffGateway} needs. */
export interface RateLimitedHandoffGatewayDeps {
  inner: HandoffGateway;
  limiter: RateLimits;
  /** HANDOFF_LIMIT_PER_CONVERSATION_PER_HOUR. */
  perConversationPerHour: number;
  /** HANDOFF_LIMIT_PER_CLIENT_PER_HOUR. */
  perClientPerHour: number;
  /** The client a request comes from (an address, or the resident's account on the channel). */
  clientOf: (request: EscalationRequest) => string;
  log?: { warn(obj: object, msg: string): void };
}

/** Wraps the hand-off gateway with creation limits (see file comment). */
export class RateLimitedHandoffGateway implements HandoffGateway {
  constructor(private readonly deps: RateLimitedHandoffGatewayDeps) {}

  /** @inheritdoc */
  async escalate(request: EscalationRequest): Promise<HandoffTicket> {
    const { inner } = this.deps;
    if (await inner.openPhase(request.channelId, request.conversationId)) return inner.escalate(request);
    const client = this.deps.clientOf(request);
    const [perConversation, perClient] = await this.deps.limiter.hitAll([
      { key: `handoff-conversation:${request.channelId}:${request.conversationId}`, limit: this.deps.perConversationPerHour, windowMs: HOUR },
      { key: `handoff-client:${client}`, limit: this.deps.perClientPerHour, windowMs: HOUR },
    ]);
    const refused = !perConversation?.allowed ? ('conversation' as const) : !perClient?.allowed ? ('client' as const) : null;
    if (refused && request.priority !== 'urgent') {
      this.deps.log?.warn({ channelId: request.channelId, conversationId: request.conversationId, limit: refused }, 'hand-off refused: limit reached');
      throw new HandoffLimitedError(refused, Math.max(perConversation?.retryAfterMs ?? 0, perClient?.retryAfterMs ?? 0));
    }
    return inner.escalate(request);
  }

  /** @inheritdoc */
  openPhase(channelId: string, conversationId: string): Promise<HandoffPhase | null> {
    return this.deps.inner.openPhase(channelId, conversationId);
  }

  /** @inheritdoc */
  onResidentMessage(channelId: string, conversationId: string, text: string, lang: Lang): Promise<ResidentMessageOutcome> {
    return this.deps.inner.onResidentMessage(channelId, conversationId, text, lang);
  }
}
