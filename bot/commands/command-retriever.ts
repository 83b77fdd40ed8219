/**
 * The knowledge base's retrieval for a command (`madoguchi report`, `madoguchi purge`), on the
 * command's own database connection and built as the server builds it — keyword retrieval over the
 * stored chunks and the glossary, dense as well when an embedding model is configured and Ollama
 * answers — so the documents a command finds closest to a knowledge gap are those the console finds.
 */
import type { Config } from '../config';
import type { Database } from '../../storage/database';
import type { Retriever } from '../../knowledge/ports';
import { KnowledgeBase } from '../../knowledge/retrieval/knowledge-base';
import { OllamaPool } from '../../knowledge/llm/ollama-pool';
import { OllamaEmbeddingProvider } from '../../knowledge/llm/ollama-embedding-provider';
import { createLogger } from '../logger';

type RetrieverConfig = Pick<
  Config,
  'LLM_ENABLED' | 'OLLAMA_BASE_URL' | 'OLLAMA_EMBED_MODEL' | 'OLLAMA_HOST_CONCURRENCY' | 'OLLAMA_QUEUE_LIMIT' | 'OLLAMA_HEALTH_INTERVAL_MS' | 'OLLAMA_TIMEOUT_MS' | 'KB_MAX_REMOVE_SHARE' | 'KB_KEEP_VERSIONS'
>;

/** Loads the stored knowledge base's index for retrieval (no polling, no listening: a command is short). */
export async function openCommandRetriever(config: RetrieverConfig, db: Database): Promise<Retriever> {
  // Nothing of a command's retrieval is worth a log line on its standard output (the report may be written there).
  const log = createLogger('silent');
  let embeddings: OllamaEmbeddingProvider | null = null;
  if (config.LLM_ENABLED && config.OLLAMA_EMBED_MODEL) {
    const pool = new OllamaPool({
      baseUrls: config.OLLAMA_BASE_URL,
      hostConcurrency: config.OLLAMA_HOST_CONCURRENCY,
      queueLimit: config.OLLAMA_QUEUE_LIMIT,
      healthIntervalMs: config.OLLAMA_HEALTH_INTERVAL_MS,
      enabled: true,
      log,
    });
    await pool.checkHealth();
    embeddings = new OllamaEmbeddingProvider({ pool, model: config.OLLAMA_EMBED_MODEL, timeoutMs: config.OLLAMA_TIMEOUT_MS, log });
  }
  const kb = new KnowledgeBase({
    db,
    embeddings,
    embeddingModel: config.OLLAMA_EMBED_MODEL,
    pollIntervalMs: 0,
    maxRemoveShare: config.KB_MAX_REMOVE_SHARE,
    keepVersions: config.KB_KEEP_VERSIONS,
    log,
  });
  await kb.load();
  return kb;
}
