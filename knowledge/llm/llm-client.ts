/**
 * The narrow LLM interface the rest of the code uses, and its Ollama implementation: the one place
 * (with ollama-embedding-provider.ts) that constructs `ChatOllama`. Every failure — no host, busy
 * pool, timeout, HTTP error, missing model, broken stream, the caller giving up — becomes a typed
 * `unavailable` result; no exception escapes into a turn.
 */
import { ChatOllama } from '@langchain/ollama';
import type { BaseMessage } from '@langchain/core/messages';
import type { Logger } from 'pino';
import type { OllamaPool, LeaseOutcome } from './ollama-pool';

/** Why the LLM could not answer. */
export type UnavailableReason =
  | 'disabled'
  | 'no_host'
  | 'busy'
  | 'timeout'
  | 'aborted'
  | 'model_not_found'
  | 'http_error'
  | 'connection'
  | 'stream_broken'
  | 'invalid_output'
  | 'error';

/** The LLM could not produce an answer; the caller falls back (extractive). */
export interface LlmUnavailable {
  status: 'unavailable';
  reason: UnavailableReason;
  /** Technical detail for logs (never shown to residents). */
  detail?: string;
}

/** A completed generation. */
export interface LlmOk {
  status: 'ok';
  text: string;
  /** Ollama's `prompt_eval_count` (0 when the server did not report it). */
  promptTokens: number;
  /** Ollama's `eval_count`. */
  completionTokens: number;
  /** Host that answered. */
  host: string;
  durationMs: number;
}

/** Result of {@link LlmClient.chat}. */
export type LlmChatResult = LlmOk | LlmUnavailable;

/** Per-call options. */
export interface LlmChatOptions {
  /** Caller's cancellation (e.g. the channel's deadline); the result is `unavailable`/`aborted`. */
  signal?: AbortSignal;
  /** Receives each streamed token and the text so far; errors thrown here are ignored. */
  onToken?: (token: string, textSoFar: string) => void | Promise<void>;
  /** Called with the queue position when all Ollama slots are busy (to tell the resident to wait). */
  onQueued?: (position: number) => void;
  /** `num_predict`: the most tokens to generate. */
  numPredict?: number;
  temperature?: number;
  /** Ollama `format`: `'json'` or a JSON schema. */
  format?: string | Record<string, unknown>;
}

/** What the knowledge side needs from a chat model. */
export interface LlmClient {
  chat(messages: BaseMessage[], options?: LlmChatOptions): Promise<LlmChatResult>;
  /** The context size sent as `num_ctx` (prompt + answer must fit). */
  readonly numCtx: number;
}

/** Settings of {@link OllamaLlmClient} (from OLLAMA_* configuration). */
export interface OllamaLlmClientOptions {
  pool: OllamaPool;
  /** OLLAMA_CHAT_MODEL. */
  model: string;
  /** OLLAMA_NUM_CTX, sent explicitly because Ollama silently truncates longer prompts. */
  numCtx: number;
  /** OLLAMA_TIMEOUT_MS: from getting a slot to the last token. */
  timeoutMs: number;
  log?: Logger;
  /** Default temperature (0.2: factual answers). */
  temperature?: number;
  /** Ollama keep_alive (e.g. "30m"), so the model stays loaded between residents. */
  keepAlive?: string;
}

interface Failure {
  reason: UnavailableReason;
  outcome: LeaseOutcome;
  detail: string;
}

/** Maps whatever the client threw to a reason and what it says about the host. */
export function classifyOllamaError(error: unknown, timedOut: boolean, callerAborted: boolean): Failure {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (callerAborted) return { reason: 'aborted', outcome: 'neutral', detail };
  if (timedOut) return { reason: 'timeout', outcome: 'failure', detail };
  const status = (error as { status_code?: unknown })?.status_code;
  if (typeof status === 'number') {
    if (status === 404) return { reason: 'model_not_found', outcome: 'failure', detail };
    return { reason: 'http_error', outcome: 'failure', detail };
  }
  if (/Did not receive done/i.test(detail)) return { reason: 'stream_broken', outcome: 'failure', detail };
  if (/fetch failed|ECONNREFUSED|ECONNRESET|socket|terminated|other side closed|network/i.test(detail + String((error as { cause?: unknown })?.cause)))
    return { reason: 'connection', outcome: 'failure', detail };
  return { reason: 'error', outcome: 'failure', detail };
}

/** {@link LlmClient} over `ChatOllama`, one pooled host per request. */
export class OllamaLlmClient implements LlmClient {
  readonly numCtx: number;

  constructor(private readonly options: OllamaLlmClientOptions) {
    this.numCtx = options.numCtx;
  }

  async chat(messages: BaseMessage[], options: LlmChatOptions = {}): Promise<LlmChatResult> {
    const acquired = await this.options.pool.acquire({ signal: options.signal, onQueued: options.onQueued });
    if (acquired.status === 'busy') return { status: 'unavailable', reason: 'busy' };
    if (acquired.status === 'unavailable') return { status: 'unavailable', reason: acquired.reason };
    const lease = acquired.lease;
    const started = Date.now();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new Error('Ollama request timed out')), this.options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
    let outcome: LeaseOutcome = 'failure';
    try {
      // One ChatOllama per request: its ollama client's abort() would cancel every stream of a
      // shared client, and only our fetch wrapper puts a signal on the non-streaming calls too.
      const model = new ChatOllama({
        model: this.options.model,
        baseUrl: lease.url,
        numCtx: this.numCtx,
        numPredict: options.numPredict,
        temperature: options.temperature ?? this.options.temperature ?? 0.2,
        format: options.format,
        keepAlive: this.options.keepAlive,
        fetch: (input: string | URL | Request, init?: RequestInit) =>
          fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal }),
      });
      let text = '';
      let promptTokens = 0;
      let completionTokens = 0;
      let done = false;
      const stream = await model.stream(messages, { signal });
      for await (const chunk of stream) {
        const token = typeof chunk.content === 'string' ? chunk.content : '';
        const meta = chunk.response_metadata as { done?: boolean; prompt_eval_count?: number; eval_count?: number } | undefined;
        if (meta?.done) done = true;
        if (chunk.usage_metadata) {
          promptTokens = Math.max(promptTokens, chunk.usage_metadata.input_tokens);
          completionTokens = Math.max(completionTokens, chunk.usage_metadata.output_tokens);
        }
        if (token) {
          text += token;
          if (options.onToken) {
            try {
              await options.onToken(token, text);
            } catch (error) {
              this.options.log?.debug({ err: error }, 'onToken listener failed');
            }
          }
        }
      }
      if (signal.aborted) throw signal.reason ?? new Error('aborted');
      if (!done) throw new Error('Did not receive done or success response in stream.');
      outcome = 'success';
      return { status: 'ok', text, promptTokens, completionTokens, host: lease.url, durationMs: Date.now() - started };
    } catch (error) {
      const failure = classifyOllamaError(error, timeout.signal.aborted, options.signal?.aborted === true);
      outcome = failure.outcome;
      this.options.log?.warn({ host: lease.url, reason: failure.reason, detail: failure.detail }, 'LLM request failed; falling back');
      return { status: 'unavailable', reason: failure.reason, detail: failure.detail };
    } finally {
      clearTimeout(timer);
      lease.release(outcome);
    }
  }
}
