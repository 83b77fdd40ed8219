/**
 * The knowledge-base service: owns the in-process index built from the chunks in the database,
 * imports folders, and rebuilds the index whenever the KB version changes — announced by
 * `NOTIFY kb_reload` from any instance, with a cheap version poll as a fallback (PGlite has no
 * cross-process notifications, and a LISTEN connection can drop). Retrieval never waits for a
 * rebuild: queries use the previous index until the new one is ready.
 */
import type { Logger } from 'pino';
import type { Database } from '../../storage/database';
import { KB_RELOAD_CHANNEL, KbImporter, type ImportProgressListener, type ImportRunOptions, type ImportSummary } from '../ingest/kb-importer';
import { KbStore, type StoredDocument } from '../ingest/kb-store';
import { rollbackKb, type RollbackSummary } from '../ingest/kb-rollback';
import { KbVersionStore, type KbVersion } from '../ingest/kb-versions';
import type { EmbeddingProvider, Passage, RetrievalQuery, RetrievalResult, Retriever } from '../ports';
import { Glossary } from './glossary';
import { HybridRetriever, type HybridRetrieverOptions } from './hybrid-retriever';

/** Settings of {@link KnowledgeBase}. */
export interface KnowledgeBaseOptions {
  db: Database;
  /** Cross-lingual glossary (default: the bundled `knowledge/glossary`). */
  glossary?: Glossary;
  /** Query and import embeddings; null/absent: keyword retrieval only. */
  embeddings?: EmbeddingProvider | null;
  /** Embedding model name stored with vectors (e.g. the value of OLLAMA_EMBED_MODEL). */
  embeddingModel?: string;
  /** Version poll interval in ms (default 30000; 0 disables polling). */
  pollIntervalMs?: number;
  /** Largest share of the live documents an import may remove without `prune` (default 0.2). */
  maxRemoveShare?: number;
  /** Versions kept for rollback (default 10). */
  keepVersions?: number;
  /** Retriever tuning. */
  retriever?: Omit<HybridRetrieverOptions, 'glossary' | 'embeddings'>;
  log?: Logger;
}

/** Health information for /readyz and `kb list`. */
export interface KnowledgeBaseStatus {
  version: number;
  documents: number;
  chunks: number;
  /** Whether dense retrieval is in use (all chunks embedded and a provider configured). */
  dense: boolean;
  loadedAt: string | null;
}

/** Called after the index was rebuilt for a new version. */
export type ReloadListener = (version: number) => void;

/** The knowledge base: import, index, retrieve, reload. Implements the `Retriever` port. */
export class KnowledgeBase implements Retriever {
  private readonly store: KbStore;
  private readonly glossary: Glossary;
  private current: HybridRetriever;
  private loadedVersion = -1;
  private loadedAt: string | null = null;
  private loading: Promise<void> | null = null;
  private reloadAgain = false;
  private readonly listeners = new Set<ReloadListener>();
  private unlisten: (() => Promise<void>) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: KnowledgeBaseOptions) {
    this.store = new KbStore(options.db);
    this.glossary = options.glossary ?? Glossary.load();
    this.current = this.makeRetriever([]);
  }

  /** The KB version the index was built from (-1 before the first load). */
  get version(): number {
    return this.loadedVersion;
  }

  /** The current index (replaced on reload; keep calling through the KnowledgeBase). */
  get retriever(): HybridRetriever {
    return this.current;
  }

  /** Builds the index from the database (coalesces concurrent calls). */
  async load(): Promise<void> {
    if (this.loading) {
      this.reloadAgain = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        do {
          this.reloadAgain = false;
          const version = await this.store.version();
          const chunks = await this.store.loadChunks();
          const started = performance.now();
          this.current = this.makeRetriever(chunks);
          const changed = version !== this.loadedVersion;
          this.loadedVersion = version;
          this.loadedAt = new Date().toISOString();
          this.options.log?.info({ version, ...this.current.size, dense: this.current.dense, buildMs: Math.round(performance.now() - started) }, 'knowledge index built');
          if (changed) for (const l of this.listeners) l(version);
        } while (this.reloadAgain);
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /**
   * Imports a folder (see {@link KbImporter}) and rebuilds the index if anything changed. A dry
   * run or a refused import (see `summary.refused`) changes nothing.
   */
  async importDir(dir: string, onProgress?: ImportProgressListener, run?: ImportRunOptions): Promise<ImportSummary> {
    const importer = new KbImporter(this.options.db, {
      embeddings: this.options.embeddings,
      embeddingModel: this.options.embeddingModel,
      maxRemoveShare: this.options.maxRemoveShare,
      keepVersions: this.options.keepVersions,
    });
    const summary = await importer.importDir(dir, onProgress, run);
    const counts = { dir, version: summary.version, added: summary.added.length, updated: summary.updated.length, removed: summary.removed.length, rejected: summary.rejected };
    if (summary.refused) {
      this.options.log?.error({ ...counts, refused: summary.refused }, 'knowledge import refused: it would remove too many documents; keeping the current ones');
      return summary;
    }
    if (summary.dryRun) return summary;
    if (summary.version !== this.loadedVersion) await this.load();
    this.options.log?.info(counts, 'knowledge base imported');
    return summary;
  }

  /** Restores a kept version (default: the one before the current) and rebuilds the index. */
  async rollback(to?: number): Promise<RollbackSummary> {
    const summary = await rollbackKb(this.options.db, { to, keepVersions: this.options.keepVersions ?? 10 });
    await this.load();
    this.options.log?.warn({ version: summary.version, restored: summary.restored, documents: summary.documents }, 'knowledge base rolled back');
    return summary;
  }

  /** Kept versions, newest first (for `kb versions`). */
  versions(): Promise<KbVersion[]> {
    return new KbVersionStore(this.options.db).list();
  }

  /** Subscribes to `kb_reload` and starts the version poll. Call {@link stop} at shutdown. */
  async start(): Promise<void> {
    if (this.unlisten || this.timer) return;
    this.unlisten = await this.options.db.listen(KB_RELOAD_CHANNEL, (payload) => {
      if (Number(payload) !== this.loadedVersion) this.reloadInBackground();
    });
    const every = this.options.pollIntervalMs ?? 30_000;
    if (every > 0) {
      this.timer = setInterval(() => {
        this.store
          .version()
          .then((v) => {
            if (v !== this.loadedVersion) this.reloadInBackground();
          })
          .catch((err: unknown) => this.options.log?.warn({ err }, 'knowledge version poll failed'));
      }, every);
      this.timer.unref();
    }
  }

  /** Stops listening and polling. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const unlisten = this.unlisten;
    this.unlisten = null;
    if (unlisten) await unlisten().catch(() => undefined);
    await this.loading?.catch(() => undefined);
  }

  /** Registers a listener called after each rebuild for a new version; returns an unsubscribe. */
  onReload(listener: ReloadListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  retrieve(query: RetrievalQuery): Promise<RetrievalResult> {
    return this.current.retrieve(query);
  }

  /** Every chunk of one document, in document order. */
  documentPassages(docId: string): Promise<Passage[]> {
    return this.current.documentPassages(docId);
  }

  /** Stored documents (for `kb list` and the admin API). */
  listDocuments(): Promise<StoredDocument[]> {
    return this.store.listDocuments();
  }

  /** Health information. */
  status(): KnowledgeBaseStatus {
    return { version: this.loadedVersion, ...this.current.size, dense: this.current.dense, loadedAt: this.loadedAt };
  }

  private makeRetriever(chunks: ConstructorParameters<typeof HybridRetriever>[0]): HybridRetriever {
    return new HybridRetriever(chunks, { ...this.options.retriever, glossary: this.glossary, embeddings: this.options.embeddings ?? null });
  }

  private reloadInBackground(): void {
    this.load().catch((err: unknown) => this.options.log?.error({ err }, 'knowledge index rebuild failed; keeping the previous index'));
  }
}
