/**
 * A set of patterns per script. All three sets run on every message, whatever its detected
 * language, because residents mix scripts ("I want to 死にたい") and language detection can miss.
 */
import type { NormalizedText } from '../text/normalize-text';

/** Patterns grouped by the view they are written for. */
export interface PatternSet {
  /** Run on the lower-cased, space-collapsed view (English). */
  en?: readonly RegExp[];
  /** Run on the view without spaces (Korean). */
  ko?: readonly RegExp[];
  /** Run on the view without spaces, and on its hiragana-folded copy (Japanese). */
  ja?: readonly RegExp[];
}

/** The first pattern that matches, as `lang:source` (for tests and logs), or null. */
export function firstMatch(text: NormalizedText, set: PatternSet): string | null {
  for (const re of set.en ?? []) if (re.test(text.plain)) return `en:${re.source}`;
  for (const re of set.ko ?? []) if (re.test(text.compact)) return `ko:${re.source}`;
  for (const re of set.ja ?? []) if (re.test(text.compact) || re.test(text.kana)) return `ja:${re.source}`;
  return null;
}

/** True when any pattern of the set matches. */
export function matches(text: NormalizedText, set: PatternSet): boolean {
  return firstMatch(text, set) !== null;
}
