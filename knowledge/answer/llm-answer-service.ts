/**
 * The {@link AnswerService}: cache → retrieval → "not sure" below the confidence threshold →
 * LangChain answer chain over the Ollama pool (streaming) → extractive fallback whenever the LLM
 * is unavailable, busy, times out, fails or answers without a usable citation path. Every
 * answered reply cites the document it comes from. LLM failures never throw out of here.
 */
import type { Logger } from 'pino';
import { t } from '../../locales/i18n';
import type { Answer, AnswerRequest, AnswerService, Citation, PartialAnswerListener, Retriever } from '../ports';
import type { AnswerChain } from '../chains/answer-chain';
import type { UnavailableReason } from '../llm/llm-client';
import { AnswerCache } from './answer-cache';
import { ExtractiveAnswerer } from './extractive-answerer';

/** Per-answer accounting (for metrics and the benchmark). */
export interface AnswerMetrics {
  status: Answer['status'];
  mode: Answer['mode'];
  /** Ollama's prompt_eval_count for a generated answer (0 otherwise). */
  promptTokens: number;
  completionTokens: number;
  /** Our estimate of the prompt tokens (0 when no prompt was sent). */
  estimatedPromptTokens: number;
  /** Why the LLM was not used, when it was tried and failed. */
  llmUnavailable?: UnavailableReason;
  durationMs: number;
}

/** Extra per-call hooks beyond the port (optional; the port's two-argument call still works). */
export interface AnswerHooks {
  /** Caller's cancellation (e.g. the channel deadline); the answer then falls back to extractive. */
  signal?: AbortSignal;
  /** Called with the 1-based queue position when all LLM slots are busy (tell the resident to wait). */
  onQueued?: (position: number) => void;
}

/** Running totals since start. */
export interface AnswerStats {
  answers: number;
  llm: number;
  extractive: number;
  cache: number;
  notSure: number;
  promptTokensTotal: number;
}

/** Settings of {@link LlmAnswerService}. */
export interface LlmAnswerServiceOptions {
  retriever: Retriever;
  /** The answer chain, or `null` when LLM_ENABLED is false (always extractive). */
  chain: AnswerChain | null;
  /** Current knowledge-base version; a change invalidates the answer cache. */
  kbVersion: () => number | string;
  /** ANSWER_CACHE_SIZE (0 disables the cache). */
  cacheSize: number;
  log: Logger;
  /** Below this retrieval confidence the reply is `not_sure` (default 0.3). */
  confidenceThreshold?: number;
  /** Passages asked from the retriever (default 6). */
  retrievalLimit?: number;
  /** Most characters of an extractive quote (default 400). */
  extractiveMaxChars?: number;
  /** Called once per answer with token accounting. */
  onMetrics?: (metrics: AnswerMetrics) => void;
}

/** Answers from the knowledge base with the LLM when it can, extractively when it cannot. */
export class LlmAnswerService implements AnswerService {
  private readonly cache: AnswerCache;
  private readonly extractive: ExtractiveAnswerer;
  private readonly totals: AnswerStats = { answers: 0, llm: 0, extractive: 0, cache: 0, notSure: 0, promptTokensTotal: 0 };

  constructor(private readonly options: LlmAnswerServiceOptions) {
    this.cache = new AnswerCache(options.cacheSize);
    this.extractive = new ExtractiveAnswerer({ maxChars: options.extractiveMaxChars });
  }

  /** Running totals (answers by mode, prompt tokens). */
  stats(): AnswerStats {
    return { ...this.totals };
  }

  async answer(request: AnswerRequest, onPartial?: PartialAnswerListener, hooks: AnswerHooks = {}): Promise<Answer> {
    const started = Date.now();
    const version = this.options.kbVersion();
    const cached = this.cache.get(request.question, request.lang, version);
    if (cached) return this.done({ ...cached, mode: 'cache' }, started, {});

    const retrieval = await this.options.retriever.retrieve({ text: request.question, lang: request.lang, limit: this.options.retrievalLimit ?? 6 });
    const confidence = retrieval.confidence;
    if (retrieval.passages.length === 0 || confidence < (this.options.confidenceThreshold ?? 0.3)) {
      return this.done(this.notSure(request, confidence), started, {});
    }

    let llmUnavailable: UnavailableReason | undefined;
    if (this.options.chain) {
      const result = await this.options.chain.generate(
        { question: request.question, lang: request.lang, passages: retrieval.passages },
        { signal: hooks.signal, onQueued: hooks.onQueued, onPartial: onPartial ? (text) => onPartial(text) : undefined },
      );
      if (result.status === 'answered') {
        const docs = result.docs;
        let text = result.text;
        let cited = result.cited;
        // Every answer cites its source: with no valid marker, the top document is the source.
        if (cited.length === 0) {
          text = `${text} [1]`;
          cited = [1];
        }
        const citations: Citation[] = cited
          .map((n) => docs.find((d) => d.n === n))
          .filter((d) => d !== undefined)
          .map((d) => ({ n: d.n, docId: d.docId, title: d.title, ...(d.url ? { url: d.url } : {}) }))
          .sort((a, b) => a.n - b.n);
        const answer: Answer = { status: 'answered', text, citations, mode: 'llm', confidence };
        if (String(this.options.kbVersion()) === String(version)) this.cache.set(request.question, request.lang, version, answer);
        return this.done(answer, started, result);
      }
      if (result.status === 'not_covered') return this.done({ ...this.notSure(request, confidence), mode: 'llm' }, started, result);
      llmUnavailable = result.reason;
      this.options.log.debug({ conversationId: request.conversationId, reason: result.reason }, 'answering extractively');
    }
    const quote = this.extractive.answer(request.question, request.lang, retrieval.passages);
    if (!quote) return this.done(this.notSure(request, confidence), started, { llmUnavailable });
    const answer: Answer = { status: 'answered', text: quote.text, citations: quote.citations, mode: 'extractive', confidence };
    // Without an LLM the quote is the answer for good; a fallback while the LLM is down is not
    // cached, so the LLM answers the question again once it is back.
    if (!this.options.chain && String(this.options.kbVersion()) === String(version)) this.cache.set(request.question, request.lang, version, answer);
    return this.done(answer, started, { llmUnavailable });
  }

  private notSure(request: AnswerRequest, confidence: number): Answer {
    return { status: 'not_sure', text: t(request.lang, 'answer.notSure'), citations: [], mode: 'extractive', confidence };
  }

  private done(
    answer: Answer,
    started: number,
    usage: { promptTokens?: number; completionTokens?: number; estimatedPromptTokens?: number; llmUnavailable?: UnavailableReason },
  ): Answer {
    const promptTokens = usage.promptTokens ?? 0;
    this.totals.answers += 1;
    if (answer.status === 'not_sure') this.totals.notSure += 1;
    else this.totals[answer.mode] += 1;
    this.totals.promptTokensTotal += promptTokens;
    try {
      this.options.onMetrics?.({
        status: answer.status,
        mode: answer.mode,
        promptTokens,
        completionTokens: usage.completionTokens ?? 0,
        estimatedPromptTokens: usage.estimatedPromptTokens ?? 0,
        ...(usage.llmUnavailable ? { llmUnavailable: usage.llmUnavailable } : {}),
        durationMs: Date.now() - started,
      });
    } catch (error) {
      this.options.log.debug({ err: error }, 'answer metrics listener failed');
    }
    return answer;
  }
}
