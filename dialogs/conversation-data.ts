/**
 * What the main dialog remembers about a conversation between turns (in conversation state).
 */
import type { Lang } from './ports';

/** Conversation-scoped memory of the main dialog. */
export interface ConversationData {
  /** The resident's language as last detected. */
  lang?: Lang;
  /** True once the privacy notice has been shown. */
  noticeShown?: boolean;
  /** Consecutive "not sure" answers; two in a row escalate. */
  notSureStreak?: number;
  /** True after a 👎: the next message may be the resident's reason (stored masked with the press). */
  awaitingFeedbackReason?: boolean;
  /** The documents the answer rated 👎 cited (while a reason is awaited): a question about another one is no reason. */
  ratedDocs?: string[];
  /** The document the last answer quoted first (what "Tell me when this changes" subscribes to). */
  lastAnswerDoc?: string;
}

/** Turn-state key under which the main dialog leaves the turn's language for middleware. */
export const TURN_LANG_KEY = 'madoguchi.lang';
/** Turn-state key an adapter may set: the epoch time (ms) by which the channel needs the reply (Kakao). */
export const TURN_DEADLINE_KEY = 'madoguchi.deadlineMs';
/**
 * Turn-state key under which the host may leave the conversation's open hand-off phase, looked up
 * early in the turn (a `Promise<HandoffPhase | null>`); without it the main dialog asks the gateway.
 */
export const TURN_OPEN_PHASE_KEY = 'madoguchi.openPhase';
