/**
 * The {@link AnswerService}: cache → retrieval → "not sure" below the confidence threshold →
 * LangChain answer chain over the Ollama pool (streaming) → extractive fallback whenever the LLM
 * is unavailable, busy, times out, fails or answers without a usable citation path. Every
 * answered reply cites the document it comes from. LLM failures never throw out of here.
 */
import type { Logger } from 'pino';
import { t } from '../../locales/i18n';
import type { Answer, AnswerRequest, AnswerService, Citation, PartialAnswerListener, Passage, Retriever } from '../ports';
import type { AnswerChain } from '../chains/answer-chain';
import type { UnavailableReason } from '../llm/llm-client';
import { AnswerCache } from './answer-cache';
import { ExtractiveAnswerer, type FollowUp } from './extractive-answerer';
import { FollowUpMemory } from './follow-up-memory';

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
  /** Most characters of an extractive quote in Korean or Japanese; twice as many in English (default 170). */
  extractiveMaxChars?: number;
  /** Called once per answer with token accounting. */
  onMetrics?: (metrics: AnswerMetrics) => void;
}

/** Answers from the knowledge base with the LLM when it can, extractively when it cannot. */
export class LlmAnswerService implements AnswerService {
  private readonly cache: AnswerCache;
  private readonly extractive: ExtractiveAnswerer;
  /** The follow-ups each conversation was last offered (answered without a new search). */
  private readonly followUps = new FollowUpMemory();
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
    // A follow-up button pressed: answer from the same document, no new search.
    const pressed = this.followUps.match(request.conversationId, request.question);
    const documentPassages = pressed ? await this.documentPassages(pressed.docId) : [];
    let retrieval;
    if (pressed && documentPassages.length > 0) {
      retrieval = { passages: documentPassages.map((p) => ({ ...p, score: 1 })), confidence: 1 };
    } else {
      const cached = this.cache.get(request.question, request.lang, version);
      if (cached) return this.done(this.remember(request, { ...cached, mode: 'cache' }), started, {});
      retrieval = await this.options.retriever.retrieve({ text: request.question, lang: request.lang, limit: this.options.retrievalLimit ?? 6 });
    }
    const confidence = retrieval.confidence;
    if (retrieval.passages.length === 0 || confidence < (this.options.confidenceThreshold ?? 0.3)) {
      return this.done(this.notSure(request, confidence), started, {});
    }
    const top = retrieval.passages[0];
    const ownPassages = pressed && documentPassages.length > 0 ? documentPassages : await this.documentPassages(top.docId);
    // The same selection serves both paths: the quote, and what the LLM prompt carries.
    const bridge = 'bridge' in retrieval ? retrieval.bridge?.[top.lang] : undefined;
    const quote = this.extractive.answer(request.question, request.lang, retrieval.passages, ownPassages, pressed ? { headings: [pressed.heading] } : undefined, bridge);

    let llmUnavailable: UnavailableReason | undefined;
    if (this.options.chain) {
      const selected = quote && quote.selected.length > 0 ? quote.selected.map((p) => ({ ...p, score: top.score })) : retrieval.passages;
      const result = await this.options.chain.generate(
        { question: request.question, lang: request.lang, passages: selected },
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
        for (const c of citations) if (c.docId === top.docId && top.updated) c.updated = top.updated;
        const quotedSection = quote?.citations.find((c) => c.docId === top.docId)?.section;
        for (const c of citations) if (c.docId === top.docId && quotedSection) c.section = quotedSection;
        if (top.updated) text = `${text}\n\n${t(request.lang, 'answer.asOf', { date: top.updated })}`;
        const answer: Answer = { status: 'answered', text, citations, mode: 'llm', confidence, ...followUpsOf(quote?.followUps) };
        if (String(this.options.kbVersion()) === String(version)) this.cache.set(request.question, request.lang, version, answer);
        return this.done(this.remember(request, answer, quote?.followUps), started, result);
      }
      if (result.status === 'not_covered') return this.done({ ...this.notSure(request, confidence), mode: 'llm' }, started, result);
      llmUnavailable = result.reason;
      this.options.log.debug({ conversationId: request.conversationId, reason: result.reason }, 'answering extractively');
    }
    if (!quote) return this.done(this.notSure(request, confidence), started, { llmUnavailable });
    const answer: Answer = { status: 'answered', text: quote.text, citations: quote.citations, mode: 'extractive', confidence, ...followUpsOf(quote.followUps) };
    // Without an LLM the quote is the answer for good; a fallback while the LLM is down is not
    // cached, so the LLM answers the question again once it is back.
    if (!this.options.chain && String(this.options.kbVersion()) === String(version)) this.cache.set(request.question, request.lang, version, answer);
    return this.done(this.remember(request, answer, quote.followUps), started, { llmUnavailable });
  }

  /** Every chunk of a document, when the retriever can list them (none otherwise). */
  private async documentPassages(docId: string): Promise<Passage[]> {
    try {
      return (await this.options.retriever.documentPassages?.(docId)) ?? [];
    } catch (error) {
      this.options.log.debug({ err: error, docId }, 'document passages unavailable');
      return [];
    }
  }

  /** Remembers the follow-ups offered to the conversation, so a press is answered without a search. */
  private remember(request: AnswerRequest, answer: Answer, followUps?: readonly FollowUp[]): Answer {
    const offered = followUps ?? (answer as CachedAnswer).followUpTargets;
    if (offered && offered.length > 0) this.followUps.offer(request.conversationId, offered);
    return answer;
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

/** An answer as cached: with the documents and sections its follow-ups answer from. */
interface CachedAnswer extends Answer {
  followUpTargets?: FollowUp[];
}

/** The answer's follow-up buttons, and (kept off the port's type) where each one answers from. */
function followUpsOf(followUps: readonly FollowUp[] | undefined): Pick<CachedAnswer, 'followUps' | 'followUpTargets'> {
  if (!followUps || followUps.length === 0) return {};
  return { followUps: followUps.map(({ title, value }) => ({ title, value })), followUpTargets: [...followUps] };
}
