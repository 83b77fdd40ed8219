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

interface CompiledTerm {
  entry: number;
  lang: Lang;
  /** For ko/ja: normalised text without spaces; for en: analysed tokens joined by a space. */
  key: string;
  /** Single-character CJK words only match a whole token, never a substring. */
  tokenOnly: boolean;
}

/** Where the bundled glossary files live (source or compiled tree). */
export function bundledGlossaryDir(): string {
  const candidates = [path.resolve(__dirname, '..', 'glossary'), path.resolve(__dirname, '..', '..', '..', 'knowledge', 'glossary')];
  for (const dir of candidates) if (fs.existsSync(dir)) return dir;
  return candidates[0];
}

/** Weight of the first (most common) word of a language; later synonyms get {@link SYNONYM_FACTOR} of it. */
const SYNONYM_FACTOR = 0.6;

/** Compiled glossary with a fast matcher. */
export class Glossary {
  private readonly compiled: CompiledTerm[] = [];
  private readonly analyzed: Map<string, string[]> = new Map();

  /** @param entries concepts (for example from {@link Glossary.load}) */
  constructor(readonly entries: readonly GlossaryEntry[]) {
    entries.forEach((entry, index) => {
      for (const lang of ['ko', 'ja', 'en'] as const) {
        for (const word of entry[lang]) {
          if (lang === 'en') {
            const tokens = analyze(word);
            // "id card" analyses to "card" alone: a phrase that loses words would match far too much.
            const words = word.trim().split(/[\s-]+/).length;
            if (tokens.length && (tokens.length === words || tokens.length > 1)) this.compiled.push({ entry: index, lang, key: tokens.join(' '), tokenOnly: false });
          } else {
            const key = normalizeText(word).replace(/\s+/g, '');
            if (key) this.compiled.push({ entry: index, lang, key, tokenOnly: key.length < 2 });
          }
        }
      }
    });
  }

  /** Loads every `*.yaml`/`*.yml`/`*.json` file of the folders (missing folders are skipped). */
  static load(dirs: readonly string[] = [bundledGlossaryDir()]): Glossary {
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
    return new Glossary(entries);
  }

  /** Indexes of the concepts mentioned in a text. */
  match(text: string, tokens: readonly string[] = analyze(text)): Set<number> {
    const flat = normalizeText(text).replace(/\s+/g, '');
    const latin = ` ${tokens.filter((t) => /^[a-z0-9]/.test(t)).join(' ')} `;
    const tokenSet = new Set(tokens);
    const found = new Set<number>();
    for (const c of this.compiled) {
      if (found.has(c.entry)) continue;
      const hit = c.lang === 'en' ? latin.includes(` ${c.key} `) : c.tokenOnly ? tokenSet.has(c.key) : flat.includes(c.key);
      if (hit) found.add(c.entry);
    }
    return found;
  }

  /** Regions named in a text (country or city words of entries that carry a `region`). */
  regionsIn(text: string, tokens: readonly string[] = analyze(text)): Set<string> {
    const regions = new Set<string>();
    for (const index of this.match(text, tokens)) {
      const region = this.entries[index].region;
      if (region) regions.add(region);
    }
    return regions;
  }

  /**
   * Expansion terms for a text: the words of every matched concept in every language, analysed
   * like the index, weighted by `weights[lang]` (the first word of a language at full weight,
   * synonyms lower). Terms already in `tokens` are not repeated.
   */
  expand(text: string, tokens: readonly string[], weights: Record<Lang, number>): ExpansionTerm[] {
    const have = new Set(tokens);
    const best = new Map<string, ExpansionTerm>();
    for (const index of this.match(text, tokens)) {
      const entry = this.entries[index];
      if (entry.region) continue; // place names steer by region, they are not topics
      for (const lang of ['ko', 'ja', 'en'] as const) {
        entry[lang].forEach((word, k) => {
          const weight = weights[lang] * (k === 0 ? 1 : SYNONYM_FACTOR);
          for (const term of this.analyzeCached(word)) {
            if (have.has(term)) continue;
            const prev = best.get(term);
            if (!prev || prev.weight < weight) best.set(term, { term, weight, lang });
          }
        });
      }
    }
    return [...best.values()];
  }

  private analyzeCached(word: string): string[] {
    let terms = this.analyzed.get(word);
    if (!terms) {
      terms = [...new Set(analyze(word))];
      this.analyzed.set(word, terms);
    }
    return terms;
  }
}
