/**
 * Imports a knowledge folder into the database: new and changed documents (by content hash) are
 * stored with their section chunks (and embeddings when a model is reachable), documents whose
 * file is gone are removed, the KB version is bumped and `NOTIFY kb_reload` tells every instance.
 * Unchanged folders cost one hash comparison and change nothing.
 */
import type { Database } from '../../storage/database';
import type { EmbeddingProvider } from '../ports';
import type { KbDocument, KbRejection } from './kb-document';
import { KbStore } from './kb-store';
import { readKbDir } from './read-kb-dir';

/** The NOTIFY channel announcing a new KB version (payload: the version number). */
export const KB_RELOAD_CHANNEL = 'kb_reload';

/** What an import did. */
export interface ImportSummary {
  /** KB version after the import. */
  version: number;
  added: string[];
  updated: string[];
  unchanged: number;
  removed: string[];
  rejected: KbRejection[];
  /** Chunks given an embedding by this import. */
  embedded: number;
}

/** Progress events, for a progress bar or NDJSON stream. */
export type ImportProgress =
  | { phase: 'read'; total: number }
  | { phase: 'document'; done: number; total: number; id: string; action: 'added' | 'updated' | 'unchanged' }
  | { phase: 'embed'; done: number; total: number }
  | { phase: 'done'; summary: ImportSummary };

/** Callback receiving {@link ImportProgress}. */
export type ImportProgressListener = (event: ImportProgress) => void;

/** Settings of {@link KbImporter}. */
export interface KbImporterOptions {
  /** Embeddings stored with chunks when reachable (null/absent: keyword retrieval only). */
  embeddings?: EmbeddingProvider | null;
  /** Name of the embedding model (stored with each vector, so a model change re-embeds). */
  embeddingModel?: string;
  /** Texts per embedding request (default 16). */
  embedBatch?: number;
}

/** Thrown when an import fails as a whole (the database is left as it was). */
export class KbImportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KbImportError';
  }
}

/** Imports knowledge folders into the database. */
export class KbImporter {
  private readonly store: KbStore;

  constructor(
    private readonly db: Database,
    private readonly options: KbImporterOptions = {},
  ) {
    this.store = new KbStore(db);
  }

  /**
   * Imports `dir`. Malformed files are reported in `rejected` and skipped; a document whose file
   * became malformed keeps its previous stored version rather than disappearing.
   */
  async importDir(dir: string, onProgress: ImportProgressListener = () => undefined): Promise<ImportSummary> {
    const content = readKbDir(dir);
    onProgress({ phase: 'read', total: content.documents.length });
    const summary: ImportSummary = { version: 0, added: [], updated: [], unchanged: 0, removed: [], rejected: content.rejected, embedded: 0 };
    try {
      const stored = await this.store.hashes();
      const changed: { doc: KbDocument; isNew: boolean }[] = [];
      content.documents.forEach((doc, i) => {
        const prev = stored.get(doc.id);
        const action = prev === undefined ? 'added' : prev === doc.contentHash ? 'unchanged' : 'updated';
        if (action === 'unchanged') summary.unchanged++;
        else changed.push({ doc, isNew: action === 'added' });
        onProgress({ phase: 'document', done: i + 1, total: content.documents.length, id: doc.id, action });
      });
      const present = new Set(content.documents.map((d) => d.id));
      const malformed = new Set(content.rejected.map((r) => r.file.replace(/^.*[\\/]/, '').replace(/\.md$/i, '')));
      summary.removed = [...stored.keys()].filter((id) => !present.has(id) && !malformed.has(id)).sort();
      const vectors = await this.embedDocuments(changed.map((c) => c.doc), onProgress);
      if (changed.length > 0 || summary.removed.length > 0) {
        summary.version = await this.db.transaction(async (tx) => {
          for (const { doc } of changed) await this.store.upsert(tx, doc, vectors.get(doc.id) ?? null, this.options.embeddingModel ?? null);
          await this.store.remove(tx, summary.removed);
          return this.store.bumpVersion(tx);
        });
        for (const { doc, isNew } of changed) (isNew ? summary.added : summary.updated).push(doc.id);
      } else {
        summary.version = await this.store.version();
      }
      summary.embedded += [...vectors.values()].reduce((a, v) => a + v.filter(Boolean).length, 0);
      const backfilled = await this.backfillEmbeddings(onProgress);
      summary.embedded += backfilled;
      if (backfilled > 0 && changed.length === 0 && summary.removed.length === 0) {
        summary.version = await this.db.transaction((tx) => this.store.bumpVersion(tx));
      }
    } catch (err) {
      throw new KbImportError(`import of ${dir} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (summary.added.length || summary.updated.length || summary.removed.length || summary.embedded) {
      await this.db.notify(KB_RELOAD_CHANNEL, String(summary.version));
    }
    onProgress({ phase: 'done', summary });
    return summary;
  }

  private async embedDocuments(docs: readonly KbDocument[], onProgress: ImportProgressListener): Promise<Map<string, (number[] | null)[]>> {
    const out = new Map<string, (number[] | null)[]>();
    const provider = this.options.embeddings;
    if (!provider || !this.options.embeddingModel || docs.length === 0) return out;
    const items = docs.flatMap((d) => d.sections.map((s) => ({ id: d.id, ordinal: s.ordinal, text: embedText(d.title, s.section, s.text) })));
    const batch = this.options.embedBatch ?? 16;
    for (let i = 0; i < items.length; i += batch) {
      const slice = items.slice(i, i + batch);
      const vectors = await provider.embed(slice.map((x) => x.text)).catch(() => null);
      if (!vectors) return new Map(); // model unreachable: keyword retrieval only, backfilled later
      slice.forEach((x, k) => {
        const list = out.get(x.id) ?? [];
        list[x.ordinal] = vectors[k] ?? null;
        out.set(x.id, list);
      });
      onProgress({ phase: 'embed', done: Math.min(items.length, i + batch), total: items.length });
    }
    return out;
  }

  /** Embeds chunks stored earlier without a vector (e.g. imported while Ollama was down). */
  private async backfillEmbeddings(onProgress: ImportProgressListener): Promise<number> {
    const provider = this.options.embeddings;
    const model = this.options.embeddingModel;
    if (!provider || !model) return 0;
    const missing = await this.store.chunksWithoutEmbedding(model);
    const batch = this.options.embedBatch ?? 16;
    let done = 0;
    for (let i = 0; i < missing.length; i += batch) {
      const slice = missing.slice(i, i + batch);
      const vectors = await provider.embed(slice.map((x) => embedText(x.title, x.section ?? '', x.text))).catch(() => null);
      if (!vectors) break;
      await this.db.transaction(async (tx) => {
        for (let k = 0; k < slice.length; k++) if (vectors[k]) await this.store.setEmbedding(tx, slice[k].docId, slice[k].ordinal, vectors[k], model);
      });
      done += slice.length;
      onProgress({ phase: 'embed', done, total: missing.length });
    }
    return done;
  }
}

function embedText(title: string, section: string, text: string): string {
  return `${title}\n${section}\n${text}`;
}
