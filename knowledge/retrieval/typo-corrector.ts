/**
 * Maps a misspelt English query word to an indexed word one or two edits away ("licnese" →
 * "licence"), so typos still retrieve. Korean and Japanese need no such step: character bigrams
 * already match most of a misspelt word.
 */

// Rows of the distance table, reused by every call (the function is synchronous) and grown as needed.
let rowPrev2 = new Int32Array(32);
let rowPrev = new Int32Array(32);
let rowCur = new Int32Array(32);

/** Optimal-string-alignment distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (rowPrev.length < width) {
    rowPrev2 = new Int32Array(width * 2);
    rowPrev = new Int32Array(width * 2);
    rowCur = new Int32Array(width * 2);
  }
  let prev2 = rowPrev2;
  let prev = rowPrev;
  let cur = rowCur;
  for (let j = 0; j < width; j++) {
    prev2[j] = 0;
    prev[j] = j;
    cur[j] = 0;
  }
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    const aPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && aPrev === bj) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    // Rotate the rows: the oldest becomes the next row to fill.
    const oldest = prev2;
    prev2 = prev;
    prev = cur;
    cur = oldest;
  }
  return prev[b.length];
}

/** Words the corrector looks at: Latin letters only, five or more. */
const CORRECTABLE = /^[a-z]{5,}$/;

/** Distinct words whose correction is remembered; the memo starts over when it is full. */
const MEMO_LIMIT = 20_000;

/**
 * Corrects words against a vocabulary of indexed Latin terms, bucketed by length. The vocabulary
 * never changes, so each distinct word's correction is computed once and remembered.
 */
export class TypoCorrector {
  private readonly byLength = new Map<number, string[]>();
  private readonly memo = new Map<string, string | null>();

  /**
   * @param vocabulary indexed terms (non-Latin terms are ignored)
   * @param frequency how common a term is (ties go to the more common word)
   */
  constructor(
    vocabulary: Iterable<string>,
    private readonly frequency: (term: string) => number,
  ) {
    for (const term of vocabulary) {
      if (!/^[a-z][a-z]{3,}$/.test(term)) continue;
      const list = this.byLength.get(term.length) ?? [];
      list.push(term);
      this.byLength.set(term.length, list);
    }
  }

  /** The closest indexed word, or null when none is close enough (words under 5 letters are left alone: too many real words are one edit apart). */
  correct(word: string): string | null {
    if (!CORRECTABLE.test(word)) return null;
    let fixed = this.memo.get(word);
    if (fixed === undefined) {
      fixed = this.closest(word);
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(word, fixed);
    }
    return fixed;
  }

  private closest(word: string): string | null {
    const max = word.length >= 6 ? 2 : 1;
    let best: string | null = null;
    let bestDist = max + 1;
    let bestFreq = -1;
    for (let len = word.length - max; len <= word.length + max; len++) {
      for (const cand of this.byLength.get(len) ?? []) {
        if (cand[0] !== word[0] && cand[1] !== word[1]) continue;
        const d = editDistance(word, cand, max);
        if (d > max) continue;
        const f = this.frequency(cand);
        if (d < bestDist || (d === bestDist && f > bestFreq)) {
          best = cand;
          bestDist = d;
          bestFreq = f;
        }
      }
    }
    return best;
  }
}
