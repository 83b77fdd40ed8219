/**
 * Ports of the officers' knowledge desk: searching the city's documents and asking them a
 * question from the console. `bot/wiring/knowledge-desk-wiring.ts` builds them over the same
 * retriever and answer service the bot uses; officers/ never sees the knowledge module's classes.
 */
import type { Lang } from '../locales/lang';

/** One passage of a city document, as the officer API returns it (ranked, best first). */
export interface KnowledgeHit {
  docId: string;
  title: string;
  /** Section heading the passage comes from (null: the document's opening). */
  section: string | null;
  text: string;
  /** The document's official page (null when the document names none). */
  url: string | null;
  /** The document's `updated` date (YYYY-MM-DD; null when unknown). */
  updated: string | null;
  /** The document's language (often not the query's: retrieval crosses languages). */
  lang: Lang;
  /** Relevance, higher is better; comparable only within one result. */
  score: number;
}

/** A search over the knowledge base. */
export interface KnowledgeQuery {
  text: string;
  /** The language the question is written in (analysis and cross-lingual expansion, not a filter). */
  lang: Lang;
  limit: number;
}

/** A short answer grounded in the documents, with its numbered sources. */
export interface GroundedAnswer {
  text: string;
  citations: { n: number; docId: string; title: string; url?: string; updated?: string }[];
  /** `llm`: written by the model from the passages; `extractive`: the passage quoted. */
  mode: 'llm' | 'extractive' | 'cache';
}

/** What the console's knowledge panel and the officer API search and ask. */
export interface KnowledgeDesk {
  /** Ranked passages for the query (empty when nothing matches). */
  search(query: KnowledgeQuery): Promise<KnowledgeHit[]>;
  /** A grounded answer in `lang`, or null when the documents do not cover the question. Never throws for an LLM failure. */
  ask(question: string, lang: Lang): Promise<GroundedAnswer | null>;
}
