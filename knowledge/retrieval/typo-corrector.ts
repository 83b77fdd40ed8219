/**
 * Maps a misspelt English query word to an indexed word one or two edits away ("licnese" →
 * "licence"), so typos still retrieve. Korean and Japanese need no such step: character bigrams
 * already match most of a misspelt word.
 */

/** Optimal-string-alignment distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j];
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** Corrects words against a vocabulary of indexed Latin terms, bucketed by length. */
export class TypoCorrector {
  private readonly byLength = new Map<number, string[]>();

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
    if (!/^[a-z]{5,}$/.test(word)) return null;
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
