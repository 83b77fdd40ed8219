/**
 * Builds the knowledge side: the Ollama pool and clients, the knowledge base (import, index,
 * reload across instances), the answer service (LLM with extractive fallback), the case
 * summariser and the eligibility fact extractor.
 */
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { MountedRoute } from '../app';
import type { Database } from '../../storage/database';
import type { AnswerService, EmbeddingProvider } from '../../knowledge/ports';
import { OllamaPool } from '../../knowledge/llm/ollama-pool';
import { OllamaLlmClient, type LlmClient, type LlmChatOptions, type LlmChatResult } from '../../knowledge/llm/llm-client';
import { OllamaEmbeddingProvider } from '../../knowledge/llm/ollama-embedding-provider';
import { AnswerChain } from '../../knowledge/chains/answer-chain';
import { CaseSummarizer } from '../../knowledge/chains/case-summarizer';
import { JsonExtractor } from '../../knowledge/chains/json-extractor';
import { SafetyReviewChain } from '../../knowledge/chains/safety-review-chain';
import { LlmAnswerService } from '../../knowledge/answer/llm-answer-service';
import { KnowledgeBase } from '../../knowledge/retrieval/knowledge-base';
import { createKbAdminRouter } from '../routes/kb-admin-route';
import { KbDirError } from '../../knowledge/ingest/read-kb-dir';
import type { ImportSummary } from '../../knowledge/ingest/kb-importer';
import { ProgramTitleMatcher } from '../../knowledge/retrieval/program-title-matcher';
import { LlmProfileExtractor } from './llm-profile-extractor';
import type { Metrics } from '../../ops/metrics';
import { MeteredLlmClient } from '../../ops/metered-llm-client';
import { MeteredRetriever } from '../../ops/metered-retriever';
import type { ProfileExtractor } from '../../eligibility/ports';
import type { Lang } from '../../locales/lang';

/** Test and evaluation hooks. */
export interface KnowledgeOverrides {
  /** Called with every message text sent to the LLM (evaluation checks no personal data leaks). */
  recordLlmInput?: (text: string) => void;
  /** Poll interval for KB versions (tests use a short one). */
  kbPollIntervalMs?: number;
}

/** Summarises a hand-off for officers; null when the LLM is unavailable. */
export type CaseSummaryFn = (lines: string[], lang: Lang) => Promise<string | null>;

/** Builds the knowledge module. */
export async function buildKnowledge(config: Config, deps: { db: Database; log: Logger; metrics: Metrics; overrides?: KnowledgeOverrides }) {
  const { db, log } = deps;
  const pool = new OllamaPool({
    baseUrls: config.OLLAMA_BASE_URL,
    hostConcurrency: config.OLLAMA_HOST_CONCURRENCY,
    queueLimit: config.OLLAMA_QUEUE_LIMIT,
    healthIntervalMs: config.OLLAMA_HEALTH_INTERVAL_MS,
    enabled: config.LLM_ENABLED,
    log,
  });
  const ollama = new OllamaLlmClient({ pool, model: config.OLLAMA_CHAT_MODEL, numCtx: config.OLLAMA_NUM_CTX, timeoutMs: config.OLLAMA_TIMEOUT_MS, log });
  const metered = new MeteredLlmClient(ollama, deps.metrics);
  const llm: LlmClient = deps.overrides?.recordLlmInput ? recording(metered, deps.overrides.recordLlmInput) : metered;
  const embeddings: EmbeddingProvider | null =
    config.LLM_ENABLED && config.OLLAMA_EMBED_MODEL ? new OllamaEmbeddingProvider({ pool, model: config.OLLAMA_EMBED_MODEL, timeoutMs: config.OLLAMA_TIMEOUT_MS, log }) : null;
  // Learn at once whether Ollama is reachable: the mode is logged and no import waits on a dead host.
  await pool.checkHealth();
  const kb = new KnowledgeBase({
    db,
    embeddings,
    embeddingModel: config.OLLAMA_EMBED_MODEL,
    log,
    pollIntervalMs: deps.overrides?.kbPollIntervalMs,
    maxRemoveShare: config.KB_MAX_REMOVE_SHARE,
    keepVersions: config.KB_KEEP_VERSIONS,
  });
  await kb.load();
  const titles = new ProgramTitleMatcher();
  const refreshTitles = async () => titles.update((await kb.listDocuments()).map((d) => d.title));
  await refreshTitles();
  kb.onReload(() => void refreshTitles().catch((err: unknown) => log.warn({ err }, 'program titles not refreshed')));
  const answers: AnswerService = new LlmAnswerService({
    retriever: new MeteredRetriever(kb, deps.metrics),
    chain: config.LLM_ENABLED ? new AnswerChain({ llm }) : null,
    kbVersion: () => kb.version,
    cacheSize: config.ANSWER_CACHE_SIZE,
    log,
  });
  const summarizerChain = new CaseSummarizer({ llm });
  const summarizer: CaseSummaryFn = async (lines, lang) => {
    const result = await summarizerChain.summarizeCase(
      lines.map((text) => ({ role: 'resident' as const, text })),
      lang,
      AbortSignal.timeout(config.OLLAMA_TIMEOUT_MS),
    );
    return result.status === 'ok' ? result.text : null;
  };
  const profileExtractor: ProfileExtractor | undefined = config.LLM_ENABLED ? new LlmProfileExtractor(new JsonExtractor({ llm })) : undefined;
  // The LLM's second opinion on danger (it may raise a message to a crisis, never lower one). Asked
  // only while a host is up, so an offline Ollama costs residents no wait.
  const reviewChain = new SafetyReviewChain(new JsonExtractor({ llm, numPredict: 48 }));
  const safetyReviewer = config.LLM_ENABLED
    ? { review: (text: string, lang: Lang, signal?: AbortSignal) => (pool.mode === 'llm' ? reviewChain.review(text, lang, signal) : Promise.resolve(null)) }
    : undefined;
  // The router's own paths are /admin/kb/…: mount it at the root.
  const routes: MountedRoute[] = [{ path: '/', handler: createKbAdminRouter(kb) }];

  return {
    kb,
    titles,
    answers,
    summarizer,
    profileExtractor,
    safetyReviewer,
    routes,
    /**
     * Imports KB_DIR (a no-op when nothing changed since the last import). An empty, wrong or
     * unreadable KB_DIR must not take the knowledge base away: the import guard refuses (logged
     * at error level by the knowledge base) and the server keeps serving the stored documents.
     */
    importAtStartup: async () => {
      let summary: ImportSummary;
      try {
        summary = await kb.importDir(config.KB_DIR);
      } catch (err) {
        if (!(err instanceof KbDirError)) throw err;
        log.error({ err, kbDir: config.KB_DIR, documents: kb.status().documents }, 'KB_DIR cannot be read; serving the stored knowledge base');
        return;
      }
      if (summary.rejected.length > 0) log.warn({ rejected: summary.rejected }, 'some knowledge documents were rejected');
    },
    onReload: (listener: () => void) => kb.onReload(listener),
    status: () => pool.status(),
    kbStatus: () => kb.status(),
    start: () => {
      pool.start();
      void kb.start().catch((err: unknown) => log.error({ err }, 'knowledge reload listener failed'));
    },
    stop: async () => {
      pool.stop();
      await kb.stop();
    },
  };
}

/** Wraps an LLM client so every message sent is also given to `record`. */
function recording(inner: LlmClient, record: (text: string) => void): LlmClient {
  return {
    numCtx: inner.numCtx,
    chat: (messages: Parameters<LlmClient['chat']>[0], options?: LlmChatOptions): Promise<LlmChatResult> => {
      for (const m of messages) record(typeof m.content === 'string' ? m.content : JSON.stringify(m.content));
      return inner.chat(messages, options);
    },
  };
}
