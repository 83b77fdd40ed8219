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
 *
 * Korean and Japanese are matched with each other the same way (인플루엔자 インフルエンザ,
 * 마이넘버 マイナンバー), their vowels compared as sounds on both sides ({@link borrowedDistance}).
 * A katakana word may also be a Korean word written by sound (チョニプシンゴ 전입신고, ダソム区
 * 다솜구), so Sino-Korean Hangul words of the documents are heard from katakana, though a Hangul
 * word of a question that could be Sino-Korean is still matched with nothing.
 */
import hanja from 'hanja';
import type { BridgedTerm } from './sino-korean-bridge';
import { borrowedDistance, englishForm, formDistance, hangulSyllables, joinForms, kanaHangulForm, katakanaMorae, romanForm, skeletonOf, type PhoneticForm } from './loanword-phonetics';
import { PhoneticIndex, allowedCost } from './phonetic-index';
import { EN_STOPWORDS } from './stopwords';
import { analyze, stripKoreanSuffix } from './text-analyzer';

type WordScript = 'latin' | 'hangul' | 'kana';

/** A word of a text, and whether it follows the word before with only a space, hyphen or ・ between. */
interface TextWord {
  word: string;
  script: WordScript;
  capital: boolean;
  joined: boolean;
  /** Joined by ・, which marks the words of one foreign name (メープル・ベイ). */
  dotted: boolean;
  /** For katakana, the Korean reading of a Chinese character right after it (ダソム区: 구). */
  reading?: string;
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
    end = m.index + word.length;
    const next = script === 'kana' ? (s[end] ?? '') : '';
    // Read as the second of a word, as a suffix is (区 구, 市 시), not the first (両 양, not 량).
    const reading = /^[\u4e00-\u9fff]$/.test(next) ? hanja.translate(`一${next}`, 'SUBSTITUTION').slice(1) : '';
    out.push({
      word: script === 'latin' ? word.toLowerCase() : word,
      script,
      capital: c < 0x5b,
      joined,
      dotted: joined && gap.includes('・'),
      ...(/^[\uac00-\ud7a3]$/.test(reading) ? { reading } : {}),
    });
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
  /** Its forms as English is matched: none for a Hangul word that could be Sino-Korean. */
  forms: readonly PhoneticForm[];
  /** Its forms as Korean and Japanese are matched with each other (see {@link kanaHangulForm}), raw. */
  heard: readonly PhoneticForm[];
}

/**
 * The phonetic forms a word may have: a Korean word with and without its last particle or ending.
 * A Hangul word that could be Sino-Korean has none, unless `sino` (a katakana rendering of a
 * Korean word, チョニプシンゴ, may be heard as 전입신고).
 */
function formsOf(w: TextWord, sino = false): PhoneticForm[] {
  if (w.script === 'latin') return EN_STOPWORDS.has(w.word) || w.word.length < 3 ? [] : [englishForm(w.word)];
  if (w.script === 'kana') return [romanForm(katakanaMorae(w.word), 'ja')];
  const stem = stripKoreanSuffix(w.word);
  if (!sino && couldBeSinoKorean(stem)) return [];
  const forms = [romanForm(hangulSyllables(w.word), 'ko')];
  if (stem !== w.word) forms.push(romanForm(hangulSyllables(stem), 'ko'));
  return forms;
}

const same = (f: PhoneticForm): PhoneticForm => f;

/** What Korean writes after a place's name: 시, 구, 군 …, and Japanese 町, 村, 区 by sound (마치, 무라, 쿠). */
const PLACE_SUFFIX = /(?:시|구|군|읍|면|마치|초|무라|쿠)$/u;

/** Words for a kind of place, not the name of one. */
const GENERIC_PLACE = /^(?:city|town|county|village|borough|ward|district|prefecture|province|state|region|shi|machi|mura|cho|ku|gun|gu)$/;

/**
 * The forms a word may have as a place's name: a Hangul name is heard whatever its syllables
 * (나리하마 could be read in Chinese characters, and is still Narihama), with and without its
 * particle and its place suffix (나리하마시에서, 아오바마치).
 */
function placeFormsOf(w: TextWord): PhoneticForm[] {
  if (w.script !== 'hangul') return formsOf(w);
  const stem = stripKoreanSuffix(w.word);
  const bare = stem.replace(PLACE_SUFFIX, '');
  return [...new Set([w.word, stem, bare])].filter((x) => x.length >= 2).map((x) => romanForm(hangulSyllables(x), 'ko'));
}

/** English words ↔ Hangul and katakana words of one knowledge base, and Hangul ↔ katakana, matched by sound. */
export class LoanwordBridge {
  /** English words and name pairs of the documents. */
  private readonly latin = new PhoneticIndex((borrowed, english) => formDistance(borrowed, english));
  /** Hangul words (and name pairs) of the documents. */
  private readonly hangul = new PhoneticIndex((english, borrowed) => formDistance(borrowed, english));
  /** Katakana words (and name pairs) of the documents. */
  private readonly kana = new PhoneticIndex((english, borrowed) => formDistance(borrowed, english));
  /** Katakana words (and name pairs) of the documents, as a Hangul word is compared with them. */
  private readonly kanaHeard = new PhoneticIndex(borrowedDistance);
  /** Hangul words (and name pairs) of the documents, Sino-Korean ones too, as a katakana word is compared with them. */
  private readonly hangulHeard = new PhoneticIndex(borrowedDistance);
  /** The place names' sounds, as {@link placesFor} compares with them (the knowledge base's places: a few dozen). */
  private readonly placeSounds = new Map<string, { form: PhoneticForm; allowed: number } | null>();

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

  /**
   * The places among `places` (English index terms: the knowledge base's own place names) that a
   * Korean or Japanese question names by sound — Sino-Korean-looking names and place suffixes
   * included (나리하마시 → narihama, 아오바마치 → aoba). Only those names are candidates, so a short
   * one may match, exactly; generic place words (city, town, gu) are no names.
   */
  placesFor(text: string, places: Iterable<string>): string[] {
    const forms = wordsOf(text).filter((w) => w.script !== 'latin').flatMap(placeFormsOf);
    if (forms.length === 0) return [];
    const out: string[] = [];
    for (const place of places) {
      const heard = this.placeSound(place);
      if (heard && forms.some((f) => formDistance(f, heard.form) <= heard.allowed)) out.push(place);
    }
    return out;
  }

  /** A place name's English form and the distance allowed to it (the index's, but exact for a short name); null for no name. */
  private placeSound(place: string): { form: PhoneticForm; allowed: number } | null {
    let sound = this.placeSounds.get(place);
    if (sound === undefined) {
      const form = englishForm(place);
      sound = !/^[a-z]{4,}$/.test(place) || GENERIC_PLACE.test(place) ? null : { form, allowed: Math.max(0, allowedCost(skeletonOf(form).length)) };
      this.placeSounds.set(place, sound);
    }
    return sound;
  }

  /** The English index terms a Korean or Japanese question's Hangul and katakana words sound like. */
  latinFor(text: string): BridgedTerm[] {
    return this.lookUp(text, (w) => (w.script === 'latin' ? [] : [this.latin]), formsOf, same);
  }

  /** The Hangul and katakana index terms an English question's words sound like (each script has its own shares). */
  foreignFor(text: string): BridgedTerm[] {
    return this.lookUp(text, (w) => (w.script === 'latin' ? [this.hangul, this.kana] : []), formsOf, same);
  }

  /**
   * The katakana index terms a question's Hangul words sound like (인플루엔자 → インフルエンザ), and
   * the Hangul index terms its katakana words sound like (マイナンバー → 마이넘버, and a Korean word
   * written in katakana, チョニプシンゴ → 전입신고, though it is Sino-Korean). Japanese writes the
   * Sino-Korean suffix of a Korean name in kanji (ダソム区 다솜구, ハンビット市 한빛시): a katakana
   * word is also heard with the Korean reading of the character after it. A final ッ is the
   * unreleased t of a Korean final ㅅ, ㅈ, ㅊ or ㅌ (ハンビッ 한빛).
   */
  acrossFor(text: string): BridgedTerm[] {
    const forms = (w: TextWord): PhoneticForm[] => {
      const own = formsOf(w).map((f) => (w.word.endsWith('ッ') ? joinForms(f, 'T') : f));
      return w.reading === undefined || own.length === 0 ? own : [...own, joinForms(own[0], romanForm(hangulSyllables(w.reading), 'ko'))];
    };
    return this.lookUp(text, (w) => (w.script === 'hangul' ? [this.kanaHeard] : w.script === 'kana' ? [this.hangulHeard] : []), forms, kanaHangulForm);
  }

  private addText(text: string, name: boolean, seen: Map<string, Sound>): void {
    const words = wordsOf(text);
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      const index = this[w.script];
      const heardIndex = w.script === 'hangul' ? this.hangulHeard : w.script === 'kana' ? this.kanaHeard : undefined;
      let sound = seen.get(w.word);
      if (!sound) {
        // Words repeat: each is read (and indexed) once.
        const forms = formsOf(w);
        sound = { terms: analyze(w.word), forms, heard: w.script === 'hangul' ? formsOf(w, true) : forms };
        seen.set(w.word, sound);
        for (const f of sound.forms) index.add(f, sound.terms);
        for (const f of sound.heard) heardIndex?.add(kanaHangulForm(f), sound.terms);
      }
      const prev = words[i - 1];
      // Names of two words: any pair in a title or tag, capitalised English pairs in the text,
      // and katakana words joined by ・ anywhere (メープル・ベイ).
      if (!w.joined || prev?.script !== w.script || !(name || (prev.capital && w.capital) || w.dotted)) continue;
      const first = seen.get(prev.word);
      if (!first || first.terms.length === 0 || sound.terms.length === 0) continue;
      const pair = [...first.terms, ...sound.terms];
      if (first.forms.length > 0) for (const f of sound.forms) index.add(joinForms(first.forms[0], f), pair);
      if (first.heard.length > 0) for (const f of sound.heard) heardIndex?.add(kanaHangulForm(joinForms(first.heard[0], f)), pair);
    }
  }

  /**
   * The terms of the indexes' words that the words of a text sound like (a word's share split
   * among its matches in each index): each word is looked up in the indexes `indexesFor` gives it,
   * by the forms `formsFor` gives it, in the `shape` those indexes keep.
   */
  private lookUp(
    text: string,
    indexesFor: (w: TextWord) => readonly PhoneticIndex[],
    formsFor: (w: TextWord) => PhoneticForm[],
    shape: (f: PhoneticForm) => PhoneticForm,
  ): BridgedTerm[] {
    const words = wordsOf(text);
    const out = new Map<string, number>();
    const take = (indexes: readonly PhoneticIndex[], forms: readonly PhoneticForm[]): void => {
      for (const index of indexes) {
        const found = index.match(forms.map(shape));
        for (const { entry, quality } of found) {
          const share = quality / found.length;
          for (const term of entry.terms) if (share > (out.get(term) ?? 0)) out.set(term, share);
        }
      }
    };
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      const indexes = indexesFor(w);
      if (indexes.length === 0) continue;
      const forms = formsFor(w);
      take(indexes, forms);
      // With the word before: 메모리 클리닉 is one name, "Memory Clinic".
      const prev = words[i - 1];
      const first = w.joined && prev?.script === w.script ? formsOf(prev) : [];
      if (first.length > 0) take(indexes, forms.map((f) => joinForms(first[0], f)));
    }
    return [...out].map(([term, share]) => ({ term, share }));
  }
}
