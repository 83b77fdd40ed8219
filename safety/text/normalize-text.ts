/**
 * Text normalisation shared by the deterministic detectors: one message, several views, so that
 * spacing tricks ("죽 고 싶"), full-width letters, zero-width characters, curly quotes, katakana
 * spelled in hiragana and stretched letters ("diiie") all reach the same patterns.
 */

const ZERO_WIDTH = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g;
const QUOTES = /[\u2018\u2019\u201A\u201B\u0060\u00B4\u2032]/g;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

/** Several views of one message; every detector picks the view its patterns are written for. */
export interface NormalizedText {
  /** NFKC, zero-width characters removed, quotes and dashes unified, spaces collapsed; case kept. */
  cased: string;
  /** `cased` in lower case, with letters repeated three or more times squeezed to one. */
  plain: string;
  /** `plain` without any whitespace (Korean and Japanese patterns are written for this view). */
  compact: string;
  /** `compact` with katakana folded to hiragana (so シにたい and しにたい read alike). */
  kana: string;
}

/** Folds katakana (U+30A1–U+30F6) to the matching hiragana; the long-vowel mark stays. */
export function katakanaToHiragana(text: string): string {
  return text.replace(/[\u30A1-\u30F6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
}

/** Normalises a resident message into the views the detectors use. */
export function normalizeText(text: string): NormalizedText {
  const cased = text
    .normalize('NFKC')
    .replace(ZERO_WIDTH, '')
    .replace(QUOTES, "'")
    .replace(DASHES, '-')
    .replace(/\s+/gu, ' ')
    .trim();
  const plain = cased.toLowerCase().replace(/([a-z])\1{2,}/g, '$1');
  const compact = plain.replace(/\s+/g, '');
  return { cased, plain, compact, kana: katakanaToHiragana(compact) };
}
