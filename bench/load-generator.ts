/**
 * Drives a Bot Framework endpoint like many Emulator users at once: `concurrency` slots, each
 * sending its next message as soon as the previous turn's POST returned, until `turns` turns have
 * been sent in total (or the deadline passed); every few turns a slot continues as a new resident
 * (see {@link LoadOptions.turnsPerConversation}). Conversation ids are `{prefix}-{slot}-{k}`. A turn's latency is the POST round trip:
 * CloudAdapter answers the POST only after the turn ran, and the turn's replies were already
 * POSTed to (and acknowledged by) the sink, so the round trip covers "until the reply arrived".
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';

/** What to run. */
export interface LoadOptions {
  /** Base URL of the server; activities go to `${url}/api/messages`. */
  url: string;
  /** serviceUrl put in every activity (the sink). */
  serviceUrl: string;
  concurrency: number;
  turns: number;
  /** Message texts, used round-robin (offset per conversation). */
  texts: readonly string[];
  /**
   * When given, resident k asks only from `residentTexts[k % n]`, in turn (one language per
   * resident, as real residents write); `texts` is then unused.
   */
  residentTexts?: readonly (readonly string[])[];
  /** Stop sending new turns after this time (epoch ms). */
  deadline: number;
  /** Prefix of conversation ids (unique per phase). */
  conversationPrefix: string;
  /**
   * Turns one simulated resident sends before the slot moves on to a new resident (default 5).
   * Real residents do not type hundreds of messages a second, and the bot's flood guard (more
   * than 6 messages in 5 s pauses a conversation) would otherwise measure itself: each
   * concurrency slot is a stream of residents, each asking a few questions.
   */
  turnsPerConversation?: number;
  locale?: string;
}

/** What came out. */
export interface LoadResult {
  concurrency: number;
  turns: number;
  /** Turns whose POST did not answer 2xx (or failed). */
  errors: number;
  seconds: number;
  turns_per_s: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  /** True when the deadline stopped the phase before `turns` were sent. */
  truncated: boolean;
}

/** The q-quantile (0..1) of sorted values, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** POSTs one activity and resolves with the status code (0 on a connection error). */
function post(agent: http.Agent, target: URL, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      target,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** The `i`-th message text of the conversation numbered `seq`. */
function textFor(options: LoadOptions, seq: number, i: number): string {
  const group = options.residentTexts?.[seq % options.residentTexts.length];
  if (group && group.length > 0) return group[i % group.length] ?? '';
  return options.texts[i % options.texts.length] ?? '';
}

/** Runs one load phase. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency, maxFreeSockets: options.concurrency });
  const target = new URL('/api/messages', options.url);
  const latencies: number[] = [];
  let remaining = options.turns;
  let errors = 0;
  let truncated = false;
  const started = performance.now();

  const perConversation = Math.max(1, options.turnsPerConversation ?? 5);
  const conversation = async (n: number): Promise<void> => {
    let i = n;
    let sent = 0;
    while (remaining > 0) {
      const conversationSeq = n + options.concurrency * Math.floor(sent / perConversation);
      const conversationId = `${options.conversationPrefix}-${n}-${Math.floor(sent / perConversation)}`;
      sent += 1;
      if (Date.now() > options.deadline) {
        truncated = true;
        return;
      }
      remaining -= 1;
      const body = JSON.stringify({
        type: 'message',
        id: randomUUID(),
        timestamp: new Date().toISOString(),
        channelId: 'emulator',
        serviceUrl: options.serviceUrl,
        from: { id: `resident-${conversationId}`, name: 'Resident', role: 'user' },
        recipient: { id: 'bot', name: 'Bot', role: 'bot' },
        conversation: { id: conversationId },
        locale: options.locale ?? 'en-US',
        text: textFor(options, conversationSeq, i),
      });
      i += 1;
      const t0 = performance.now();
      const status = await post(agent, target, body);
      latencies.push(performance.now() - t0);
      if (status < 200 || status >= 300) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, n) => conversation(n)));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    concurrency: options.concurrency,
    turns: latencies.length,
    errors,
    seconds: round(seconds, 3),
    turns_per_s: round(latencies.length / seconds, 1),
    p50_ms: round(quantile(sorted, 0.5)),
    p90_ms: round(quantile(sorted, 0.9)),
    p99_ms: round(quantile(sorted, 0.99)),
    max_ms: round(sorted[sorted.length - 1] ?? NaN),
    truncated,
  };
}
