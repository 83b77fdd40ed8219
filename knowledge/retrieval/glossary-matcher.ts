/**
 * Finds which glossary concepts a question mentions without scanning every glossary word: Korean
 * and Japanese words are looked up by their first two characters at each position of the
 * question, one-character words by token, English phrases by their first token. It answers
 * exactly what testing every word with `includes` would, in a time that grows with the question's
 * length rather than the glossary's size.
 */

/** One glossary word prepared for matching. */
export interface MatchTerm {
  /** Index of the concept the word belongs to. */
  entry: number;
  /**
   * `substring`: a Korean or Japanese key (normalised, spaces removed, at least two characters)
   * matched anywhere in the question with its spaces removed; `token`: a one-character CJK key
   * matched only as a whole token; `phrase`: English analysed tokens matched as a run of the
   * question's Latin tokens.
   */
  kind: 'substring' | 'token' | 'phrase';
  /** The key: the text for `substring` and `token`, the tokens joined by one space for `phrase`. */
  key: string;
}

interface PhraseCandidate {
  entry: number;
  /** Tokens after the first. */
  rest: readonly string[];
}

interface SubstringCandidate {
  entry: number;
  key: string;
}

/** The question, prepared once for {@link GlossaryMatcher.match}. */
export interface MatchInput {
  /** Normalised text without whitespace. */
  flat: string;
  /** Analysed tokens of the question, in order. */
  tokens: readonly string[];
}

/** An immutable index over glossary words. */
export class GlossaryMatcher {
  /** Substring keys by their first two UTF-16 code units (packed into one number). */
  private readonly byPair = new Map<number, SubstringCandidate[]>();
  private readonly byToken = new Map<string, number[]>();
  private readonly byFirstWord = new Map<string, PhraseCandidate[]>();

  /** @param terms glossary words (keys of `substring` terms must be at least two characters long) */
  constructor(terms: Iterable<MatchTerm>) {
    for (const t of terms) {
      if (t.kind === 'substring') {
        if (t.key.length < 2) throw new Error(`substring key "${t.key}" is shorter than two characters`);
        push(this.byPair, pairAt(t.key, 0), { entry: t.entry, key: t.key });
      } else if (t.kind === 'token') {
        push(this.byToken, t.key, t.entry);
      } else {
        const words = t.key.split(' ');
        push(this.byFirstWord, words[0], { entry: t.entry, rest: words.slice(1) });
      }
    }
  }

  /** Indexes of the concepts mentioned, ascending. */
  match(input: MatchInput): number[] {
    const found = new Set<number>();
    const { flat, tokens } = input;
    if (this.byPair.size > 0) {
      for (let i = 0; i + 2 <= flat.length; i++) {
        const candidates = this.byPair.get(pairAt(flat, i));
        if (!candidates) continue;
        for (const c of candidates) if (!found.has(c.entry) && flat.startsWith(c.key, i)) found.add(c.entry);
      }
    }
    if (this.byToken.size > 0) {
      for (const token of tokens) {
        const entries = this.byToken.get(token);
        if (entries) for (const e of entries) found.add(e);
      }
    }
    if (this.byFirstWord.size > 0) {
      // Only tokens that start with a Latin letter or digit take part in phrases.
      const latin = tokens.filter(startsLatin);
      for (let j = 0; j < latin.length; j++) {
        const candidates = this.byFirstWord.get(latin[j]);
        if (!candidates) continue;
        for (const c of candidates) if (!found.has(c.entry) && followedBy(latin, j + 1, c.rest)) found.add(c.entry);
      }
    }
    return [...found].sort((a, b) => a - b);
  }
}

function push<K, V>(m: Map<K, V[]>, key: K, value: V): void {
  const list = m.get(key);
  if (list) list.push(value);
  else m.set(key, [value]);
}

function pairAt(s: string, i: number): number {
  return s.charCodeAt(i) * 0x10000 + s.charCodeAt(i + 1);
}

function startsLatin(token: string): boolean {
  const c = token.charCodeAt(0);
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

function followedBy(tokens: readonly string[], from: number, rest: readonly string[]): boolean {
  if (from + rest.length > tokens.length) return false;
  for (let k = 0; k < rest.length; k++) if (tokens[from + k] !== rest[k]) return false;
  return true;
}
