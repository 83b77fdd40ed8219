/**
 * Turns text in Korean, Japanese or English (or a mix) into index terms, the same way for
 * documents and queries. No dictionary is loaded, so it starts instantly and handles any
 * vocabulary a city adds:
 * - everything is NFKC-normalised (full-width Latin and digits, half-width katakana) and lower-cased;
 * - Korean eojeol lose their attached particle or ending (기초연금을 → 기초연금), then become
 *   character bigrams (기초 초연 연금), so compounds match whether or not they are spaced;
 * - Japanese kanji and katakana runs become character bigrams (Lucene's CJK approach); hiragana
 *   runs are split into words with `Intl.Segmenter` and function words are dropped;
 * - English words are lower-cased, British/American variants folded and lightly stemmed.
 */
import { EN_STOPWORDS, JA_STOPWORDS, KO_STOPWORDS, KO_SUFFIXES } from './stopwords';

/** Script of a text run, which decides how it is analysed. */
export type Script = 'hangul' | 'cjk' | 'latin';

type CharClass = 'hangul' | 'hira' | 'kata' | 'kanji' | 'latin' | 'other';

// Code-point ranges instead of regular expressions: this runs once per character of the corpus.
function classOf(ch: string): CharClass {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ? 'latin' : 'other';
  if (c >= 0xac00 && c <= 0xd7a3) return 'hangul';
  if (c >= 0x3041 && c <= 0x309f) return 'hira';
  if ((c >= 0x30a0 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff)) return 'kata';
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || c === 0x3005 || c === 0x3006) return 'kanji';
  if (c >= 0xc0 && c <= 0x24f) return 'latin';
  return 'other';
}

/** NFKC, lower case, and folding of apostrophes so "can't" stays one word. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/['’`]/g, '');
}

const SPELLING: ReadonlyArray<[RegExp, string]> = [
  [/^licens/, 'licenc'],
  [/^center/, 'centre'],
  [/^neighbor/, 'neighbour'],
  [/^program$/, 'programme'],
  [/^programs$/, 'programmes'],
  [/^colou?r/, 'colour'],
  [/^favor/, 'favour'],
  [/^enrol(?!l)/, 'enroll'],
];

/** A deliberately light English stemmer: enough to join plural/verb forms, never clever. */
export function stemEnglish(word: string): string {
  let w = word;
  for (const [re, to] of SPELLING) if (re.test(w)) w = w.replace(re, to);
  if (w.length <= 3 || /^\d+$/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(xes|ches|shes|oes)$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

function undouble(w: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w) ? w.slice(0, -1) : w;
}

/** Strips one trailing Korean particle or ending, keeping at least one syllable. */
export function stripKoreanSuffix(word: string): string {
  for (const suffix of KO_SUFFIXES) {
    if (!word.endsWith(suffix)) continue;
    // One-syllable endings such as 이/가/도 are also the last syllable of many nouns (아이, 나이,
    // 포도): only strip them when two syllables remain.
    const minStem = suffix.length === 1 && !KO_SAFE_SINGLE.has(suffix) ? 2 : 1;
    if (word.length - suffix.length >= minStem) return word.slice(0, -suffix.length);
  }
  return word;
}

/** Single-syllable particles that are rarely the end of a noun. */
const KO_SAFE_SINGLE: ReadonlySet<string> = new Set(['은', '는', '을', '를', '에', '께']);

function bigrams(run: string, out: string[]): void {
  if (run.length === 1) {
    out.push(run);
    return;
  }
  for (let i = 0; i + 2 <= run.length; i++) out.push(run.slice(i, i + 2));
}

const hiraganaSegmenter = new Intl.Segmenter('ja', { granularity: 'word' });

// Hiragana runs repeat endlessly (の, ます, について…): segmenting each distinct run once makes
// Japanese analysis about ten times faster. Bounded so an adversarial corpus cannot grow it forever.
const hiraganaCache = new Map<string, readonly string[]>();
const HIRAGANA_CACHE_LIMIT = 200_000;

function analyzeHiragana(run: string, out: string[]): void {
  if (run.length < 2 || JA_STOPWORDS.has(run)) return;
  let words = hiraganaCache.get(run);
  if (!words) {
    const found: string[] = [];
    for (const seg of hiraganaSegmenter.segment(run)) {
      const w = seg.segment;
      if (w.length >= 2 && !JA_STOPWORDS.has(w)) found.push(w);
    }
    words = found;
    if (hiraganaCache.size >= HIRAGANA_CACHE_LIMIT) hiraganaCache.clear();
    hiraganaCache.set(run, words);
  }
  for (const w of words) out.push(w);
}

// Words repeat across a corpus far more than they vary: analyse each distinct Korean eojeol and
// English word once. Bounded, like the hiragana cache.
const wordCache = new Map<string, readonly string[]>();
const WORD_CACHE_LIMIT = 300_000;

function cached(key: string, compute: (out: string[]) => void, out: string[]): void {
  let terms = wordCache.get(key);
  if (!terms) {
    const fresh: string[] = [];
    compute(fresh);
    terms = fresh;
    if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
    wordCache.set(key, terms);
  }
  for (const t of terms) out.push(t);
}

function analyzeKorean(word: string, out: string[]): void {
  cached(word, (o) => {
    if (KO_STOPWORDS.has(word)) return;
    const stem = stripKoreanSuffix(word);
    if (KO_STOPWORDS.has(stem)) return;
    bigrams(stem, o);
  }, out);
}

function analyzeLatin(word: string, out: string[]): void {
  cached(word, (o) => {
    if (EN_STOPWORDS.has(word)) return;
    // Long digit strings are phone or ID numbers, never topics.
    if (/^\d{5,}$/.test(word)) return;
    const stem = stemEnglish(word);
    if (stem.length > 0 && !EN_STOPWORDS.has(stem)) o.push(stem);
  }, out);
}

/**
 * Analyses text into terms (with repetitions, so counts are term frequencies).
 * @param text any mix of Korean, Japanese and English
 */
export function analyze(text: string): string[] {
  const s = normalizeText(text);
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const cls = classOf(s[i]);
    let j = i + 1;
    while (j < s.length && classOf(s[j]) === cls) j++;
    const run = s.slice(i, j);
    switch (cls) {
      case 'hangul':
        analyzeKorean(run, out);
        break;
      case 'kanji':
      case 'kata':
        bigrams(run, out);
        break;
      case 'hira':
        analyzeHiragana(run, out);
        break;
      case 'latin':
        analyzeLatin(run, out);
        break;
      default:
        break;
    }
    i = j;
  }
  return out;
}

/** The script a term belongs to (used to tell which language a term can match). */
export function scriptOfTerm(term: string): Script {
  const c = classOf(term[0] ?? ' ');
  if (c === 'hangul') return 'hangul';
  if (c === 'latin' || c === 'other') return 'latin';
  return 'cjk';
}
