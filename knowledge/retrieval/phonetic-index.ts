/**
 * Words of one script, by the consonant skeleton of their phonetic form (see
 * {@link skeletonOf}): what {@link LoanwordBridge} matches the words of a question against. The
 * skeletons, and those with one consonant dropped, are hashed when a word is added, so a lookup
 * costs a few map reads; the forms found are then compared with a weighted edit distance, given by
 * the caller (English spelling against a borrowed form, or two borrowed forms).
 */
import { skeletonOf, type PhoneticForm } from './loanword-phonetics';

/** Fewest consonant classes a word needs to be matched at all: bus, card, pass, ferry are too short to tell apart. */
export const MIN_CONSONANTS = 3;
/**
 * Consonant classes from which a match counts fully: a shorter one is likelier to be chance
 * (멤버 "member" is right, but so short that many words sound like it), so it counts its share of
 * this many (three: 0.6, four: 0.8).
 */
const FULL_CONSONANTS = 5;
/** Most words (and word pairs) an index remembers, so a huge knowledge base cannot grow it without bound. */
const MAX_ENTRIES = 300_000;

/**
 * The edit cost two words may differ by, given the longer one's consonant count: none for three
 * consonants (only optional vowels may differ), a vowel or a t/s swap for four, then 0.15 a
 * consonant (스톤링크 and "stonelink" differ by the e; from seven consonants, one may differ).
 */
export function allowedCost(consonants: number): number {
  if (consonants < MIN_CONSONANTS) return -1;
  if (consonants === MIN_CONSONANTS) return 0;
  return consonants === MIN_CONSONANTS + 1 ? 0.5 : 0.15 * consonants;
}

/** A word (or word pair) of the knowledge base. */
export interface PhoneticEntry {
  /** The index terms the word (or word pair) stands for. */
  readonly terms: readonly string[];
  readonly form: PhoneticForm;
  readonly consonants: number;
}

/** The edit cost between a question's word (`asked`) and a remembered one (`stored`). */
export type FormDistance = (asked: PhoneticForm, stored: PhoneticForm) => number;

function deletions(skeleton: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < skeleton.length; i++) out.add(skeleton.slice(0, i) + skeleton.slice(i + 1));
  return out;
}

function push(map: Map<string, PhoneticEntry[]>, key: string, entry: PhoneticEntry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

/** Words of one side, by consonant skeleton. */
export class PhoneticIndex {
  /** @param distance how far a question's form is from a remembered one */
  constructor(private readonly distance: FormDistance) {}

  private readonly exact = new Map<string, PhoneticEntry[]>();
  /** Skeleton with one consonant dropped → the entries (skeletons of four or more) it comes from. */
  private readonly reduced = new Map<string, PhoneticEntry[]>();
  private readonly known = new Set<string>();

  /** Number of words and word pairs remembered. */
  get size(): number {
    return this.known.size;
  }

  /** Remembers a form and the index terms of its word; too short a form is left out. */
  add(form: PhoneticForm, terms: readonly string[]): void {
    if (terms.length === 0 || this.known.size >= MAX_ENTRIES) return;
    const skeleton = skeletonOf(form);
    if (skeleton.length < MIN_CONSONANTS) return;
    const key = `${form} ${terms.join(' ')}`;
    if (this.known.has(key)) return;
    this.known.add(key);
    const entry: PhoneticEntry = { terms, form, consonants: skeleton.length };
    push(this.exact, skeleton, entry);
    if (skeleton.length > MIN_CONSONANTS) for (const d of deletions(skeleton)) push(this.reduced, d, entry);
  }

  /**
   * The entries closest to a word, given the forms it may have (all entries at the best cost),
   * each with its strength: 1 − cost / consonants, less for short words.
   */
  match(forms: readonly PhoneticForm[]): { entry: PhoneticEntry; quality: number }[] {
    let best = Infinity;
    const found = new Map<PhoneticEntry, number>();
    for (const form of forms) {
      const skeleton = skeletonOf(form);
      if (skeleton.length < MIN_CONSONANTS) continue;
      const candidates = new Set<PhoneticEntry>(this.exact.get(skeleton));
      // Within one consonant: the entries one longer, one shorter, or one changed.
      if (skeleton.length > MIN_CONSONANTS) {
        for (const e of this.reduced.get(skeleton) ?? []) candidates.add(e);
        for (const d of deletions(skeleton)) {
          for (const e of this.exact.get(d) ?? []) candidates.add(e);
          for (const e of this.reduced.get(d) ?? []) candidates.add(e);
        }
      }
      for (const entry of candidates) {
        const n = Math.max(skeleton.length, entry.consonants);
        const cost = this.distance(form, entry.form);
        if (cost > allowedCost(n) || cost > best) continue;
        if (cost < best) {
          best = cost;
          found.clear();
        }
        const quality = (1 - cost / n) * Math.min(1, n / FULL_CONSONANTS);
        if (quality > (found.get(entry) ?? 0)) found.set(entry, quality);
      }
    }
    return [...found].map(([entry, quality]) => ({ entry, quality }));
  }
}
