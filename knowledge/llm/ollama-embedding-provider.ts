/**
 * {@link EmbeddingProvider} over `OllamaEmbeddings` (`POST /api/embed`) through the Ollama pool.
 * Returns `null` — never throws — when no host can embed (no host, busy, timeout, missing model),
 * so retrieval carries on with keyword ranking alone.
 */
import { OllamaEmbeddings } from '@langchain/ollama';
import type { Logger } from 'pino';
import type { EmbeddingProvider } from '../ports';
import type { OllamaPool, LeaseOutcome } from './ollama-pool';
import { classifyOllamaError } from './llm-client';

/** Settings (from OLLAMA_EMBED_MODEL, OLLAMA_TIMEOUT_MS). */
export interface OllamaEmbeddingProviderOptions {
  pool: OllamaPool;
  /** OLLAMA_EMBED_MODEL, e.g. bge-m3. */
  model: string;
  /** Timeout of one batch request, in ms. */
  timeoutMs: number;
  /** Texts per `/api/embed` request (default 32). */
  batchSize?: number;
  log?: Logger;
}

/** Dense embeddings from Ollama; `null` when unavailable. */
export class OllamaEmbeddingProvider implements EmbeddingProvider {
  constructor(private readonly options: OllamaEmbeddingProviderOptions) {}

  async embed(texts: string[]): Promise<number[][] | null> {
    if (texts.length === 0) return [];
    const size = Math.max(1, this.options.batchSize ?? 32);
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += size) {
      const batch = await this.embedBatch(texts.slice(i, i + size));
      if (!batch) return null;
      out.push(...batch);
    }
    return out;
  }

  private async embedBatch(texts: string[]): Promise<number[][] | null> {
    const acquired = await this.options.pool.acquire();
    if (acquired.status !== 'ok') return null;
    const lease = acquired.lease;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    let outcome: LeaseOutcome = 'failure';
    try {
      const embeddings = new OllamaEmbeddings({
        model: this.options.model,
        baseUrl: lease.url,
        // LangChain's default is 6 retries with back-off; the pool and breaker handle failures.
        maxRetries: 0,
        fetch: (input: string | URL | Request, init?: RequestInit) =>
          fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout }),
      });
      const vectors = await embeddings.embedDocuments(texts);
      if (vectors.length !== texts.length) throw new Error(`expected ${texts.length} vectors, got ${vectors.length}`);
      outcome = 'success';
      return vectors;
    } catch (error) {
      const failure = classifyOllamaError(error, timeout.aborted, false);
      outcome = failure.outcome;
      this.options.log?.warn({ host: lease.url, reason: failure.reason, detail: failure.detail }, 'embedding request failed');
      return null;
    } finally {
      lease.release(outcome);
    }
  }
}
