/**
 * The multilingual glossary behind cross-lingual retrieval without an LLM: concepts with their
 * words in Korean, Japanese and English, loaded from `knowledge/glossary/*.yaml` (and any folder a
 * city adds). A question that contains a concept's word is expanded with the concept's other
 * words, so an English question about 国民年金 also searches for the Japanese terms.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Lang } from '../../locales/lang';
import { GlossaryMatcher, type MatchInput, type MatchTerm } from './glossary-matcher';
import { analyze, normalizeText } from './text-analyzer';

const entrySchema = z.object({
  ko: z.array(z.string()).default([]),
  ja: z.array(z.string()).default([]),
  en: z.array(z.string()).default([]),
  /** A place word: documents of this region are preferred when a question names it. */
  region: z.string().regex(/^[A-Z]{2}$/).optional(),
});
const fileSchema = z.object({ terms: z.array(entrySchema) });

/** One concept: words per language, most common first. */
export type GlossaryEntry = z.infer<typeof entrySchema>;

/** Thrown when a glossary file cannot be read or is malformed. */
export class GlossaryError extends Error {
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
    this.name = 'GlossaryError';
  }
}

/** A weighted query term added by expansion. */
export interface ExpansionTerm {
  term: string;
  weight: number;
  lang: Lang;
}

/** An analysed glossary word of one concept, in the order expansion visits them. */
interface ExpansionWord {
  term: string;
  lang: Lang;
  /** The first (most common) word of its language. */
  first: boolean;
  /**
   * The term's share of its word: 1, or 1/n for each of the n words of an English synonym phrase
   * ("older people"), so that a phrase weighs like one word and its common words ("people",
   * "card") do not lift every document that has them.
   */
  share: number;
}

/** Where the bundled glossary files live (source or compiled tree). */
export function bundledGlossaryDir(): string {
  const candidates = [path.resolve(__dirname, '..', 'glossary'), path.resolve(__dirname, '..', '..', '..', 'knowledge', 'glossary')];
  for (const dir of candidates) if (fs.existsSync(dir)) return dir;
  return candidates[0];
}

/** Weight of the first (most common) word of a language; later synonyms get {@link SYNONYM_FACTOR} of it. */
const SYNONYM_FACTOR = 0.6;

/** The bundled glossary, once loaded (see {@link Glossary.load}). */
let bundledGlossary: Glossary | undefined;

/** Compiled glossary with a fast matcher. */
export class Glossary {
  private readonly matcher: GlossaryMatcher;
  /** The same matcher over place words only (for {@link regionsIn}). */
  private readonly regionMatcher: GlossaryMatcher;
  /** Per concept: its words analysed like the index (empty for place words, which never expand). */
  private readonly expansions: ExpansionWord[][];
  /** The last text prepared for matching (a question is matched for expansion, then for regions). */
  private lastText: string | null = null;
  private lastFlat = '';
  private places: Set<string> | undefined;

  /** @param entries concepts (for example from {@link Glossary.load}) */
  constructor(readonly entries: readonly GlossaryEntry[]) {
    const terms: MatchTerm[] = [];
    entries.forEach((entry, index) => {
      for (const lang of ['ko', 'ja', 'en'] as const) {
        for (const word of entry[lang]) {
          if (lang === 'en') {
            const tokens = analyze(word);
            // "id card" analyses to "card" alone: a phrase that loses words would match far too much.
            const words = word.trim().split(/[\s-]+/).length;
            if (tokens.length && (tokens.length === words || tokens.length > 1)) terms.push({ entry: index, kind: 'phrase', key: tokens.join(' ') });
          } else {
            const key = normalizeText(word).replace(/\s+/g, '');
            // Single-character CJK words only match a whole token, never a substring.
            if (key) terms.push({ entry: index, kind: key.length < 2 ? 'token' : 'substring', key });
          }
        }
      }
    });
    this.matcher = new GlossaryMatcher(terms);
    this.regionMatcher = new GlossaryMatcher(terms.filter((t) => entries[t.entry].region));
    this.expansions = entries.map((entry) => {
      const words: ExpansionWord[] = [];
      if (entry.region) return words; // place names steer by region, they are not topics
      for (const lang of ['ko', 'ja', 'en'] as const) {
        entry[lang].forEach((word, k) => {
          const terms = new Set(analyze(word));
          const share = lang === 'en' && k > 0 && terms.size > 1 ? 1 / terms.size : 1;
          for (const term of terms) words.push({ term, lang, first: k === 0, share });
        });
      }
      return words;
    });
  }

  /** Loads every `*.yaml`/`*.yml`/`*.json` file of the folders (missing folders are skipped). */
  static load(dirs: readonly string[] = [bundledGlossaryDir()]): Glossary {
    // The bundled glossary ships with the code and never changes while it runs: parsed once per process.
    const bundled = dirs.length === 1 && dirs[0] === bundledGlossaryDir();
    if (bundled && bundledGlossary) return bundledGlossary;
    const glossary = new Glossary(Glossary.readEntries(dirs));
    if (bundled) bundledGlossary = glossary;
    return glossary;
  }

  private static readEntries(dirs: readonly string[]): GlossaryEntry[] {
    const entries: GlossaryEntry[] = [];
    for (const dir of dirs) {
      if (!fs.existsSync(dir)) continue;
      for (const name of fs.readdirSync(dir).filter((f) => /\.(ya?ml|json)$/i.test(f)).sort()) {
        const file = path.join(dir, name);
        let raw: unknown;
        try {
          const text = fs.readFileSync(file, 'utf8');
          raw = name.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
        } catch (err) {
          throw new GlossaryError(file, 'cannot be parsed', { cause: err });
        }
        const parsed = fileSchema.safeParse(raw);
        if (!parsed.success) throw new GlossaryError(file, `invalid glossary: ${parsed.error.issues[0]?.message ?? ''}`, { cause: parsed.error });
        entries.push(...parsed.data.terms);
      }
    }
    return entries;
  }

  /** Place words (city and country names) as index terms: not topics, so never searched as such. */
  placeTerms(): ReadonlySet<string> {
    if (!this.places) this.places = new Set(this.entries.filter((e) => e.region).flatMap((e) => [...e.ko, ...e.ja, ...e.en].flatMap((w) => analyze(w))));
    return this.places;
  }

  /** Indexes of the concepts mentioned in a text (ascending). */
  match(text: string, tokens: readonly string[] = analyze(text)): Set<number> {
    return new Set(this.matcher.match(this.matchInput(text, tokens)));
  }

  /** Regions named in a text (country or city words of entries that carry a `region`). */
  regionsIn(text: string, tokens: readonly string[] = analyze(text)): Set<string> {
    const regions = new Set<string>();
    for (const index of this.regionMatcher.match(this.matchInput(text, tokens))) {
      const region = this.entries[index].region;
      if (region) regions.add(region);
    }
    return regions;
  }

  /**
   * Expansion terms for a text: the words of every matched concept in every language, analysed
   * like the index, weighted by `weights[lang]` (the first word of a language at full weight,
   * synonyms lower). Terms already in `tokens` are not repeated.
   *
   * @param present when given, only terms it accepts are returned — pass the index's vocabulary:
   *   a broad glossary names many synonyms a city's documents never use, and such a term cannot
   *   match anything, only dilute the share of the question a document covers (retrieval
   *   confidence and the document bridge count it as a word no document has).
   */
  expand(text: string, tokens: readonly string[], weights: Record<Lang, number>, present?: (term: string) => boolean): ExpansionTerm[] {
    const matched = this.matcher.match(this.matchInput(text, tokens));
    if (matched.length === 0) return [];
    const have = new Set(tokens);
    const best = new Map<string, ExpansionTerm>();
    for (const index of matched) {
      for (const { term, lang, first, share } of this.expansions[index]) {
        if (have.has(term) || (present && !present(term))) continue;
        const weight = weights[lang] * (first ? 1 : SYNONYM_FACTOR) * share;
        const prev = best.get(term);
        if (!prev || prev.weight < weight) best.set(term, { term, weight, lang });
      }
    }
    return [...best.values()];
  }

  private matchInput(text: string, tokens: readonly string[]): MatchInput {
    if (text !== this.lastText) {
      this.lastFlat = normalizeText(text).replace(/\s+/g, '');
      this.lastText = text;
    }
    return { flat: this.lastFlat, tokens };
  }
}
