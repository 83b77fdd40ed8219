/**
 * Ports of the eligibility screening: what the dialog needs from storage and (optionally) from
 * the LLM, and what it returns to the main dialog. `bot/container.ts` wires the concrete classes
 * (`SqlProfileStore`, an LLM-backed extractor).
 */
import type { Lang } from '../locales/lang';
import type { Profile } from './profile';

export type { Profile, FactKey } from './profile';
export type { EligibilityProgram, ProgramEvaluation, Reason, EligibilityStatus } from './types';

/** A profile the resident agreed to keep. */
export interface StoredProfile {
  profile: Profile;
  consentedAt: Date;
  updatedAt: Date;
}

/** Keeps consented profiles per resident (channel + user id). */
export interface ProfileStore {
  get(channelId: string, userId: string): Promise<StoredProfile | null>;
  /** Saves (or replaces) the profile; call only after the resident said yes. */
  save(channelId: string, userId: string, profile: Profile): Promise<void>;
  /** Deletes the profile; true when there was one. */
  delete(channelId: string, userId: string): Promise<boolean>;
}

/**
 * Optional LLM-based extraction of facts from free text. Returns null when the LLM is
 * unavailable (never throws into a turn); the rules still apply, and they win on conflicts.
 */
export interface ProfileExtractor {
  extract(text: string, lang: Lang): Promise<Partial<Profile> | null>;
}

/** How the main dialog starts the screening: `beginDialog('eligibility', { text, lang })`. */
export interface EligibilityDialogOptions {
  /** The resident's message that started it (facts in it are used). */
  text?: string;
  lang?: Lang;
}

/** What the screening returns to the main dialog when it ends. */
export interface EligibilityResult {
  /** recommended: ≥1 program fits; no_match: none does; stopped: the resident stopped; deleted: the resident deleted their data. */
  outcome: 'recommended' | 'no_match' | 'stopped' | 'deleted';
  /** Program ids the rules say fit. */
  eligible: string[];
  /** Program ids that may fit but still need facts. */
  possible: string[];
  /** True when the bot offered a talk with an officer (the main dialog may follow up with a hand-off). */
  offerHandoff: boolean;
  /** Questions asked in this screening. */
  questionsAsked: number;
  /** True when the profile was saved with consent during this screening. */
  saved: boolean;
}
