/**
 * A bilingual lexicon learned from the knowledge base itself. Every Korean or Japanese document
 * names itself twice — in its own language and in English ("기초연금 (Basic Pension, Hanbit
 * City)") — and many carry tags in both ("노인, 어르신, …, basic pension, senior"). Each such
 * document is a tiny parallel text: its native title and tags on one side, its English name and
 * English tags on the other. Words that keep appearing together across documents translate each
 * other (Dice coefficient over the documents: 어르신 ↔ senior, 교통 ↔ transport, 粗大 ↔ bulky);
 * a word found in one document only translates to that document's name words (똑버스 ↔ demand,
 * community, bus). A city's own program names are therefore bridged without anyone writing a
 * glossary entry, and the lexicon grows with the documents.
 *
 * Place names (the glossary's region words) are left out of both sides: they say where, not what.
 * Words the glossary already pairs within a document ("高齢者インフルエンザ・新型コロナ定期予防接種
 * (Flu and COVID-19 Vaccination for Seniors)": 高齢者 ↔ seniors, インフルエンザ ↔ flu …) are
 * explained: they pair with each other and with nothing else there, so 高齢者 does not come to mean
 * "flu" because the two share a title.
 */
import type { Glossary } from './glossary';
import type { KbChunk } from './kb-chunk';
import { analyze, scriptOfTerm } from './text-analyzer';

/** A word of the other side with how strongly it translates (0–1). */
export interface Translation {
  term: string;
  strength: number;
}

/** Below this Dice coefficient a pair is a coincidence, not a translation. */
const MIN_DICE = 0.5;
/** Most translations kept per word (the strongest). */
const MAX_TRANSLATIONS = 6;

/** Lexicon between English and the Korean/Japanese words of the documents' titles and tags. */
export class DocumentLexicon {
  private readonly toEnglish = new Map<string, Translation[]>();
  private readonly fromEnglish = new Map<string, Translation[]>();

  /**
   * @param documents one chunk per document is enough (title, tags and language are per document)
   * @param places terms of place names, left out of both sides
   * @param glossary concepts whose words, found on both sides of a document, explain each other
   */
  constructor(documents: readonly Pick<KbChunk, 'title' | 'tags' | 'lang'>[], places: ReadonlySet<string> = new Set(), glossary?: Glossary) {
    // Per word, the documents it names; per pair, the documents naming both (counted document by
    // document, so building stays linear in the number of documents).
    const nativeDocs = new Map<string, number>();
    const englishDocs = new Map<string, number>();
    const pairs = new Map<string, number>();
    const keep = (t: string): boolean => !places.has(t) && !/^\d+$/.test(t);
    for (const d of documents) {
      if (d.lang === 'en') continue;
      const paren = /^(.*?)\s*[(（]([^)）]*)[)）]\s*$/u.exec(d.title);
      const latinTag = (t: string): boolean => /^[\x20-\x7e]+$/.test(t);
      const nativeText = [paren ? paren[1] : d.title, ...d.tags.filter((t) => !latinTag(t))].join(' ');
      const englishText = [paren ? paren[2] : '', ...d.tags.filter(latinTag)].join(' ');
      const n = [...new Set(analyze(nativeText))].filter((t) => scriptOfTerm(t) !== 'latin' && keep(t));
      const e = [...new Set(analyze(englishText))].filter((t) => scriptOfTerm(t) === 'latin' && keep(t));
      for (const t of n) nativeDocs.set(t, (nativeDocs.get(t) ?? 0) + 1);
      for (const t of e) englishDocs.set(t, (englishDocs.get(t) ?? 0) + 1);
      const explained = glossary ? glossaryPairs(glossary, nativeText, englishText, n, e) : null;
      for (const x of n) {
        for (const y of e) {
          const key = `${x}\u0000${y}`;
          if (explained && (explained.native.has(x) || explained.english.has(y)) && !explained.pairs.has(key)) continue;
          pairs.set(key, (pairs.get(key) ?? 0) + 1);
        }
      }
    }
    for (const [key, both] of pairs) {
      const [n, e] = key.split('\u0000');
      const dice = (2 * both) / ((nativeDocs.get(n) ?? 0) + (englishDocs.get(e) ?? 0));
      if (dice < MIN_DICE) continue;
      push(this.toEnglish, n, { term: e, strength: dice });
      push(this.fromEnglish, e, { term: n, strength: dice });
    }
    for (const m of [this.toEnglish, this.fromEnglish]) for (const [k, list] of m) m.set(k, list.sort((a, b) => b.strength - a.strength).slice(0, MAX_TRANSLATIONS));
  }

  /** English words for a Korean or Japanese term, or Korean and Japanese terms for an English word. */
  translate(term: string): readonly Translation[] {
    return (scriptOfTerm(term) === 'latin' ? this.fromEnglish.get(term) : this.toEnglish.get(term)) ?? [];
  }

  /** Number of words with translations (for logs and tests). */
  get size(): number {
    return this.toEnglish.size + this.fromEnglish.size;
  }
}

/**
 * The words of one document that the glossary pairs: per concept found on both sides, its native
 * terms with its English terms.
 */
function glossaryPairs(glossary: Glossary, nativeText: string, englishText: string, n: readonly string[], e: readonly string[]): { native: Set<string>; english: Set<string>; pairs: Set<string> } {
  const out = { native: new Set<string>(), english: new Set<string>(), pairs: new Set<string>() };
  const nSet = new Set(n);
  const eSet = new Set(e);
  const both = new Set(glossary.match(englishText));
  for (const index of glossary.match(nativeText)) {
    if (!both.has(index)) continue;
    const entry = glossary.entries[index];
    const xs = [...new Set(analyze([...entry.ko, ...entry.ja].join(' ')))].filter((t) => nSet.has(t));
    const ys = [...new Set(analyze(entry.en.join(' ')))].filter((t) => eSet.has(t));
    if (xs.length === 0 || ys.length === 0) continue;
    for (const x of xs) {
      out.native.add(x);
      for (const y of ys) out.pairs.add(`${x}\u0000${y}`);
    }
    for (const y of ys) out.english.add(y);
  }
  return out;
}

function push(m: Map<string, Translation[]>, key: string, t: Translation): void {
  const list = m.get(key);
  if (list) list.push(t);
  else m.set(key, [t]);
}

/**
 * A document's English name (a Korean or Japanese title's parenthesis, or an English title) and
 * English tags, as index terms without place names or numbers: what the document says it is
 * about in the language every document of the knowledge base shares.
 */
export function englishNameTerms(doc: Pick<KbChunk, 'title' | 'tags' | 'lang'>, places: ReadonlySet<string> = new Set()): string[] {
  const m = /[(（]([^)）]*)[)）]\s*$/u.exec(doc.title);
  const name = doc.lang === 'en' ? doc.title : (m?.[1] ?? '');
  const tags = doc.tags.filter((t) => /^[\x20-\x7e]+$/.test(t));
  return [...new Set(analyze([name, ...tags].join(' ')).filter((t) => scriptOfTerm(t) === 'latin' && !/^\d+$/.test(t) && !places.has(t)))];
}

/**
 * Place names learned from the documents' titles: the English place a title names after its
 * program ("기초연금 (Basic Pension, Hanbit City)", "Dog Licence (Riverside Town)"), as terms, each
 * with the one region whose documents name it. A term must be named by two documents or more and
 * by no document of another region ("city" is named in Korea and Japan, so it is no place), so a
 * city whose name nobody wrote into the glossary is still recognised when a resident names it.
 */
export function learnedPlaces(docs: readonly Pick<KbChunk, 'title' | 'lang' | 'region'>[]): Map<string, string> {
  const regionsOf = new Map<string, Set<string>>();
  const count = new Map<string, number>();
  for (const d of docs) {
    const m = /[(（]([^)）]*)[)）]\s*$/u.exec(d.title);
    if (!m) continue;
    // A Korean or Japanese title's parenthesis is "English name, place"; an English title's is the place.
    const place = d.lang === 'en' ? m[1] : m[1].includes(',') ? m[1].slice(m[1].lastIndexOf(',') + 1) : '';
    for (const t of new Set(analyze(place))) {
      if (scriptOfTerm(t) !== 'latin' || /^\d+$/.test(t)) continue;
      (regionsOf.get(t) ?? regionsOf.set(t, new Set()).get(t)!).add(d.region);
      count.set(t, (count.get(t) ?? 0) + 1);
    }
  }
  const out = new Map<string, string>();
  for (const [t, regions] of regionsOf) if (regions.size === 1 && (count.get(t) ?? 0) >= 2) out.set(t, [...regions][0]);
  return out;
}
