/**
 * Imports a knowledge folder into the database: new and changed documents (by content hash) are
 * stored with their section chunks (and embeddings when a model is reachable), documents whose
 * file is gone are removed, the KB version is bumped, the new state is kept as a version (for
 * rollback) and `NOTIFY kb_reload` tells every instance. Unchanged folders cost one hash
 * comparison and change nothing.
 *
 * An empty or wrong folder looks exactly like "every document was deleted", so removals are
 * guarded: an import that would leave no document is always refused, and one that would remove
 * more than `maxRemoveShare` of the live documents is refused unless `prune` is set.
 */
import type { Database } from '../../storage/database';
import type { EmbeddingProvider } from '../ports';
import type { KbDocument, KbRejection } from './kb-document';
import { KbStore } from './kb-store';
import { KbVersionStore } from './kb-versions';
import { readKbDir } from './read-kb-dir';

/** The NOTIFY channel announcing a new KB version (payload: the version number). */
export const KB_RELOAD_CHANNEL = 'kb_reload';

/** Why an import was refused (nothing was written). */
export interface KbImportRefusal {
  /** `empty`: no document would be left; `share`: more removals than allowed without `prune`. */
  reason: 'empty' | 'share';
  /** Live documents before the import. */
  live: number;
  /** Documents the import would remove. */
  removing: number;
  /** The most documents an import may remove without `prune`. */
  limit: number;
}

/**
 * What an import did — or, for a dry run or a refused import, what it would do (then nothing
 * was written and `version` is the unchanged current version).
 */
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
  /** True when this was a dry run. */
  dryRun: boolean;
  /** Set when the removal guard refused the import. */
  refused: KbImportRefusal | null;
}

/** How one import runs. */
export interface ImportRunOptions {
  /** Only report what would change. */
  dryRun?: boolean;
  /** Allow removing more than `maxRemoveShare` of the live documents (never all of them). */
  prune?: boolean;
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
  /** Largest share of the live documents an import may remove without `prune` (default 0.2). */
  maxRemoveShare?: number;
  /** Versions kept for rollback (default 10). */
  keepVersions?: number;
}

/** The most documents an import may remove from `live` without `prune`: at least one, unless the share is 0. */
export function removalLimit(live: number, share: number): number {
  return share <= 0 ? 0 : Math.max(1, Math.floor(live * share));
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
  private readonly versions: KbVersionStore;

  constructor(
    private readonly db: Database,
    private readonly options: KbImporterOptions = {},
  ) {
    this.store = new KbStore(db);
    this.versions = new KbVersionStore(db);
  }

  /**
   * Imports `dir`. Malformed files are reported in `rejected` and skipped; a document whose file
   * became malformed keeps its previous stored version rather than disappearing. A dry run, or
   * an import the removal guard refuses, reports its plan and writes nothing.
   */
  async importDir(dir: string, onProgress: ImportProgressListener = () => undefined, run: ImportRunOptions = {}): Promise<ImportSummary> {
    const content = readKbDir(dir);
    onProgress({ phase: 'read', total: content.documents.length });
    const summary: ImportSummary = {
      version: 0,
      added: [],
      updated: [],
      unchanged: 0,
      removed: [],
      rejected: content.rejected,
      embedded: 0,
      dryRun: !!run.dryRun,
      refused: null,
    };
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
      summary.refused = this.guard(stored.size, changed.filter((c) => c.isNew).length, summary.removed.length, !!run.prune);
      if (summary.dryRun || summary.refused) {
        for (const { doc, isNew } of changed) (isNew ? summary.added : summary.updated).push(doc.id);
        summary.version = await this.store.version();
        onProgress({ phase: 'done', summary });
        return summary;
      }
      const vectors = await this.embedDocuments(changed.map((c) => c.doc), onProgress);
      if (changed.length > 0 || summary.removed.length > 0) {
        summary.version = await this.db.transaction(async (tx) => {
          // Bump first: the version row's lock then serialises this import with any other import
          // or rollback from the start (no deadlock between their document rows and that row).
          const version = await this.store.bumpVersion(tx);
          for (const { doc } of changed) await this.store.upsert(tx, doc, vectors.get(doc.id) ?? null, this.options.embeddingModel ?? null);
          await this.store.remove(tx, summary.removed);
          const added = changed.filter((c) => c.isNew).length;
          const info = { kind: 'import' as const, source: dir, added, updated: changed.length - added, removed: summary.removed.length };
          await this.versions.record(tx, version, info, this.keepVersions);
          return version;
        });
        for (const { doc, isNew } of changed) (isNew ? summary.added : summary.updated).push(doc.id);
      } else {
        summary.version = await this.store.version();
      }
      summary.embedded += [...vectors.values()].reduce((a, v) => a + v.filter(Boolean).length, 0);
      const backfilled = await this.backfillEmbeddings(onProgress);
      summary.embedded += backfilled;
      if (backfilled > 0 && changed.length === 0 && summary.removed.length === 0) {
        summary.version = await this.db.transaction(async (tx) => {
          const version = await this.store.bumpVersion(tx);
          await this.versions.record(tx, version, { kind: 'embeddings', source: dir, added: 0, updated: 0, removed: 0 }, this.keepVersions);
          return version;
        });
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

  /** Versions kept for rollback. */
  get keepVersions(): number {
    return this.options.keepVersions ?? 10;
  }

  /** The removal guard: why this plan must not be written without (or even with) `prune`. */
  private guard(live: number, adding: number, removing: number, prune: boolean): KbImportRefusal | null {
    const limit = removalLimit(live, this.options.maxRemoveShare ?? 0.2);
    if (live > 0 && live - removing + adding === 0) return { reason: 'empty', live, removing, limit };
    if (removing > limit && !prune) return { reason: 'share', live, removing, limit };
    return null;
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
