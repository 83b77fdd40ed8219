/**
 * Ports of the safety side: the typed triage decision and the crisis hotline directory.
 */
import type { Lang } from '../locales/lang';

/** Crisis categories recognised deterministically (never by the LLM). */
export type CrisisCategory = 'self_harm' | 'abuse' | 'danger' | 'no_shelter_or_food';

/** Why a conversation goes to a person. */
export type HandoffReason =
  | 'asked_for_person'
  | 'own_case'
  | 'appeal_or_complaint'
  | 'low_confidence'
  | 'crisis'
  | 'officer_takeover';

/** The typed decision of the triage step: what kind of message this is. */
export type Route = (
  | { kind: 'crisis'; category: CrisisCategory }
  | { kind: 'handoff'; reason: HandoffReason }
  | { kind: 'out_of_scope'; reason: 'off_topic' | 'injection' }
  | { kind: 'eligibility' }
  | { kind: 'greeting' }
  | { kind: 'help' }
  | { kind: 'answer' }
) & {
  /**
   * Danger signals below the crisis threshold (a crisis pattern the model doubts, or a noticeable
   * crisis probability): the reply opens with the region's emergency numbers for this category.
   */
  caution?: CrisisCategory;
  /**
   * The model's chance that the message is out of scope, when it is a fair one although the message
   * goes to the knowledge base: it is answered only when the retrieval's confidence that the
   * documents answer it is clearly high and at least this chance; otherwise the reply is the
   * out-of-scope one (answerability).
   */
  maybeOutOfScope?: number;
};

/** Classifies one (already masked) resident message. Deterministic; no LLM. */
export interface MessageTriage {
  classify(text: string, lang: Lang): Route;
}

/** A crisis hotline shown at once to a resident in crisis. */
export interface Hotline {
  name: string;
  phone: string;
  hours: string;
  /** Where the number was taken from (an official page). */
  source: string;
}

/** Supplies hotlines for the deployment's region in the resident's language. */
export interface HotlineDirectory {
  hotlines(category: CrisisCategory, lang: Lang): Hotline[];
}
