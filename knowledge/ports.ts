/**
 * Ports of the knowledge side: what dialogs and other modules may depend on without knowing
 * LangChain, Ollama or the database.
 */
import type { Lang } from '../locales/lang';

/** One numbered source the answer cites. */
export interface Citation {
  n: number;
  docId: string;
  title: string;
  url?: string;
  /** The document's `updated` date (YYYY-MM-DD): what the answer is "as of". */
  updated?: string;
  /** The heading of the section the answer quotes (top source only; absent for a summary). */
  section?: string;
}

/** Another part of the answering document, offered as a quick reply ("Documents needed"). */
export interface AnswerFollowUp {
  /** The button's label. */
  title: string;
  /** The message the button sends; the answer service answers it from the same document. */
  value: string;
}

/** What the answer service returns; a failure of the LLM is never an exception here. */
export interface Answer {
  /** `answered`: text is grounded in citations; `not_sure`: the documents do not cover it. */
  status: 'answered' | 'not_sure';
  text: string;
  citations: Citation[];
  /** How the text was produced. */
  mode: 'llm' | 'extractive' | 'cache';
  /** Retrieval confidence in [0, 1]. */
  confidence: number;
  /** Other aspects of the same document the resident may ask next (quick replies). */
  followUps?: AnswerFollowUp[];
}

/** A question to answer from the knowledge base. */
export interface AnswerRequest {
  /** The resident's message, already masked for personal data. */
  question: string;
  lang: Lang;
  channelId: string;
  conversationId: string;
}

/** Receives the growing answer text while an LLM streams it (for channels that show streaming). */
export type PartialAnswerListener = (textSoFar: string) => Promise<void>;

/** Per-call hooks beyond the question itself. */
export interface AnswerHooks {
  /** Cancels LLM generation (e.g. a channel deadline); the answer then falls back to extractive. */
  signal?: AbortSignal;
  /** Called with the 1-based queue position when every LLM slot is busy (tell the resident to wait). */
  onQueued?: (position: number) => void;
}

/** Answers questions from the city's documents. */
export interface AnswerService {
  answer(request: AnswerRequest, onPartial?: PartialAnswerListener, hooks?: AnswerHooks): Promise<Answer>;
}

/** A passage of a knowledge document returned by retrieval. */
export interface Passage {
  docId: string;
  title: string;
  url?: string;
  lang: Lang;
  domain: string;
  /** Section heading the passage comes from, if any. */
  section?: string;
  /** Position of the chunk in its document (sections in document order). */
  ordinal?: number;
  /** The document's region (KR, JP, a city code…): related links stay within it. */
  region?: string;
  /** The document's `updated` date (YYYY-MM-DD). */
  updated?: string;
  text: string;
  /** Fused relevance score (higher is better; comparable only within one result). */
  score: number;
}

/** A retrieval query. */
export interface RetrievalQuery {
  text: string;
  /** The resident's language (used for analysis and cross-lingual expansion, not as a hard filter). */
  lang: Lang;
  /** Optional hard filters. */
  filter?: { langs?: Lang[]; domains?: string[] };
  limit?: number;
}

/** Ranked passages plus a calibrated confidence that the top document answers the query. */
export interface RetrievalResult {
  passages: Passage[];
  /** In [0, 1]; below the configured threshold the bot says it is not sure. */
  confidence: number;
  /**
   * The question's concepts in the other languages (the glossary's words for them), so that the
   * answer can find the part of a document in another language that the question is about: one
   * list of words per concept (a concept the document's title names is the program, not a part).
   */
  bridge?: Partial<Record<Lang, string[][]>>;
}

/** Finds passages for a question. */
export interface Retriever {
  retrieve(query: RetrievalQuery): Promise<RetrievalResult>;
  /**
   * Every chunk of one document, in document order (empty when unknown). Optional: without it an
   * answer sees only the retrieved chunks of the document.
   */
  documentPassages?(docId: string): Promise<Passage[]>;
}

/** Dense embeddings (Ollama `/api/embed`); `null` when no embedding model is reachable. */
export interface EmbeddingProvider {
  embed(texts: string[]): Promise<number[][] | null>;
}
