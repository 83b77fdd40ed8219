/**
 * The words of a question's concepts in the other languages: what a Korean document calls the
 * "income limit" an English question asks about. The answer uses them to find the part of a
 * document in another language that the question is about (retrieval has its own, weighted,
 * expansion; see {@link Glossary.expand}). Place names are left out: they pick a city, not a part.
 */
import type { Lang } from '../../locales/lang';
import type { Glossary } from './glossary';

const LANGS: readonly Lang[] = ['ko', 'ja', 'en'];

/** Per other language, the glossary words of every concept the text mentions, one list per concept (empty object when none). */
export function glossaryBridge(glossary: Glossary, text: string, tokens: readonly string[], lang: Lang): Partial<Record<Lang, string[][]>> {
  const out: Partial<Record<Lang, string[][]>> = {};
  for (const index of glossary.match(text, tokens)) {
    const entry = glossary.entries[index];
    if (entry.region) continue;
    for (const into of LANGS) {
      if (into === lang || entry[into].length === 0) continue;
      (out[into] ??= []).push([...entry[into]]);
    }
  }
  return out;
}
