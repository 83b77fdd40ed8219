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

/**
 * True when `re` matches the space-free view in a way a reader would see in the spaced text: a
 * match may span spaces ("죽 고 싶어" for 죽고싶) only when it begins a word, so the tail of one
 * word and the head of the next ("혼자 살아요" → 자살) never combine into a crisis word.
 */
function matchesCompact(re: RegExp, text: NormalizedText): boolean {
  const { plain, compact } = text;
  // Index in `plain` of each character of `compact`.
  const at: number[] = [];
  for (let i = 0; i < plain.length; i++) if (!/\s/.test(plain[i])) at.push(i);
  const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  for (const m of compact.matchAll(global)) {
    const start = m.index;
    const end = start + Math.max(m[0].length, 1) - 1;
    const spansSpace = at[end] - at[start] !== end - start;
    const beginsWord = at[start] === 0 || /\s/.test(plain[at[start] - 1]);
    if (!spansSpace || beginsWord) return true;
  }
  return false;
}

/** The first pattern that matches, as `lang:source` (for tests and logs), or null. */
export function firstMatch(text: NormalizedText, set: PatternSet): string | null {
  for (const re of set.en ?? []) if (re.test(text.plain)) return `en:${re.source}`;
  for (const re of set.ko ?? []) if (matchesCompact(re, text)) return `ko:${re.source}`;
  for (const re of set.ja ?? []) if (re.test(text.compact) || re.test(text.kana)) return `ja:${re.source}`;
  return null;
}

/** True when any pattern of the set matches. */
export function matches(text: NormalizedText, set: PatternSet): boolean {
  return firstMatch(text, set) !== null;
}
