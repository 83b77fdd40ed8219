/**
 * The LangChain answer chain: a `ChatPromptTemplate` (system rules + documents-as-data + question)
 * run through `ChatOllama.stream()` via the pooled {@link LlmClient}. It returns a typed result: an
 * answer with the document numbers it cites, "not covered" (the model's exact sentinel), or
 * `unavailable` — the caller decides what to do from that type, never from free text.
 */
import { ChatPromptTemplate } from '@langchain/core/prompts';
import type { Lang } from '../../locales/lang';
import type { Passage } from '../ports';
import type { LlmClient, LlmUnavailable } from '../llm/llm-client';
import { buildAnswerPrompt, DEFAULT_BUDGET, NOT_COVERED_SENTINEL, type BuiltAnswerPrompt, type NumberedDoc, type PromptBudget } from './answer-prompt';

/** Input of one generation. */
export interface AnswerChainInput {
  /** The masked question. */
  question: string;
  lang: Lang;
  /** Ranked passages (best first). */
  passages: readonly Passage[];
}

/** Per-call options. */
export interface AnswerChainOptions {
  signal?: AbortSignal;
  /** Receives the answer text so far while it streams (never the sentinel). */
  onPartial?: (textSoFar: string) => void | Promise<void>;
  onQueued?: (position: number) => void;
}

/** The model answered from the documents. */
export interface AnswerChainAnswered {
  status: 'answered';
  /** Answer with only valid `[n]` markers left. */
  text: string;
  /** Document numbers cited (valid ones, in order of first use). */
  cited: number[];
  docs: NumberedDoc[];
  promptTokens: number;
  completionTokens: number;
  estimatedPromptTokens: number;
}

/** The model said the documents do not cover the question. */
export interface AnswerChainNotCovered {
  status: 'not_covered';
  docs: NumberedDoc[];
  promptTokens: number;
  completionTokens: number;
  estimatedPromptTokens: number;
}

/** Result of {@link AnswerChain.generate}. */
export type AnswerChainResult = AnswerChainAnswered | AnswerChainNotCovered | LlmUnavailable;

/** Settings of {@link AnswerChain}. */
export interface AnswerChainOptionsInit {
  llm: LlmClient;
  /** Budget overrides; num_ctx comes from the LLM client (OLLAMA_NUM_CTX). */
  budget?: Partial<Omit<PromptBudget, 'numCtx'>>;
}

const template = ChatPromptTemplate.fromMessages([
  ['system', '{system}'],
  ['human', '{user}'],
]);

/** Lines of the system prompt long enough that seeing one in an answer means the prompt leaked. */
function leaks(text: string, system: string): boolean {
  const flat = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');
  const answer = flat(text);
  return system.split('\n').some((line) => line.length >= 30 && answer.includes(flat(line).slice(0, 30)));
}

/** Question → prompt within budget → streamed ChatOllama answer → typed result. */
export class AnswerChain {
  private readonly budget: PromptBudget;

  constructor(private readonly init: AnswerChainOptionsInit) {
    this.budget = { ...DEFAULT_BUDGET, ...init.budget, numCtx: init.llm.numCtx };
  }

  /** Builds the prompt only (for tests and the benchmark). */
  buildPrompt(input: AnswerChainInput): BuiltAnswerPrompt {
    return buildAnswerPrompt(input.question, input.lang, input.passages, this.budget);
  }

  /** Generates an answer; never throws. */
  async generate(input: AnswerChainInput, options: AnswerChainOptions = {}): Promise<AnswerChainResult> {
    const prompt = this.buildPrompt(input);
    if (prompt.docs.length === 0) return { status: 'unavailable', reason: 'error', detail: 'no passage fits the prompt budget' };
    // Values are substituted, not parsed, so braces inside passages are safe.
    const messages = await template.formatMessages({ system: prompt.system, user: prompt.user });
    let leaked = false;
    const result = await this.init.llm.chat(messages, {
      signal: options.signal,
      onQueued: options.onQueued,
      numPredict: this.budget.numPredict,
      onToken: async (_token, soFar) => {
        const shown = soFar.trim();
        // Hold back anything that could still become the sentinel.
        if (!options.onPartial || shown === '' || NOT_COVERED_SENTINEL.startsWith(shown) || shown.includes(NOT_COVERED_SENTINEL)) return;
        // Once the text starts repeating the rules, nothing more is shown (the result is rejected).
        if (leaked || (leaked = leaks(shown, prompt.system))) return;
        await options.onPartial(soFar);
      },
    });
    if (result.status !== 'ok') return result;
    const usage = { promptTokens: result.promptTokens, completionTokens: result.completionTokens, estimatedPromptTokens: prompt.estimatedTokens };
    const raw = result.text.replace(/［(\d+)］/g, '[$1]').trim();
    if (leaks(raw, prompt.system)) return { status: 'unavailable', reason: 'invalid_output', detail: 'answer repeats the system prompt' };
    if (raw === '' || raw.includes(NOT_COVERED_SENTINEL)) return { status: 'not_covered', docs: prompt.docs, ...usage };
    const valid = new Set(prompt.docs.map((d) => d.n));
    const cited: number[] = [];
    const text = raw
      .replace(/\s*\[(\d{1,3})\]/g, (marker, digits: string) => {
        const n = Number(digits);
        if (!valid.has(n)) return '';
        if (!cited.includes(n)) cited.push(n);
        return marker;
      })
      .trim();
    return { status: 'answered', text, cited, docs: prompt.docs, ...usage };
  }
}
