/**
 * TEST DOUBLE — an Ollama wire-protocol test server. It is not Ollama and runs no model: it speaks
 * the HTTP protocol the real clients (`ollama`, `@langchain/ollama`) use, so production code runs
 * unchanged against it over loopback (127.0.0.1, port 0).
 *
 * Endpoints: streaming NDJSON and non-streaming `POST /api/chat`, `POST /api/embed`, `GET /api/tags`,
 * `GET /api/version`, `POST /api/show`; 404 `{"error":"model 'x' not found"}` for unknown models.
 * Behaviour is configurable per test (scripted replies or a reply function, fixed latency, per-token
 * delay, error status, broken stream, hanging) and every request is recorded, so tests can assert
 * prompts, `options.num_ctx` and that no personal data reached the "LLM".
 *
 * `prompt_eval_count` is computed by this double's own documented estimator (see
 * {@link doubleTokenCount}), independent of the production estimator in knowledge/llm, so that a
 * prompt-budget test compares two different counts: one CJK character (Han, kana, Hangul) = 1 token,
 * a Latin word = ceil(length / 4) tokens, a digit or punctuation mark = 1 token, plus 4 tokens per
 * message for the chat template and 3 for the assistant prefix — close to Qwen2.5's tokenizer.
 *
 * Embeddings are deterministic: hashed character 1–3-grams of the NFKC-lowercased text into a
 * fixed-size, L2-normalised vector, so texts that share many n-grams have a high cosine similarity.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A chat message as sent on the wire. */
export interface WireMessage {
  role: string;
  content: string;
}

/** The body of a `POST /api/chat` request. */
export interface ChatRequestBody {
  model: string;
  messages: WireMessage[];
  stream?: boolean;
  format?: unknown;
  options?: Record<string, unknown>;
  keep_alive?: unknown;
}

/** One recorded request. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Parsed JSON body (`undefined` for GET). */
  body: unknown;
  receivedAt: number;
}

/** A reply: fixed text, or a function of the chat request. */
export type ReplyFunction = (request: ChatRequestBody) => string | Promise<string>;

/** Per-test behaviour; every field can be changed between requests with {@link OllamaTestServer.configure}. */
export interface OllamaDoubleBehaviour {
  /** Model names the double "has"; others get 404. */
  models: string[];
  /** Replies consumed in order, one per chat request; when empty, {@link reply} is used. */
  scripted: string[];
  /** Reply function used when no scripted reply is left (default: quotes passage [1] and cites it). */
  reply: ReplyFunction;
  /** Delay before the response headers (model load / first token), in ms. */
  latencyMs: number;
  /** Delay between streamed tokens, in ms. */
  tokenDelayMs: number;
  /** Answer every chat/embed request with this HTTP status and error body. */
  failWith: { status: number; error?: string } | null;
  /** `no-done`: the stream ends without the final done line; `cut`: the connection is destroyed mid-stream. */
  brokenStream: 'no-done' | 'cut' | null;
  /** Accept chat/embed requests and never answer. */
  hang: boolean;
  /** Embedding dimension. */
  embedDim: number;
}

/** The double's documented token estimate (see the file header). */
export function doubleTokenCount(text: string): number {
  let n = 0;
  for (const m of text.matchAll(/[\p{L}\p{M}]+|\p{N}|[^\s\p{L}\p{M}\p{N}]/gu)) {
    const piece = m[0];
    if (/^[\p{L}\p{M}]/u.test(piece)) {
      let latin = 0;
      for (const ch of piece) {
        if (/[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff66-\uff9f]/u.test(ch)) n += 1;
        else latin += 1;
      }
      n += Math.ceil(latin / 4);
    } else n += 1;
  }
  return n;
}

/** Prompt tokens for a chat request as this double counts them. */
export function doublePromptEvalCount(messages: readonly WireMessage[]): number {
  return messages.reduce((sum, m) => sum + 4 + doubleTokenCount(m.content), 3);
}

/** Deterministic embedding: hashed character 1–3-grams, L2-normalised. */
export function doubleEmbedding(text: string, dim: number): number[] {
  const v = new Array<number>(dim).fill(0);
  const chars = [...text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ')];
  for (let size = 1; size <= 3; size++) {
    for (let i = 0; i + size <= chars.length; i++) {
      const gram = chars.slice(i, i + size).join('');
      let h = 2166136261;
      for (let k = 0; k < gram.length; k++) h = Math.imul(h ^ gram.charCodeAt(k), 16777619);
      const idx = (h >>> 0) % dim;
      v[idx] += (h & 0x100) === 0 ? size : -size;
    }
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

/**
 * Default reply: quotes the start of the passage numbered [1] in the last user message and cites
 * it, the way a well-behaved model answers from the documents.
 */
export const quoteFirstPassage: ReplyFunction = (request) => {
  const last = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const at = last.indexOf('[1]');
  if (at < 0) return 'OK';
  const body = last.slice(at).split('\n').slice(1).join(' ').trim();
  const sentence = body.split(/(?<=[.!?。！？])\s*/u)[0] ?? body;
  return `${sentence.slice(0, 160)} [1]`;
};

function defaults(): OllamaDoubleBehaviour {
  return {
    models: ['qwen2.5:3b', 'bge-m3'],
    scripted: [],
    reply: quoteFirstPassage,
    latencyMs: 0,
    tokenDelayMs: 0,
    failWith: null,
    brokenStream: null,
    hang: false,
    embedDim: 256,
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Splits a reply into stream tokens: Latin words with their leading space, CJK per character. */
function tokenize(text: string): string[] {
  return text.match(/\s*[A-Za-z0-9'’-]+|\s*[^\sA-Za-z0-9'’-]|\s+$/gu) ?? [text];
}

function modelBase(name: string): string {
  return name.endsWith(':latest') ? name.slice(0, -7) : name;
}

/** TEST DOUBLE of an Ollama server (see the file header). */
export class OllamaTestServer {
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  private behaviour: OllamaDoubleBehaviour;
  private server: http.Server | null = null;
  private baseUrl = '';

  constructor(behaviour: Partial<OllamaDoubleBehaviour> = {}) {
    this.behaviour = { ...defaults(), ...behaviour };
  }

  /** Changes behaviour for the following requests. */
  configure(behaviour: Partial<OllamaDoubleBehaviour>): this {
    this.behaviour = { ...this.behaviour, ...behaviour };
    return this;
  }

  /** Restores default behaviour and clears the recorded requests. */
  reset(): this {
    this.behaviour = defaults();
    this.requests.length = 0;
    return this;
  }

  /** The base URL, e.g. `http://127.0.0.1:41234` (empty before start). */
  get url(): string {
    return this.baseUrl;
  }

  /** Recorded `/api/chat` request bodies. */
  chatRequests(): ChatRequestBody[] {
    return this.requests.filter((r) => r.path === '/api/chat').map((r) => r.body as ChatRequestBody);
  }

  /** Starts listening on 127.0.0.1 (port 0 picks a free port unless given) and returns the base URL. */
  async start(port = 0): Promise<string> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  /** Stops the server and cuts every open connection (as if the Ollama host died). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return this.json(res, 400, { error: 'invalid JSON' });
    }
    const path = (req.url ?? '/').split('?')[0];
    this.requests.push({ method: req.method ?? 'GET', path, body, receivedAt: Date.now() });
    try {
      if (req.method === 'GET' && path === '/api/tags') return this.tags(res);
      if (req.method === 'GET' && path === '/api/version') return this.json(res, 200, { version: '0.6.0-test-double' });
      if (req.method === 'POST' && path === '/api/show') return this.show(res, body as { model?: string });
      if (req.method === 'POST' && path === '/api/chat') return await this.chat(res, body as ChatRequestBody);
      if (req.method === 'POST' && path === '/api/embed') return await this.embed(res, body as { model: string; input: string | string[] });
      return this.json(res, 404, { error: 'not found' });
    } catch (error) {
      if (!res.headersSent) this.json(res, 500, { error: String(error) });
      else res.destroy();
    }
  }

  private json(res: http.ServerResponse, status: number, payload: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(payload));
  }

  private hasModel(name: string | undefined): boolean {
    return name !== undefined && this.behaviour.models.some((m) => modelBase(m) === modelBase(name));
  }

  private tags(res: http.ServerResponse): void {
    const models = this.behaviour.models.map((name) => ({
      name: name.includes(':') ? name : `${name}:latest`,
      model: name.includes(':') ? name : `${name}:latest`,
      modified_at: '2025-01-01T00:00:00Z',
      size: 1_900_000_000,
      digest: 'test-double',
      details: { format: 'gguf', family: 'test-double', parameter_size: '3B', quantization_level: 'Q4_K_M' },
    }));
    this.json(res, 200, { models });
  }

  private show(res: http.ServerResponse, body: { model?: string }): void {
    if (!this.hasModel(body?.model)) return this.json(res, 404, { error: `model '${body?.model ?? ''}' not found` });
    this.json(res, 200, {
      modelfile: '# test double',
      parameters: 'num_ctx 4096',
      template: '{{ .Prompt }}',
      details: { format: 'gguf', family: 'test-double', parameter_size: '3B', quantization_level: 'Q4_K_M' },
      model_info: { 'general.architecture': 'test-double', 'test-double.context_length': 32768 },
    });
  }

  /** Applies the failure behaviours shared by chat and embed; true when the request was handled. */
  private async misbehave(res: http.ServerResponse, model: string | undefined): Promise<boolean> {
    const b = this.behaviour;
    if (b.hang) {
      await new Promise<void>((resolve) => res.on('close', () => resolve()));
      return true;
    }
    if (b.latencyMs > 0) await sleep(b.latencyMs);
    if (b.failWith) {
      this.json(res, b.failWith.status, { error: b.failWith.error ?? `test double failure ${b.failWith.status}` });
      return true;
    }
    if (!this.hasModel(model)) {
      this.json(res, 404, { error: `model '${model ?? ''}' not found` });
      return true;
    }
    return false;
  }

  private async chat(res: http.ServerResponse, body: ChatRequestBody): Promise<void> {
    if (await this.misbehave(res, body?.model)) return;
    const b = this.behaviour;
    const started = Date.now();
    const text = b.scripted.length > 0 ? (b.scripted.shift() as string) : await b.reply(body);
    const promptEvalCount = doublePromptEvalCount(body.messages ?? []);
    const tokens = tokenize(text);
    const now = () => new Date().toISOString();
    const final = {
      model: body.model,
      created_at: now(),
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'stop',
      total_duration: 0,
      load_duration: 1_000_000,
      prompt_eval_count: promptEvalCount,
      prompt_eval_duration: 1_000_000,
      eval_count: tokens.length,
      eval_duration: 1_000_000,
    };
    if (body.stream === false) {
      if (b.tokenDelayMs > 0) await sleep(b.tokenDelayMs * tokens.length);
      final.message.content = text;
      final.total_duration = (Date.now() - started) * 1e6;
      return this.json(res, 200, final);
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    for (let i = 0; i < tokens.length; i++) {
      if (res.destroyed) return;
      if (b.brokenStream === 'cut' && i >= Math.min(2, tokens.length - 1)) {
        res.destroy();
        return;
      }
      res.write(`${JSON.stringify({ model: body.model, created_at: now(), message: { role: 'assistant', content: tokens[i] }, done: false })}\n`);
      if (b.tokenDelayMs > 0) await sleep(b.tokenDelayMs);
    }
    if (b.brokenStream === 'cut') {
      res.destroy();
      return;
    }
    if (b.brokenStream === 'no-done') {
      res.end();
      return;
    }
    final.total_duration = (Date.now() - started) * 1e6;
    res.end(`${JSON.stringify(final)}\n`);
  }

  private async embed(res: http.ServerResponse, body: { model: string; input: string | string[] }): Promise<void> {
    if (await this.misbehave(res, body?.model)) return;
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    this.json(res, 200, {
      model: body.model,
      embeddings: inputs.map((text) => doubleEmbedding(text, this.behaviour.embedDim)),
      total_duration: 1_000_000,
      load_duration: 100_000,
      prompt_eval_count: inputs.reduce((s, text) => s + doubleTokenCount(text), 0),
    });
  }
}
