/**
 * What the in-process index is built from: one section of a knowledge document with the
 * document's fields repeated (so the index never has to join).
 */
import type { Lang } from '../../locales/lang';

/** A chunk as loaded from the database (or straight from parsed files in tests and benches). */
export interface KbChunk {
  docId: string;
  ordinal: number;
  title: string;
  lang: Lang;
  domain: string;
  region: string;
  url?: string;
  /** The document's `updated` date (YYYY-MM-DD). */
  updated?: string;
  tags: readonly string[];
  /** Section heading. */
  section?: string;
  text: string;
  /** Dense vector, when the chunk was embedded at import. */
  embedding?: Float32Array | null;
}
