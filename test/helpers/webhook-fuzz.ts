/**
 * A reproducible fuzzer for the residents' webhooks. Each case starts from a real-shaped payload
 * (test/fixtures/<platform>/, made fresh so it is not stale or a duplicate) and applies one to
 * three mutations: wrong types, nulls, huge strings, deep nesting, unicode edge cases (NUL, lone
 * surrogates, RTL and zero-width marks), missing and extra fields, numbers as strings, arrays for
 * objects; or breaks the body itself (invalid JSON, non-UTF-8 bytes, wrong content type, unknown
 * content encoding). LINE cases are signed over the final bytes, so they reach parsing; Telegram
 * and Kakao carry their secret header; web chat cases carry a valid conversation token.
 *
 * {@link bootFuzzServer} starts the real server (container + HTTP host, PGlite in memory or a
 * PostgreSQL URL, no LLM) with every channel configured against local fakes, and
 * {@link fuzzWebhook} sends the cases and counts the answers by status. Used by
 * test/integration/webhook-fuzz.test.ts (a few hundred per webhook) and bench/webhook-fuzz.ts
 * (thousands).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signLineBody } from '../../adapters/line/line-signature';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { capturingLogger } from './capturing-logger';
import { FakeLineApi } from './fake-line-api';
import { FakeTelegramApi } from './fake-telegram-api';
import { emulatorActivity, startReplySink, type ReplySink } from './reply-sink';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

/** The webhooks the fuzzer knows. */
export const WEBHOOKS = ['botframework', 'line', 'telegram', 'kakao', 'webchat'] as const;
export type Webhook = (typeof WEBHOOKS)[number];

/** A seeded PRNG (mulberry32): the same seed gives the same cases. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Strings that have broken parsers, databases and loggers before. */
export const EDGE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'I want to kill myself tonight\u0000',
  'abc\u0000def',
  '\ud800',
  '\udfff',
  'lone \ud83d surrogate',
  '\u202eevil\u202c',
  '\u200b\u200c\u200d\u2060\ufeff',
  '900102\u200b-1234568',
  'مرحبا بالعالم',
  'שלום',
  'e\u0301\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '\uffff\ufffe',
  '\r\n\t\b\f\u001b[31m',
  '<script>alert(1)</script>',
  "'; DROP TABLE transcript; --",
  '{{constructor.constructor("return process")()}}',
  '%s%s%s%n',
  '../../../../etc/passwd',
  '__proto__',
  'NaN',
  '-1',
  '1e309',
  'true',
  'null',
  '2025-13-45T99:99:99Z',
];

/** Keys that are dangerous on plain objects. */
const EDGE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', '\u0000', 'x'.repeat(300)];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function deepNest(depth: number, leaf: Json, rng: Rng): Json {
  let v: Json = leaf;
  for (let i = 0; i < depth; i++) v = rng.chance(0.5) ? [v] : { a: v };
  return v;
}

/** A value of an unexpected kind. */
function wrongValue(rng: Rng, current: Json | undefined): Json {
  switch (rng.int(16)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -1, 1.5, 2 ** 53 + 1, -(2 ** 63), 1e308, -0, 4294967296]);
    case 3:
      // A number as a string, or a string as a number.
      return typeof current === 'number' ? String(current) : typeof current === 'string' && current !== '' && !Number.isNaN(Number(current)) ? Number(current) : '12345';
    case 4:
      return rng.pick(EDGE_STRINGS);
    case 5:
      return 'A'.repeat(rng.pick([1001, 4097, 20000, 70000]));
    case 6:
      return rng.pick(EDGE_STRINGS).repeat(rng.pick([2, 50, 2000]));
    case 7:
      return current === undefined ? [] : [current];
    case 8:
      return {};
    case 9:
      return [];
    case 10:
      return deepNest(rng.pick([20, 200, 2000]), rng.pick(EDGE_STRINGS), rng);
    case 11:
      return { [rng.pick(EDGE_KEYS)]: rng.pick(EDGE_STRINGS) };
    case 12:
      return Array.from({ length: rng.pick([2, 100, 1000]) }, () => (current === undefined ? null : current));
    case 13:
      return typeof current === 'string' ? `${current}${rng.pick(EDGE_STRINGS)}` : rng.pick(EDGE_STRINGS);
    case 14:
      return typeof current === 'string' ? `${rng.pick(EDGE_STRINGS)}${current}` : [null];
    default:
      return { nested: current ?? null, extra: rng.pick(EDGE_STRINGS) };
  }
}

/** Every path to a value in `root` (the root itself is `[]`). */
function pathsOf(root: Json): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (v: Json, at: (string | number)[], depth: number) => {
    out.push(at);
    if (depth > 12 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i], depth + 1));
    else for (const [k, x] of Object.entries(v)) walk(x, [...at, k], depth + 1);
  };
  walk(root, [], 0);
  return out;
}

function getAt(root: Json, at: (string | number)[]): Json | undefined {
  let v: Json | undefined = root;
  for (const k of at) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Array.isArray(v) ? v[k as number] : v[k as string];
  }
  return v;
}

/** One structural mutation of `root` (mutated in place, or replaced: the new root is returned). */
function mutateOnce(root: Json, rng: Rng): Json {
  const paths = pathsOf(root);
  const at = rng.pick(paths);
  const kind = rng.int(10);
  if (at.length === 0) {
    // The whole body: another kind of JSON value.
    return kind < 5 ? wrongValue(rng, root) : rng.pick<Json>([null, [], [root], 'string', 42, true, {}]);
  }
  const parent = getAt(root, at.slice(0, -1));
  const key = at[at.length - 1];
  if (parent === null || parent === undefined || typeof parent !== 'object') return root;
  const current = getAt(root, at);
  if (Array.isArray(parent)) {
    const i = key as number;
    if (kind === 0) parent.splice(i, 1);
    else if (kind === 1) parent.push(wrongValue(rng, current));
    else parent[i] = wrongValue(rng, current);
    return root;
  }
  const obj = parent;
  if (kind <= 1) delete obj[key as string];
  else if (kind === 2) Object.defineProperty(obj, rng.pick(EDGE_KEYS) + (rng.chance(0.5) ? '' : String(rng.int(100))), { value: wrongValue(rng, undefined), enumerable: true, writable: true, configurable: true });
  else obj[key as string] = wrongValue(rng, current);
  return root;
}

/** One HTTP request of a fuzz run (headers other than the webhook's own credentials). */
export interface FuzzCase {
  /** What was done to the fixture, for the report of a failing case. */
  mutations: string[];
  body: Buffer;
  contentType: string | undefined;
  contentEncoding?: string;
  /** Web chat only: which conversation route. */
  route?: 'messages' | 'join';
}

/** A fresh, valid payload of `webhook` for case `i` (unique ids, current time stamps). */
export function basePayload(webhook: Webhook, i: number, rng: Rng, serviceUrl: string): Json {
  const uniq = `${Date.now().toString(36)}${i.toString(36)}${rng.int(1e9).toString(36)}`;
  const read = (file: string): Json => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as Json;
  switch (webhook) {
    case 'botframework':
      return emulatorActivity({ url: serviceUrl } as ReplySink, `fuzz-${uniq}`, rng.pick(['When is the service desk open?', '기초연금 신청', '児童手当の申請']), `m-${uniq}`);
    case 'line': {
      const body = read(`line/${rng.pick(['text-message-ja.json', 'text-message-ko.json', 'group-and-others.json'])}`) as { events: Record<string, Json>[] };
      for (const e of body.events) {
        e.timestamp = Date.now();
        if (typeof e.webhookEventId === 'string') e.webhookEventId = `01F${uniq}`.toUpperCase();
        if (e.replyToken !== undefined) e.replyToken = `rt${uniq}`;
      }
      return body;
    }
    case 'telegram': {
      const body = read(`telegram/${rng.pick(['message-en.json', 'message-ja.json', 'callback-query.json', 'edited-message.json'])}`) as Record<string, Json>;
      body.update_id = 1_000_000 + i * 7919 + rng.int(7919);
      for (const k of ['message', 'edited_message']) {
        const m = body[k] as Record<string, Json> | undefined;
        if (m && typeof m === 'object') {
          m.date = Math.floor(Date.now() / 1000);
          if (k === 'edited_message') m.edit_date = Math.floor(Date.now() / 1000);
        }
      }
      return body;
    }
    case 'kakao': {
      const body = read(`kakao/${rng.pick(['skill-request-ko.json', 'skill-request-callback.json'])}`) as { userRequest: { utterance: string; user: { id: string } } };
      body.userRequest.user.id = `${uniq}`.padEnd(64, '0');
      body.userRequest.utterance = `${body.userRequest.utterance} ${i}`;
      return body;
    }
    case 'webchat':
      return read(`webchat/${rng.pick(['message-en.json', 'message-ko.json'])}`);
  }
}

/** Generates case `i` of a run for `webhook`. */
export function fuzzCase(webhook: Webhook, i: number, rng: Rng, serviceUrl: string): FuzzCase {
  let payload = basePayload(webhook, i, rng, serviceUrl);
  const mutations: string[] = [];
  const roll = rng.next();
  let contentType: string | undefined = 'application/json';
  let contentEncoding: string | undefined;
  if (roll < 0.06) {
    mutations.push('unchanged');
  } else {
    for (let m = 1 + rng.int(3); m > 0; m--) payload = mutateOnce(payload, rng);
    mutations.push('structural');
  }
  let text = JSON.stringify(payload) ?? 'null';
  if (roll >= 0.8 && roll < 0.9) {
    // Broken JSON.
    const kind = rng.int(8);
    mutations.push(`json-${kind}`);
    if (kind === 0) text = text.slice(0, rng.int(text.length));
    else if (kind === 1) text = `${text}}garbage`;
    else if (kind === 2) text = '';
    else if (kind === 3) text = text.replace(/"/g, "'");
    else if (kind === 4) text = `${'['.repeat(100000)}`;
    else if (kind === 5) text = `{"a":${'['.repeat(5000)}1${']'.repeat(5000)}}`;
    else if (kind === 6) text = text.replace(/:/, ': NaN, "b":');
    else text = `\ufeff${text}`;
  }
  let body = Buffer.from(text, 'utf8');
  if (roll >= 0.9) {
    // Wrong content type, charset or encoding, or bytes that are not UTF-8.
    const kind = rng.int(7);
    mutations.push(`envelope-${kind}`);
    if (kind === 0) contentType = 'text/plain';
    else if (kind === 1) contentType = 'application/x-www-form-urlencoded';
    else if (kind === 2) contentType = 'application/json; charset=latin1';
    else if (kind === 3) contentType = undefined;
    else if (kind === 4) contentEncoding = rng.pick(['gzip', 'deflate', 'br', 'compress']);
    else if (kind === 5) body = Buffer.concat([body.subarray(0, Math.max(0, body.length - 2)), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), body.subarray(Math.max(0, body.length - 2))]);
    else contentType = 'multipart/form-data; boundary=x';
  }
  return {
    mutations,
    body,
    contentType,
    ...(contentEncoding ? { contentEncoding } : {}),
    ...(webhook === 'webchat' ? { route: rng.chance(0.15) ? ('join' as const) : ('messages' as const) } : {}),
  };
}

/** Secrets of the fuzz server's channels. */
export const FUZZ_SECRETS = {
  lineSecret: 'fuzz-line-channel-secret',
  lineToken: 'fuzz-line-access-token',
  telegramToken: '7012345678:AAFuzzTestToken_abcdefghijklmnopqrs',
  telegramSecret: 'fuzz-telegram-secret',
  kakaoSecret: 'fuzz-kakao-skill-secret',
} as const;

/** The real server with every channel on, against local fakes. */
export interface FuzzServer {
  url: string;
  container: Container;
  server: RunningServer;
  sink: ReplySink;
  /** Log lines at warn level and above. */
  logLines: Record<string, unknown>[];
  stop(): Promise<void>;
}

/** Boots the real server on loopback (PGlite in memory unless `databaseUrl`). */
export async function bootFuzzServer(options: { databaseUrl?: string; env?: Record<string, string> } = {}): Promise<FuzzServer> {
  const line = await new FakeLineApi(FUZZ_SECRETS.lineToken).start();
  const telegram = await new FakeTelegramApi(FUZZ_SECRETS.telegramToken).start();
  const sink = await startReplySink();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-fuzz-'));
  const { log, lines } = capturingLogger('warn');
  const config = loadConfig(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      DATABASE_URL: options.databaseUrl ?? '',
      LLM_ENABLED: 'false',
      OLLAMA_BASE_URL: 'http://127.0.0.1:1',
      TYPING_DELAY_MS: '0',
      BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true',
      LINE_CHANNEL_SECRET: FUZZ_SECRETS.lineSecret,
      LINE_CHANNEL_ACCESS_TOKEN: FUZZ_SECRETS.lineToken,
      LINE_API_BASE_URL: line.url,
      TELEGRAM_BOT_TOKEN: FUZZ_SECRETS.telegramToken,
      TELEGRAM_WEBHOOK_SECRET: FUZZ_SECRETS.telegramSecret,
      TELEGRAM_API_BASE_URL: telegram.url,
      KAKAO_SKILL_SECRET: FUZZ_SECRETS.kakaoSecret,
      // The fuzzer is one client: per-address limits would answer 429 before the body is read.
      RATE_LIMIT_PER_IP_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_RESIDENT_PER_MINUTE: '100000',
      ...options.env,
    },
    null,
  );
  const container = await buildContainer(config, log, { inMemoryDatabase: !options.databaseUrl });
  const server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 5000, onShutdown: [container.shutdown] });
  return {
    url: server.url,
    container,
    server,
    sink,
    logLines: lines,
    async stop() {
      await server.stop();
      await sink.close();
      await line.stop();
      await telegram.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The answers of one webhook's run. */
export interface FuzzResult {
  webhook: Webhook;
  sent: number;
  /** Responses by status ("error" when the request itself failed, e.g. the connection was reset). */
  byStatus: Record<string, number>;
  /**
   * The longest the client spent making one case (a body of megabytes of deep nesting takes
   * seconds): the client shares the server's event loop, so its stalls are the server's too.
   */
  slowestCaseMs: number;
  /** The first few cases answered 5xx or not answered, to reproduce them. */
  failures: { index: number; status: string; detail?: string; mutations: string[]; bodyStart: string }[];
}

/** Sends `n` cases to one webhook, `concurrency` at a time; case `i` uses seed `seed + i`. */
export async function fuzzWebhook(baseUrl: string, webhook: Webhook, n: number, options: { seed: number; concurrency?: number; serviceUrl: string }): Promise<FuzzResult> {
  const result: FuzzResult = { webhook, sent: 0, byStatus: {}, slowestCaseMs: 0, failures: [] };
  let webchat: { id: string; token: string; used: number } | undefined;
  const conversation = async () => {
    // A new conversation every 25 cases, like many residents.
    if (!webchat || webchat.used++ >= 25) {
      const res = await fetch(`${baseUrl}/webchat/api/conversations`, { method: 'POST' });
      const body = (await res.json()) as { conversationId: string; token: string };
      webchat = { id: body.conversationId, token: body.token, used: 1 };
    }
    return webchat;
  };
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const made = performance.now();
      const c = fuzzCase(webhook, i, new Rng(options.seed + i * 2654435761), options.serviceUrl);
      result.slowestCaseMs = Math.max(result.slowestCaseMs, Math.round(performance.now() - made));
      const headers: Record<string, string> = {};
      if (c.contentType) headers['content-type'] = c.contentType;
      if (c.contentEncoding) headers['content-encoding'] = c.contentEncoding;
      let url = `${baseUrl}${webhook === 'botframework' ? '/api/messages' : `/webhooks/${webhook}`}`;
      if (webhook === 'line') headers['x-line-signature'] = signLineBody(c.body, FUZZ_SECRETS.lineSecret);
      if (webhook === 'telegram') headers['x-telegram-bot-api-secret-token'] = FUZZ_SECRETS.telegramSecret;
      if (webhook === 'kakao') headers['x-skill-secret'] = FUZZ_SECRETS.kakaoSecret;
      if (webhook === 'webchat') {
        const conv = await conversation();
        url = `${baseUrl}/webchat/api/conversations/${conv.id}/${c.route ?? 'messages'}`;
        headers.authorization = `Bearer ${conv.token}`;
      }
      let status: string;
      let detail: string | undefined;
      try {
        // Sent once: a reset connection, a socket found closed or a hang is the server's to explain.
        const res = await fetch(url, { method: 'POST', headers, body: new Uint8Array(c.body), signal: AbortSignal.timeout(30000) });
        await res.arrayBuffer();
        status = String(res.status);
      } catch (err) {
        // Not answered: a crash, a reset connection or a hang past 30 s.
        status = 'error';
        const code = (err as { cause?: { code?: unknown } }).cause?.code;
        detail = typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown';
      }
      result.sent++;
      result.byStatus[status] = (result.byStatus[status] ?? 0) + 1;
      if ((status === 'error' || status.startsWith('5')) && result.failures.length < 10) {
        result.failures.push({ index: i, status, ...(detail ? { detail } : {}), mutations: c.mutations, bodyStart: c.body.subarray(0, 300).toString('utf8') });
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, () => worker()));
  return result;
}

/** The webhook inbox by platform and status (`webhook_events`: LINE and Telegram events, Kakao replay keys). */
export async function inboxSummary(fuzz: FuzzServer): Promise<Record<string, Record<string, number>>> {
  const { rows } = await fuzz.container.db.query<{ platform: string; status: string; n: number }>('SELECT platform, status, count(*)::int AS n FROM webhook_events GROUP BY platform, status ORDER BY platform, status');
  const out: Record<string, Record<string, number>> = {};
  for (const r of rows) (out[r.platform] ??= {})[r.status] = r.n;
  return out;
}

/**
 * Waits (up to `timeoutMs`) until no acknowledged event waits in the inbox or is being processed,
 * and returns the summary: every acknowledged event must end `done`, never `failed` or left over.
 */
export async function settledInbox(fuzz: FuzzServer, timeoutMs = 60000): Promise<Record<string, Record<string, number>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const summary = await inboxSummary(fuzz);
    const unfinished = Object.values(summary).some((byStatus) => (byStatus.pending ?? 0) + (byStatus.processing ?? 0) > 0);
    if (!unfinished || Date.now() > deadline) return summary;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Acknowledged events that did not end `done` (failed, or still waiting) in an inbox summary. */
export function unfinishedEvents(summary: Record<string, Record<string, number>>): number {
  return Object.values(summary).reduce((sum, byStatus) => sum + Object.entries(byStatus).filter(([status]) => status !== 'done').reduce((n, [, count]) => n + count, 0), 0);
}

/** Error-level log lines (pino level 50 and above) among `lines`. */
export function errorLines(lines: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return lines.filter((l) => Number(l.level) >= 50);
}

/** Count of 5xx answers and failed requests in a result. */
export function serverErrors(result: FuzzResult): number {
  return Object.entries(result.byStatus)
    .filter(([status]) => status === 'error' || status.startsWith('5'))
    .reduce((sum, [, count]) => sum + count, 0);
}
