/**
 * The Ollama-pool phase of the load bench: Madoguchi with the LLM on, pointed at the Ollama
 * wire-protocol TEST DOUBLE answering every chat after a fixed 1 s, with a per-host limit of N
 * slots. R residents ask a distinct question each, all at once. Done when all are answered,
 * none dropped, and the total time is within 20% of R/N seconds.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { OllamaTestServer, quoteFirstPassage } from '../test/helpers/ollama-test-server';
import { startBenchSink } from './sink';
import { startTarget } from './target-process';
import { runLoad } from './load-generator';
import { distinctQuestion } from './bench-texts';
import { extractiveEnv } from './bench-env';
import { stageBreakdown, type StageBreakdown } from './stage-breakdown';

/** Options of {@link runLlmPoolBench}. */
export interface LlmPoolOptions {
  slots: number;
  residents: number;
  /** Model latency per chat, ms. */
  latencyMs?: number;
  budgetSeconds: number;
  log: (line: string) => void;
}

/** What the phase measured. */
export interface LlmPoolResult {
  residents: number;
  pool_slots: number;
  llm_latency_s: number;
  /** Residents whose turn completed (2xx) with at least one message at the sink. */
  answered: number;
  /** Residents without a reply (turn failed or nothing reached the sink). */
  dropped: number;
  /** Chat requests the double received (one per generated answer, plus any extra LLM calls). */
  chat_requests: number;
  /** Messages at the sink (answers plus "please wait" notices). */
  sink_messages: number;
  total_s: number;
  ideal_s: number;
  /** total_s / ideal_s; the issue asks for ≤ 1.2. */
  ratio_to_ideal: number;
  within_20_percent: boolean;
  p50_ms: number;
  p99_ms: number;
  stages?: StageBreakdown;
}

/** Runs the phase. */
export async function runLlmPoolBench(options: LlmPoolOptions): Promise<LlmPoolResult> {
  const latencyMs = options.latencyMs ?? 1000;
  // Latency only on chat (the reply function), so embedding calls stay instant like a warm model.
  const double = new OllamaTestServer({
    reply: async (request) => {
      await new Promise((r) => setTimeout(r, latencyMs));
      return quoteFirstPassage(request);
    },
  });
  const ollamaUrl = await double.start();
  const sink = await startBenchSink();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-bench-llm-'));
  try {
    options.log(`[llm] starting Madoguchi with the Ollama double (${options.slots} slots, ${latencyMs} ms per answer)…`);
    const proc = await startTarget('madoguchi', {
      ...extractiveEnv(tmp, ''),
      LLM_ENABLED: 'true',
      OLLAMA_BASE_URL: ollamaUrl,
      OLLAMA_HOST_CONCURRENCY: String(options.slots),
      OLLAMA_QUEUE_LIMIT: String(Math.max(200, options.residents * 2)),
      OLLAMA_TIMEOUT_MS: String(Math.max(30000, latencyMs * 10)),
      ANSWER_CACHE_SIZE: '0',
    });
    try {
      const chatsBefore = double.chatRequests().length;
      const deadline = Date.now() + options.budgetSeconds * 1000;
      options.log(`[llm] ${options.residents} residents at once`);
      const r = await runLoad({
        url: proc.url,
        serviceUrl: sink.url,
        concurrency: options.residents,
        turns: options.residents,
        texts: Array.from({ length: options.residents }, (_, n) => distinctQuestion(n)),
        deadline,
        conversationPrefix: 'llm-resident',
        turnsPerConversation: 1,
      });
      let answered = 0;
      for (let n = 0; n < options.residents; n++) if (sink.messagesFor(`llm-resident-${n}-0`) > 0) answered += 1;
      answered = Math.min(answered, r.turns - r.errors);
      const ideal = (options.residents / options.slots) * (latencyMs / 1000);
      const exposition = await proc.metrics();
      const result: LlmPoolResult = {
        residents: options.residents,
        pool_slots: options.slots,
        llm_latency_s: latencyMs / 1000,
        answered,
        dropped: options.residents - answered,
        chat_requests: double.chatRequests().length - chatsBefore,
        sink_messages: sink.messages,
        total_s: r.seconds,
        ideal_s: ideal,
        ratio_to_ideal: Math.round((r.seconds / ideal) * 1000) / 1000,
        within_20_percent: r.seconds <= ideal * 1.2 && answered === options.residents,
        p50_ms: r.p50_ms,
        p99_ms: r.p99_ms,
        stages: exposition && stageBreakdown(exposition).turns > 0 ? stageBreakdown(exposition) : undefined,
      };
      options.log(`[llm]   answered ${answered}/${options.residents} in ${r.seconds} s (ideal ${ideal} s), ${result.chat_requests} chat requests`);
      return result;
    } finally {
      await proc.stop();
    }
  } finally {
    await sink.close();
    await double.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
