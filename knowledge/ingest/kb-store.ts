/**
 * Database access for the knowledge base (tables of migration 010-knowledge.sql): documents,
 * chunks with optional embeddings, and the version row.
 */
import type { Database, SqlRunner } from '../../storage/database';
import type { Lang } from '../../locales/lang';
import type { KbChunk } from '../retrieval/kb-chunk';
import type { KbDocument } from './kb-document';

/** A stored document as listed by `madoguchi kb list`: the document's metadata, not its text. */
export interface StoredDocument extends Omit<KbDocument, 'sourceUrl' | 'body' | 'sections' | 'file'> {
  sourceUrl: string | null;
  importedAt: string;
  chunks: number;
}

interface DocRow {
  id: string;
  title: string;
  lang: Lang;
  domain: string;
  region: string;
  updated: string;
  source_url: string | null;
  tags: string[];
  meta: Record<string, unknown> | string;
  content_hash: string;
  imported_at: Date | string;
  chunks: number | string;
}

interface ChunkRow {
  doc_id: string;
  ordinal: number;
  section: string | null;
  text: string;
  embedding: number[] | null;
  embedding_model: string | null;
  title: string;
  lang: Lang;
  domain: string;
  region: string;
  source_url: string | null;
  updated: string;
  tags: string[];
}

/** Repository over the knowledge tables. */
export class KbStore {
  constructor(private readonly db: Database) {}

  /** The current KB version (0 before the first import). */
  async version(): Promise<number> {
    const r = await this.db.query<{ version: string | number }>('SELECT version FROM kb_state WHERE id = 1');
    return Number(r.rows[0]?.version ?? 0);
  }

  /** Content hashes of stored documents, by id. */
  async hashes(): Promise<Map<string, string>> {
    const r = await this.db.query<{ id: string; content_hash: string }>('SELECT id, content_hash FROM documents');
    return new Map(r.rows.map((x) => [x.id, x.content_hash]));
  }

  /** Replaces a document and its chunks (inside the caller's transaction). */
  async upsert(tx: SqlRunner, doc: KbDocument, embeddings: (number[] | null)[] | null, embeddingModel: string | null): Promise<void> {
    await tx.query(
      `INSERT INTO documents (id, title, lang, domain, region, updated, source_url, tags, meta, content_hash, imported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
       ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, lang = EXCLUDED.lang, domain = EXCLUDED.domain,
         region = EXCLUDED.region, updated = EXCLUDED.updated, source_url = EXCLUDED.source_url, tags = EXCLUDED.tags,
         meta = EXCLUDED.meta, content_hash = EXCLUDED.content_hash, imported_at = now()`,
      [doc.id, doc.title, doc.lang, doc.domain, doc.region, doc.updated, doc.sourceUrl ?? null, doc.tags, JSON.stringify(doc.meta), doc.contentHash],
    );
    await tx.query('DELETE FROM chunks WHERE doc_id = $1', [doc.id]);
    for (const s of doc.sections) {
      const vector = embeddings?.[s.ordinal] ?? null;
      await tx.query('INSERT INTO chunks (doc_id, ordinal, section, text, embedding, embedding_model) VALUES ($1, $2, $3, $4, $5, $6)', [
        doc.id,
        s.ordinal,
        s.section,
        s.text,
        vector,
        vector ? embeddingModel : null,
      ]);
    }
  }

  /** Deletes documents (their chunks go with them). */
  async remove(tx: SqlRunner, ids: readonly string[]): Promise<void> {
    if (ids.length) await tx.query('DELETE FROM documents WHERE id = ANY($1::text[])', [ids]);
  }

  /** Increments and returns the KB version. */
  async bumpVersion(tx: SqlRunner): Promise<number> {
    const r = await tx.query<{ version: string | number }>('UPDATE kb_state SET version = version + 1, updated_at = now() WHERE id = 1 RETURNING version');
    return Number(r.rows[0]?.version ?? 0);
  }

  /** Chunks still lacking an embedding from `model`. */
  async chunksWithoutEmbedding(model: string): Promise<{ docId: string; ordinal: number; text: string; title: string; section: string | null }[]> {
    const r = await this.db.query<{ doc_id: string; ordinal: number; text: string; title: string; section: string | null }>(
      `SELECT c.doc_id, c.ordinal, c.text, d.title, c.section FROM chunks c JOIN documents d ON d.id = c.doc_id
       WHERE c.embedding IS NULL OR c.embedding_model IS DISTINCT FROM $1 ORDER BY c.doc_id, c.ordinal`,
      [model],
    );
    return r.rows.map((x) => ({ docId: x.doc_id, ordinal: x.ordinal, text: x.text, title: x.title, section: x.section }));
  }

  /** Stores one chunk's embedding. */
  async setEmbedding(tx: SqlRunner, docId: string, ordinal: number, vector: number[], model: string): Promise<void> {
    await tx.query('UPDATE chunks SET embedding = $3, embedding_model = $4 WHERE doc_id = $1 AND ordinal = $2', [docId, ordinal, vector, model]);
  }

  /** Every chunk with its document's fields, in document and section order. */
  async loadChunks(): Promise<KbChunk[]> {
    const r = await this.db.query<ChunkRow>(
      `SELECT c.doc_id, c.ordinal, c.section, c.text, c.embedding, c.embedding_model, d.title, d.lang, d.domain, d.region, d.source_url, d.updated, d.tags
       FROM chunks c JOIN documents d ON d.id = c.doc_id ORDER BY c.doc_id, c.ordinal`,
    );
    return r.rows.map((x) => ({
      docId: x.doc_id,
      ordinal: x.ordinal,
      title: x.title,
      lang: x.lang,
      domain: x.domain,
      region: x.region,
      ...(x.source_url ? { url: x.source_url } : {}),
      ...(x.updated ? { updated: x.updated } : {}),
      tags: x.tags ?? [],
      ...(x.section ? { section: x.section } : {}),
      text: x.text,
      embedding: x.embedding ? Float32Array.from(x.embedding) : null,
    }));
  }

  /** Stored documents (without bodies), by id. */
  async listDocuments(): Promise<StoredDocument[]> {
    const r = await this.db.query<DocRow>(
      `SELECT d.id, d.title, d.lang, d.domain, d.region, d.updated, d.source_url, d.tags, d.meta, d.content_hash, d.imported_at,
              (SELECT count(*) FROM chunks c WHERE c.doc_id = d.id) AS chunks
       FROM documents d ORDER BY d.id`,
    );
    return r.rows.map((x) => ({
      id: x.id,
      title: x.title,
      lang: x.lang,
      domain: x.domain,
      region: x.region,
      updated: x.updated,
      sourceUrl: x.source_url,
      tags: x.tags ?? [],
      meta: typeof x.meta === 'string' ? (JSON.parse(x.meta) as Record<string, unknown>) : x.meta,
      contentHash: x.content_hash,
      importedAt: x.imported_at instanceof Date ? x.imported_at.toISOString() : String(x.imported_at),
      chunks: Number(x.chunks),
    }));
  }
}
