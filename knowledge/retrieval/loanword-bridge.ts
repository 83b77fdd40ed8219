/**
 * English ↔ Korean and Japanese through loanwords and names. Korean and Japanese write English
 * loanwords and foreign place names by sound, in Hangul and katakana: "Memory Clinic (Maple Bay)"
 * is 메이플베이 메모리 클리닉 in a Korean question and メープルベイ in a Japanese one, "Food Bank"
 * 푸드뱅크 / フードバンク. No glossary can list every program's name, but the sound can be compared:
 * each word is reduced to a phonetic form (see {@link englishForm}, {@link romanForm}) and words
 * whose consonant skeletons agree, and whose forms are within a small edit distance, are taken
 * for the same word.
 *
 * The bridge is built once from the knowledge base's own words: the English words of every
 * document (and the adjacent pairs of its names — titles, headings, tags, capitalised names in the
 * text — so that 푸드뱅크 can be "food" + "bank"), and the Hangul and katakana words. It proposes
 * only the index terms of those words. The skeletons (and, for fuzzy matching, the skeletons with
 * one consonant dropped) are hashed at build, so a question costs a few lookups per word.
 *
 * Chance matches are what such a bridge must avoid, so a word needs three consonant classes to be
 * matched at all (버스, カード are left to the glossary), short words must match exactly and count
 * less, and a Hangul word every syllable of which reads a Chinese character is taken for the
 * Sino-Korean word it most likely is (연금 年金, not "income").
 */
import hanja from 'hanja';
import type { BridgedTerm } from './sino-korean-bridge';
import { englishForm, hangulSyllables, joinForms, katakanaMorae, romanForm, skeletonOf, formDistance, type PhoneticForm } from './loanword-phonetics';
import { EN_STOPWORDS } from './stopwords';
import { analyze, stripKoreanSuffix } from './text-analyzer';

/** Fewest consonant classes a word needs to be matched at all: bus, card, pass, ferry are too short to tell apart. */
const MIN_CONSONANTS = 3;
/**
 * Consonant classes from which a match counts fully: a shorter one is likelier to be chance
 * (멤버 "member" is right, but so short that many words sound like it), so it counts its share of
 * this many (three: 0.6, four: 0.8).
 */
const FULL_CONSONANTS = 5;
/** Most words (and word pairs) each side remembers, so a huge knowledge base cannot grow it without bound. */
const MAX_ENTRIES = 300_000;

/**
 * The edit cost two words may differ by, given the longer one's consonant count: none for three
 * consonants (only optional vowels may differ), a vowel or a t/s swap for four, then 0.15 a
 * consonant (스톤링크 and "stonelink" differ by the e; from seven consonants, one may differ).
 */
function allowedCost(consonants: number): number {
  if (consonants < MIN_CONSONANTS) return -1;
  if (consonants === MIN_CONSONANTS) return 0;
  return consonants === MIN_CONSONANTS + 1 ? 0.5 : 0.15 * consonants;
}

interface Entry {
  /** The index terms the word (or word pair) stands for. */
  terms: readonly string[];
  form: PhoneticForm;
  consonants: number;
}

type WordScript = 'latin' | 'hangul' | 'kana';

/** A word of a text, and whether it follows the word before with only a space, hyphen or ・ between. */
interface TextWord {
  word: string;
  script: WordScript;
  capital: boolean;
  joined: boolean;
  /** Joined by ・, which marks the words of one foreign name (メープル・ベイ). */
  dotted: boolean;
}

const WORD = /[A-Za-z]+|[\uac00-\ud7a3]+|[\u30a1-\u30fa\u30fc]+/g;
const JOINER = /^[ \t\-・]*$/;

/** The Latin, Hangul and katakana words of a text, in order. */
function wordsOf(text: string): TextWord[] {
  const out: TextWord[] = [];
  const s = text.normalize('NFKC').replace(/['’`]/g, '');
  let end = 0;
  for (const m of s.matchAll(WORD)) {
    const word = m[0];
    const c = word.charCodeAt(0);
    const script: WordScript = c < 0x80 ? 'latin' : c >= 0xac00 ? 'hangul' : 'kana';
    const gap = s.slice(end, m.index);
    const joined = end > 0 && JOINER.test(gap);
    out.push({ word: script === 'latin' ? word.toLowerCase() : word, script, capital: c < 0x5b, joined, dotted: joined && gap.includes('・') });
    end = m.index + word.length;
  }
  return out;
}

let sinoSyllables: ReadonlySet<string> | undefined;

/** The Hangul syllables that read some CJK ideograph (about 500 of the 11,172), found once per process. */
function sinoKoreanSyllables(): ReadonlySet<string> {
  if (!sinoSyllables) {
    let all = '';
    for (let c = 0x4e00; c <= 0x9fff; c++) all += String.fromCharCode(c);
    sinoSyllables = new Set(hanja.translate(all, 'SUBSTITUTION').replace(/[^\uac00-\ud7a3]/g, ''));
  }
  return sinoSyllables;
}

/**
 * Whether a Hangul word could be Sino-Korean: every syllable reads some character (연금, 지원,
 * 수당). Most of the vocabulary of public services is, and such a word is not taken for a
 * loanword — 연금 sounds like "income", but is 年金. Loanwords nearly always hold a syllable
 * no character reads (메모리, 클리닉, 푸드뱅크).
 */
export function couldBeSinoKorean(word: string): boolean {
  const sino = sinoKoreanSyllables();
  for (const ch of word) if (!sino.has(ch)) return false;
  return true;
}

/** A word's index terms and phonetic forms. */
interface Sound {
  terms: readonly string[];
  forms: readonly PhoneticForm[];
}

/** The phonetic forms a word may have: a Korean word with and without its last particle or ending. */
function formsOf(w: TextWord): PhoneticForm[] {
  if (w.script === 'latin') return EN_STOPWORDS.has(w.word) || w.word.length < 3 ? [] : [englishForm(w.word)];
  if (w.script === 'kana') return [romanForm(katakanaMorae(w.word), 'ja')];
  const stem = stripKoreanSuffix(w.word);
  if (couldBeSinoKorean(stem)) return [];
  const forms = [romanForm(hangulSyllables(w.word), 'ko')];
  if (stem !== w.word) forms.push(romanForm(hangulSyllables(stem), 'ko'));
  return forms;
}

function deletions(skeleton: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < skeleton.length; i++) out.add(skeleton.slice(0, i) + skeleton.slice(i + 1));
  return out;
}

function push(map: Map<string, Entry[]>, key: string, entry: Entry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

/** Words of one side, by consonant skeleton. */
class PhoneticIndex {
  /** @param english whether the words are English (else borrowed: Hangul or katakana) */
  constructor(private readonly english: boolean) {}

  private readonly exact = new Map<string, Entry[]>();
  /** Skeleton with one consonant dropped → the entries (skeletons of four or more) it comes from. */
  private readonly reduced = new Map<string, Entry[]>();
  private readonly known = new Set<string>();

  get size(): number {
    return this.known.size;
  }

  add(form: PhoneticForm, terms: readonly string[]): void {
    if (terms.length === 0 || this.known.size >= MAX_ENTRIES) return;
    const skeleton = skeletonOf(form);
    if (skeleton.length < MIN_CONSONANTS) return;
    const key = `${form} ${terms.join(' ')}`;
    if (this.known.has(key)) return;
    this.known.add(key);
    const entry: Entry = { terms, form, consonants: skeleton.length };
    push(this.exact, skeleton, entry);
    if (skeleton.length > MIN_CONSONANTS) for (const d of deletions(skeleton)) push(this.reduced, d, entry);
  }

  /**
   * The entries closest to a word, given the forms it may have (all entries at the best cost),
   * each with its strength: 1 − cost / consonants, less for short words.
   */
  match(forms: readonly PhoneticForm[]): { entry: Entry; quality: number }[] {
    let best = Infinity;
    const found = new Map<Entry, number>();
    for (const form of forms) {
      const skeleton = skeletonOf(form);
      if (skeleton.length < MIN_CONSONANTS) continue;
      const candidates = new Set<Entry>(this.exact.get(skeleton));
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
        const cost = this.english ? formDistance(form, entry.form) : formDistance(entry.form, form);
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

/** English words ↔ Hangul and katakana words of one knowledge base, matched by sound. */
export class LoanwordBridge {
  /** English words and name pairs of the documents. */
  private readonly latin = new PhoneticIndex(true);
  /** Hangul words (and name pairs) of the documents. */
  private readonly hangul = new PhoneticIndex(false);
  /** Katakana words (and name pairs) of the documents. */
  private readonly kana = new PhoneticIndex(false);

  /**
   * @param names titles, section headings and tags: every two adjacent words may be one name
   * @param texts document text: two adjacent capitalised English words may be one name
   */
  constructor(names: Iterable<string>, texts: Iterable<string>) {
    const seen = new Map<string, Sound>();
    for (const name of names) this.addText(name, true, seen);
    for (const text of texts) this.addText(text, false, seen);
  }

  /** Number of words and word pairs remembered in each script. */
  get size(): Record<WordScript, number> {
    return { latin: this.latin.size, hangul: this.hangul.size, kana: this.kana.size };
  }

  /** The English index terms a Korean or Japanese question's Hangul and katakana words sound like. */
  latinFor(text: string): BridgedTerm[] {
    return this.lookUp(text, (w) => w.script !== 'latin', [this.latin]);
  }

  /** The Hangul and katakana index terms an English question's words sound like (each script has its own shares). */
  foreignFor(text: string): BridgedTerm[] {
    return this.lookUp(text, (w) => w.script === 'latin', [this.hangul, this.kana]);
  }

  private addText(text: string, name: boolean, seen: Map<string, Sound>): void {
    const words = wordsOf(text);
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      const index = this[w.script];
      let sound = seen.get(w.word);
      if (!sound) {
        // Words repeat: each is read (and indexed) once.
        sound = { terms: analyze(w.word), forms: formsOf(w) };
        seen.set(w.word, sound);
        for (const f of sound.forms) index.add(f, sound.terms);
      }
      const prev = words[i - 1];
      // Names of two words: any pair in a title or tag, capitalised English pairs in the text,
      // and katakana words joined by ・ anywhere (メープル・ベイ).
      if (!w.joined || prev?.script !== w.script || !(name || (prev.capital && w.capital) || w.dotted)) continue;
      const first = seen.get(prev.word);
      if (!first || first.forms.length === 0 || first.terms.length === 0 || sound.terms.length === 0) continue;
      const pair = [...first.terms, ...sound.terms];
      for (const f of sound.forms) index.add(joinForms(first.forms[0], f), pair);
    }
  }

  /** The terms of the indexes' words that the asked words of a text sound like (a word's share split among its matches in each index). */
  private lookUp(text: string, asked: (w: TextWord) => boolean, indexes: readonly PhoneticIndex[]): BridgedTerm[] {
    const words = wordsOf(text);
    const out = new Map<string, number>();
    const take = (forms: readonly PhoneticForm[]): void => {
      for (const index of indexes) {
        const found = index.match(forms);
        for (const { entry, quality } of found) {
          const share = quality / found.length;
          for (const term of entry.terms) if (share > (out.get(term) ?? 0)) out.set(term, share);
        }
      }
    };
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (!asked(w)) continue;
      const forms = formsOf(w);
      take(forms);
      // With the word before: 메모리 클리닉 is one name, "Memory Clinic".
      const prev = words[i - 1];
      const first = w.joined && prev?.script === w.script ? formsOf(prev) : [];
      if (first.length > 0) take(forms.map((f) => joinForms(first[0], f)));
    }
    return [...out].map(([term, share]) => ({ term, share }));
  }
}
