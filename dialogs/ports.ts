/**
 * The ports the dialogs depend on. Dialogs import only these interfaces (never LangChain, Ollama,
 * Express, an adapter or a database driver); `bot/container.ts` wires the concrete classes.
 */
import type { ConversationReference } from 'botbuilder';
import type { Lang } from '../locales/lang';
import type { Answer } from '../knowledge/ports';
import type { CrisisCategory, HandoffReason, Route } from '../safety/ports';

export type { Lang } from '../locales/lang';
export type { Answer, AnswerRequest, AnswerService, Citation, PartialAnswerListener } from '../knowledge/ports';
export type { CrisisCategory, HandoffReason, Hotline, HotlineDirectory, MessageTriage, Route } from '../safety/ports';
export type { FeedbackPress, FeedbackRecord, FeedbackRecorder, FeedbackSkip } from '../insight/ports';
export type { AlertSubscriptions, AlertTopic, AlertTopicChoice, ResidentSubscription, SubscribeRequest } from '../alerts/ports';

/** What the resident is told after an escalation. */
export interface HandoffTicket {
  handoffId: string;
  priority: 'urgent' | 'normal';
  /** 1-based place in the queue. */
  position: number;
  withinOfficeHours: boolean;
  /** Expected wait in minutes (within office hours). */
  expectedWaitMinutes: number;
  /** ISO time when the office next opens (outside office hours). */
  nextOpening?: string;
}

/** A request to hand a conversation to a person. */
export interface EscalationRequest {
  reference: Partial<ConversationReference>;
  channelId: string;
  conversationId: string;
  userId: string;
  lang: Lang;
  reason: HandoffReason;
  priority: 'urgent' | 'normal';
  /** The (masked) message that triggered the escalation. */
  triggerText: string;
}

/** The state of a conversation's hand-off, as the bot needs to know it. */
export type HandoffPhase = 'queued' | 'assigned' | 'active';

/** What to do with a resident message while a hand-off is open. */
export type ResidentMessageOutcome =
  | { kind: 'forwarded_silently' }
  | { kind: 'forwarded_with_ack'; position: number }
  | { kind: 'cancelled' };

/** Hands conversations to officers and keeps the bot quiet while they have them. */
export interface HandoffGateway {
  escalate(request: EscalationRequest): Promise<HandoffTicket>;
  /** The open hand-off of a conversation, if any. */
  openPhase(channelId: string, conversationId: string): Promise<HandoffPhase | null>;
  /** Passes a resident message to the officer side (or cancels when the resident asks to). */
  onResidentMessage(channelId: string, conversationId: string, text: string, lang: Lang): Promise<ResidentMessageOutcome>;
}

/** The outcome of one turn, for metrics and `madoguchi eval`. */
export interface TurnOutcome {
  channelId: string;
  conversationId: string;
  /** The resident's account on the channel (demand counts residents by a hash of it). */
  userId?: string;
  /** The id of the resident's activity (insight reads an unanswered question from the masked transcript by it). */
  activityId?: string;
  lang: Lang;
  route: Route['kind'] | 'with_officer' | 'rate_limited';
  answer?: Pick<Answer, 'status' | 'mode' | 'confidence' | 'citations'>;
  escalated: boolean;
}

/** Observes turn outcomes (metrics, evaluation). */
export interface TurnOutcomeSink {
  record(outcome: TurnOutcome): void;
}

/**
 * Which conversations were shown the privacy notice, shared by every instance: `claim` is true for
 * exactly one caller per conversation, however many first messages arrive at once.
 */
export interface PrivacyNoticeLedger {
  claim(channelId: string, conversationId: string, userId: string): Promise<boolean>;
}

/**
 * A second opinion on danger (in production the LLM, when reachable). It may only raise a message
 * to a crisis: it returns the crisis category when it sees danger now, and null when it does not,
 * cannot tell, is unavailable or runs out of time (it never throws).
 */
export interface SafetyReviewer {
  review(text: string, lang: Lang, signal?: AbortSignal): Promise<CrisisCategory | null>;
}

/**
 * Decides whether a message routed to eligibility screening should be screened, or rather answered
 * from the knowledge base (a situation whose best match is a program the screener cannot evaluate).
 */
export interface ScreeningGate {
  shouldScreen(text: string, lang: Lang): Promise<boolean>;
  /** Whether any loaded program can be screened at all (else screening is not offered). */
  canScreen?(): boolean;
}

/**
 * After a 👎 the bot asks, once, what the resident was looking for. Tells a new question of its own
 * (answered as usual; the 👎 then stays without a reason) from that reason: in production, a
 * message the documents clearly answer from a document other than the rated answer's.
 */
export interface NewQuestionDetector {
  /** True for a new question; `ratedDocIds` are the documents the answer rated 👎 cited. */
  isNewQuestion(text: string, lang: Lang, ratedDocIds: readonly string[]): Promise<boolean>;
}
