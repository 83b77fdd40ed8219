/**
 * Kept versions of the knowledge base (tables of migration 090-kb-versions.sql): after every
 * change the live documents are recorded as a version (a manifest of id → content hash, contents
 * archived once per hash), so a rollback can put an earlier set of documents back — with their
 * chunks and embeddings, no model needed.
 */
import type { Database, SqlRunner } from '../../storage/database';

/** What made a version. */
export type KbVersionKind = 'baseline' | 'import' | 'rollback' | 'embeddings';

/** A kept version, as `madoguchi kb versions` lists it. */
export interface KbVersion {
  version: number;
  kind: KbVersionKind;
  /** The imported folder, or (rollback) the version restored; null for a baseline. */
  source: string | null;
  documents: number;
  added: number;
  updated: number;
  removed: number;
  createdAt: string;
  /** Whether this is the version being served. */
  current: boolean;
}

/** What a new version records about itself. */
export interface KbVersionInfo {
  kind: KbVersionKind;
  source: string | null;
  added: number;
  updated: number;
  removed: number;
}

interface VersionRow {
  version: string | number;
  kind: KbVersionKind;
  source: string | null;
  documents: number;
  added: number;
  updated: number;
  removed: number;
  created_at: Date | string;
}

/** Repository over the version tables. */
export class KbVersionStore {
  constructor(private readonly db: Database) {}

  /**
   * Records the live documents as `version` and drops versions beyond the newest `keep`
   * (inside the caller's transaction, after the version was bumped: the bump's row lock
   * serialises concurrent writers, so the snapshot holds exactly this version's documents).
   */
  async record(tx: SqlRunner, version: number, info: KbVersionInfo, keep: number): Promise<void> {
    await tx.query(
      `INSERT INTO kb_versions (version, kind, source, documents, added, updated, removed)
       VALUES ($1, $2, $3, (SELECT count(*) FROM documents), $4, $5, $6)
       ON CONFLICT (version) DO NOTHING`,
      [version, info.kind, info.source, info.added, info.updated, info.removed],
    );
    await tx.query(
      `INSERT INTO kb_archive_documents (content_hash, id, title, lang, domain, region, updated, source_url, tags, meta)
       SELECT content_hash, id, title, lang, domain, region, updated, source_url, tags, meta FROM documents
       ON CONFLICT (content_hash) DO NOTHING`,
    );
    // Live chunks win over the archived ones: they may carry embeddings added since.
    await tx.query('DELETE FROM kb_archive_chunks a USING documents d WHERE a.content_hash = d.content_hash');
    await tx.query(
      `INSERT INTO kb_archive_chunks (content_hash, ordinal, section, text, embedding, embedding_model)
       SELECT d.content_hash, c.ordinal, c.section, c.text, c.embedding, c.embedding_model FROM chunks c JOIN documents d ON d.id = c.doc_id`,
    );
    await tx.query('INSERT INTO kb_version_documents (version, id, content_hash) SELECT $1, id, content_hash FROM documents ON CONFLICT DO NOTHING', [version]);
    await tx.query('DELETE FROM kb_versions WHERE version NOT IN (SELECT version FROM kb_versions ORDER BY version DESC LIMIT $1)', [Math.max(1, keep)]);
    await tx.query(
      `DELETE FROM kb_archive_documents a
       WHERE NOT EXISTS (SELECT 1 FROM kb_version_documents v WHERE v.content_hash = a.content_hash)
         AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.content_hash = a.content_hash)`,
    );
  }

  /** Kept versions, newest first. */
  async list(): Promise<KbVersion[]> {
    const current = await this.db.query<{ version: string | number }>('SELECT version FROM kb_state WHERE id = 1');
    const live = Number(current.rows[0]?.version ?? 0);
    const r = await this.db.query<VersionRow>('SELECT version, kind, source, documents, added, updated, removed, created_at FROM kb_versions ORDER BY version DESC');
    return r.rows.map((x) => ({
      version: Number(x.version),
      kind: x.kind,
      source: x.source,
      documents: Number(x.documents),
      added: Number(x.added),
      updated: Number(x.updated),
      removed: Number(x.removed),
      createdAt: x.created_at instanceof Date ? x.created_at.toISOString() : String(x.created_at),
      current: Number(x.version) === live,
    }));
  }

  /** The id → content hash manifest of a kept version (null when it is not kept). */
  async manifest(runner: SqlRunner, version: number): Promise<Map<string, string> | null> {
    const kept = await runner.query('SELECT 1 FROM kb_versions WHERE version = $1', [version]);
    if (kept.rows.length === 0) return null;
    const r = await runner.query<{ id: string; content_hash: string }>('SELECT id, content_hash FROM kb_version_documents WHERE version = $1', [version]);
    return new Map(r.rows.map((x) => [x.id, x.content_hash]));
  }

  /** Replaces the live documents and chunks with those of a kept version (inside the caller's transaction). */
  async restore(tx: SqlRunner, version: number): Promise<void> {
    await tx.query('DELETE FROM documents');
    await tx.query(
      `INSERT INTO documents (id, title, lang, domain, region, updated, source_url, tags, meta, content_hash, imported_at)
       SELECT a.id, a.title, a.lang, a.domain, a.region, a.updated, a.source_url, a.tags, a.meta, a.content_hash, now()
       FROM kb_version_documents v JOIN kb_archive_documents a ON a.content_hash = v.content_hash WHERE v.version = $1`,
      [version],
    );
    await tx.query(
      `INSERT INTO chunks (doc_id, ordinal, section, text, embedding, embedding_model)
       SELECT v.id, c.ordinal, c.section, c.text, c.embedding, c.embedding_model
       FROM kb_version_documents v JOIN kb_archive_chunks c ON c.content_hash = v.content_hash WHERE v.version = $1`,
      [version],
    );
  }
}
