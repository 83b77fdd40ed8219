/**
 * Ports of the insight module: what the dialogs and the composition root may depend on without
 * knowing how demand is stored or reported. Nothing here carries message text.
 */
import type { Lang } from '../locales/lang';

export type { Lang } from '../locales/lang';

/** Cells with fewer residents than this are suppressed, and no topic word is kept beyond the transcripts (the floor: configuration may only raise it). */
export const MIN_RESIDENTS = 5;

/** How sure retrieval was, in three bands (aggregate-friendly; the raw score is not kept). */
export type ConfidenceBand = 'high' | 'medium' | 'low';

/** Lower bounds of the bands: at or above 0.6 is high, at or above the not-sure threshold (0.3) medium. */
export const CONFIDENCE_BANDS = { high: 0.6, medium: 0.3 } as const;

/** The band of a retrieval confidence in [0, 1]. */
export function confidenceBand(confidence: number): ConfidenceBand {
  if (confidence >= CONFIDENCE_BANDS.high) return 'high';
  return confidence >= CONFIDENCE_BANDS.medium ? 'medium' : 'low';
}

/** A resident's press of 👍 or 👎 under an answer. */
export interface FeedbackPress {
  channelId: string;
  conversationId: string;
  /** The resident's account on the channel (hashed before storage). */
  userId: string;
  lang: Lang;
  helpful: boolean;
}

/** What the feedback was about: the conversation's last knowledge-base answer, when there was one. */
export interface FeedbackRecord {
  route: string;
  docIds: string[];
}

/** A resident's free-text reason after a 👎 (the message, already masked by the channel middleware). */
export interface FeedbackReason {
  channelId: string;
  conversationId: string;
  userId: string;
  lang: Lang;
  text: string;
}

/** A resident's press of "Skip" at a 👎's reason prompt: the 👎 stays, explicitly without a reason. */
export type FeedbackSkip = Omit<FeedbackReason, 'text'>;

/** Stores residents' feedback with the answer's cited documents and route. Never throws. */
export interface FeedbackRecorder {
  record(press: FeedbackPress): Promise<FeedbackRecord | null>;
  /** Attaches a reason (masked again, clipped) to the conversation's last 👎; false when there is none, or it has a reason or was skipped. */
  reason?(reason: FeedbackReason): Promise<boolean>;
  /** Marks the conversation's last 👎 as skipped (counted); false when there is none, or it has a reason or was skipped. */
  skip?(skip: FeedbackSkip): Promise<boolean>;
}
