/**
 * Korean ↔ Japanese through shared Sino-Korean words. Most of the vocabulary of public services is
 * written in kanji in Japanese and in the Korean reading of the same characters in Korean:
 * 児童手当 is 아동수당, 国民健康保険 국민건강보험, 申請 신청, 書類 서류. Every kanji has a standard
 * Korean reading (the `hanja` package's table, which knows Japanese simplified forms such as 医 and
 * 児), so a kanji word of the knowledge base can be read in Hangul without any glossary entry.
 *
 * The bridge works on the index's own terms (two-character words, see {@link analyze}): each
 * two-kanji term of the Japanese documents is read in Hangul (with and without the initial-sound
 * rule, 年金 → 연금 at the start of a word, 년금 inside one), and the readings that Korean text
 * could contain are kept. A Korean question's terms then carry the kanji terms they read as (one
 * reading may stand for several kanji terms: each gets its share), and a Japanese question's kanji
 * terms carry their readings that occur in the Korean documents. So it only ever proposes words the
 * knowledge base has.
 */
import hanja from 'hanja';

/** Two kanji (CJK unified ideographs, or 々 repeating the first). */
const KANJI_PAIR = /^[\u4e00-\u9fff][\u4e00-\u9fff々]$/u;
const HANGUL_PAIR = /^[\uac00-\ud7a3]{2}$/u;
/** Most kanji terms whose readings are remembered. */
const MAX_READINGS = 200_000;

/** A term of another script and its weight (1, or a share when a reading is ambiguous). */
export interface BridgedTerm {
  term: string;
  share: number;
}

/** The Hangul readings of two kanji: at the start of a word and inside one (they differ for 년/연, 로/노, 리/이 …). */
export function hangulReadings(pair: string): string[] {
  const initial = hanja.translate(pair, 'SUBSTITUTION');
  // Read after another character, the initial-sound rule does not apply.
  const inner = hanja.translate(`一${pair}`, 'SUBSTITUTION').slice(1);
  return [...new Set([initial, inner])].filter((r) => HANGUL_PAIR.test(r));
}

/** Kanji terms ↔ Hangul terms of one knowledge base. */
export class SinoKoreanBridge {
  /** Hangul reading → the kanji terms read so. */
  private readonly toKanji = new Map<string, string[]>();
  /** Every two-syllable Hangul term of the index. */
  private readonly hangul = new Set<string>();
  /** Kanji term → its readings that Korean documents contain (the knowledge base's own, then the questions' as met). */
  private readonly toHangul = new Map<string, string[]>();

  /** @param terms every term of the index (any script) */
  constructor(terms: Iterable<string>) {
    const kanji: string[] = [];
    for (const t of terms) {
      if (HANGUL_PAIR.test(t)) this.hangul.add(t);
      else if (KANJI_PAIR.test(t)) kanji.push(t);
    }
    for (const k of kanji) {
      const readings = hangulReadings(k);
      for (const r of readings) {
        const list = this.toKanji.get(r);
        if (list) list.push(k);
        else this.toKanji.set(r, [k]);
      }
      this.toHangul.set(k, readings.filter((r) => this.hangul.has(r)));
    }
  }

  /** Number of kanji terms of the knowledge base with a reading found in its Korean documents. */
  get size(): number {
    let n = 0;
    for (const readings of this.toHangul.values()) if (readings.length > 0) n++;
    return n;
  }

  /** The kanji terms a Hangul term reads as (each with its share of an ambiguous reading). */
  kanjiFor(term: string): BridgedTerm[] {
    const list = this.toKanji.get(term);
    if (!list) return [];
    return list.map((k) => ({ term: k, share: 1 / list.length }));
  }

  /** The Hangul terms of the Korean documents a kanji term (of the knowledge base or not) reads as. */
  hangulFor(term: string): BridgedTerm[] {
    let readings = this.toHangul.get(term);
    if (readings === undefined) {
      readings = KANJI_PAIR.test(term) ? hangulReadings(term).filter((r) => this.hangul.has(r)) : [];
      // Questions repeat words: remember, within a bound (a question brings a handful of terms).
      if (this.toHangul.size < MAX_READINGS) this.toHangul.set(term, readings);
    }
    return readings.map((h) => ({ term: h, share: 1 }));
  }
}
