/**
 * Converts parsed documents into index chunks without a database (tests, benchmarks and the
 * retrieval-only evaluation use it; the server loads chunks from the database instead).
 */
import type { KbDocument } from '../ingest/kb-document';
import type { KbChunk } from './kb-chunk';

/** One chunk per section, carrying the document's fields. */
export function chunksFromDocuments(documents: readonly KbDocument[]): KbChunk[] {
  return documents.flatMap((d) =>
    d.sections.map((s) => ({
      docId: d.id,
      ordinal: s.ordinal,
      title: d.title,
      lang: d.lang,
      domain: d.domain,
      region: d.region,
      ...(d.sourceUrl ? { url: d.sourceUrl } : {}),
      updated: d.updated,
      tags: d.tags,
      section: s.section,
      text: s.text,
    })),
  );
}
