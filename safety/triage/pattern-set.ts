/**
 * A set of patterns per script. All three sets run on every message, whatever its detected
 * language, because residents mix scripts ("I want to 死にたい") and language detection can miss.
 *
 * Every set is compiled once, on first use: each view's patterns get one union regex, tested
 * first, so a message that matches none of them (most messages, for most sets) costs one scan per
 * view; only when the union matches are the patterns tried one by one, in order, to name the
 * first. The Korean patterns also get their global copies once, for the scan over every match.
 */
import type { NormalizedText } from '../text/normalize-text';
import { unionOf } from './regex-union';

/** Patterns grouped by the view they are written for. */
export interface PatternSet {
  /** Run on the lower-cased, space-collapsed view (English). */
  en?: readonly RegExp[];
  /** Run on the view without spaces (Korean). */
  ko?: readonly RegExp[];
  /** Run on the view without spaces, and on its hiragana-folded copy (Japanese). */
  ja?: readonly RegExp[];
}

/** One view's patterns, ready to run. */
interface CompiledView {
  patterns: readonly RegExp[];
  /** Matches wherever one of `patterns` does; null where testing them one by one is as cheap. */
  any: RegExp | null;
}

/** The Korean view, with a global copy of each pattern (same index) for scanning every match. */
interface CompiledCompactView extends CompiledView {
  globals: readonly RegExp[];
  /** Per global copy: whether an empty match advances by code point (u or v flag) or by unit. */
  unicode: readonly boolean[];
}

/** A pattern set ready to run. The arrays are read-only; a set given new arrays is compiled again. */
interface CompiledSet {
  source: PatternSet;
  en: CompiledView | null;
  ko: CompiledCompactView | null;
  ja: CompiledView | null;
}

const compiledSets = new WeakMap<PatternSet, CompiledSet>();

function compileView(patterns: readonly RegExp[] | undefined): CompiledView | null {
  if (!patterns || patterns.length === 0) return null;
  return { patterns, any: unionOf(patterns) };
}

function compileCompactView(patterns: readonly RegExp[] | undefined): CompiledCompactView | null {
  const view = compileView(patterns);
  if (!view) return null;
  const globals = view.patterns.map((re) => new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`));
  return { ...view, globals, unicode: globals.map((re) => /[uv]/.test(re.flags)) };
}

function compiled(set: PatternSet): CompiledSet {
  const known = compiledSets.get(set);
  if (known && known.source.en === set.en && known.source.ko === set.ko && known.source.ja === set.ja) return known;
  const fresh: CompiledSet = {
    source: { en: set.en, ko: set.ko, ja: set.ja },
    en: compileView(set.en),
    ko: compileCompactView(set.ko),
    ja: compileView(set.ja),
  };
  compiledSets.set(set, fresh);
  return fresh;
}

/** False only when no pattern of the view can match `text`. */
function mayMatch(view: CompiledView, text: string): boolean {
  return view.any === null || view.any.test(text);
}

const WHITESPACE = /\s/;

/** The index in `plain` of each character of the space-free view, for the last text asked about. */
let lastPositions: { plain: string; at: number[] } | null = null;

function compactPositions(plain: string): number[] {
  if (lastPositions?.plain === plain) return lastPositions.at;
  const at: number[] = [];
  for (let i = 0; i < plain.length; i++) if (!WHITESPACE.test(plain[i])) at.push(i);
  lastPositions = { plain, at };
  return at;
}

/** Where a scan goes on after an empty match (as `String.prototype.matchAll` does). */
function indexAfterEmptyMatch(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const code = text.codePointAt(index) ?? 0;
  return index + (code > 0xffff ? 2 : 1);
}

/**
 * True when `global` (a Korean pattern's global copy) matches the space-free view in a way a
 * reader would see in the spaced text: a match may span spaces ("죽 고 싶어" for 죽고싶) only when
 * it begins a word, so the tail of one word and the head of the next ("혼자 살아요" → 자살) never
 * combine into a crisis word.
 */
function matchesCompact(global: RegExp, unicode: boolean, text: NormalizedText): boolean {
  const { plain, compact } = text;
  let at: number[] | null = null;
  global.lastIndex = 0;
  for (let m = global.exec(compact); m !== null; m = global.exec(compact)) {
    if (m[0] === '') global.lastIndex = indexAfterEmptyMatch(compact, global.lastIndex, unicode);
    at ??= compactPositions(plain);
    const start = m.index;
    const end = start + Math.max(m[0].length, 1) - 1;
    const spansSpace = at[end] - at[start] !== end - start;
    const beginsWord = at[start] === 0 || WHITESPACE.test(plain[at[start] - 1]);
    if (!spansSpace || beginsWord) return true;
  }
  return false;
}

/** The first pattern that matches, as `lang:source` (for tests and logs), or null. */
export function firstMatch(text: NormalizedText, set: PatternSet): string | null {
  const { en, ko, ja } = compiled(set);
  const { plain, compact, kana } = text;
  if (en && mayMatch(en, plain)) {
    for (const re of en.patterns) if (re.test(plain)) return `en:${re.source}`;
  }
  if (ko && mayMatch(ko, compact)) {
    for (let i = 0; i < ko.patterns.length; i++) if (matchesCompact(ko.globals[i], ko.unicode[i], text)) return `ko:${ko.patterns[i].source}`;
  }
  if (ja && (mayMatch(ja, compact) || mayMatch(ja, kana))) {
    for (const re of ja.patterns) if (re.test(compact) || re.test(kana)) return `ja:${re.source}`;
  }
  return null;
}

/** True when any pattern of the set matches. */
export function matches(text: NormalizedText, set: PatternSet): boolean {
  return firstMatch(text, set) !== null;
}
