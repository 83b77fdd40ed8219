/**
 * The webhook inbox and replay protection against the real server (`madoguchi serve` in a child
 * process, embedded PGlite on disk, LINE, Telegram and Kakao configured against local fakes):
 * a Telegram update acknowledged with 200 whose processing is cut by SIGKILL is processed exactly
 * once after a restart on the same data, and a redelivery of it afterwards is recognised; stale
 * LINE and Telegram events are not processed; a LINE event without webhookEventId and a Kakao
 * request are processed once however often they are replayed. The same on PostgreSQL, where the
 * restarted server takes the killed one's update over after the claim's lease.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signLineBody } from '../../adapters/line/line-signature';
import { t } from '../../locales/i18n';
import { FakeLineApi } from '../helpers/fake-line-api';
import { FakeTelegramApi } from '../helpers/fake-telegram-api';
import { LINE_SECRET, LINE_TOKEN, lineUserId, settle, until } from './integration-helpers';
import { createThrowawayPostgres, requirePostgres, type ThrowawayPostgres } from '../helpers/test-databases';

const ROOT = path.resolve(__dirname, '..', '..');
const BOT_TOKEN = '7012345678:AAInboxTestToken_abcdefghijklmnopq';
const TG_SECRET = 'inbox-test-secret';
const KAKAO_SECRET = 'inbox-test-kakao-skill-secret';
const DAY_MS = 24 * 3600 * 1000;

/** A spawned server and its output (JSON log lines). */
interface Server {
  child: ChildProcess;
  url: string;
  output: string[];
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', "require('./bot/cli').main(['node', 'madoguchi', 'serve'])"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  const pidFile = path.join(env.DATA_DIR ?? '', 'madoguchi.pid');
  let port = 0;
  // The pid file of a killed server stays behind: wait for this child's, with the bound port.
  await until(
    () => {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${output.join('')}`);
      try {
        const info = JSON.parse(fs.readFileSync(pidFile, 'utf8')) as { pid: number; port: number };
        port = info.pid === child.pid ? info.port : 0;
      } catch {
        port = 0;
      }
      return port > 0;
    },
    'the server to listen',
    90000,
  );
  return { child, url: `http://127.0.0.1:${port}`, output };
}

async function stop(server: Server | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill(signal);
  await exited;
}

function telegramUpdate(chatId: number, text: string, sentAtMs = Date.now()): { update_id: number; message: Record<string, unknown> } {
  return {
    update_id: randomInt(1, 2 ** 31),
    message: { message_id: randomInt(1, 1e6), date: Math.floor(sentAtMs / 1000), chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'R', language_code: 'en' }, text },
  };
}

async function postTelegram(url: string, update: unknown): Promise<number> {
  const res = await fetch(`${url}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET }, body: JSON.stringify(update) });
  await res.arrayBuffer();
  return res.status;
}

/** A signed LINE webhook with one text event and no webhookEventId (as older webhooks send). */
function lineEventWithoutId(userId: string, text: string, timestamp: number): { raw: string; signature: string } {
  const raw = JSON.stringify({
    destination: 'U0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    events: [{ type: 'message', message: { type: 'text', id: String(randomInt(1, 2 ** 47)), text }, timestamp, source: { type: 'user', userId }, replyToken: randomBytes(16).toString('hex'), mode: 'active' }],
  });
  return { raw, signature: signLineBody(raw, LINE_SECRET) };
}

async function postLineRaw(url: string, hook: { raw: string; signature: string }): Promise<number> {
  const res = await fetch(`${url}/webhooks/line`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': hook.signature }, body: hook.raw });
  await res.arrayBuffer();
  return res.status;
}

/**
 * Acknowledges a Telegram update while its answer hangs, kills the server with SIGKILL, restarts it
 * on the same data and checks the update is answered exactly once, and that a redelivery afterwards
 * changes nothing. `track` receives each server started (so the suite can stop the last one).
 */
async function killAndRestartAroundAnUpdate(telegram: FakeTelegramApi, env: Record<string, string>, track: (s: Server) => void): Promise<void> {
  const sentTexts = (chatId: number): string[] =>
    telegram.method('sendMessage').filter((b) => String(b.chat_id) === String(chatId)).map((b) => String(b.text));
  let server = await startServer(env);
  track(server);
  const chatId = randomInt(1e8, 2e9);
  const update = telegramUpdate(chatId, 'What are the office hours of the city hall?');
  // The Telegram API hangs: the turn is cut in the middle of processing.
  telegram.stallAll = true;
  assert.equal(await postTelegram(server.url, update), 200);
  await until(() => telegram.stalled.length > 0, 'the turn to call the Telegram API', 30000);
  await stop(server, 'SIGKILL');
  assert.deepEqual(sentTexts(chatId), [], 'nothing was delivered before the crash');
  telegram.stallAll = false;

  server = await startServer(env);
  track(server);
  // A first message gets the privacy notice, then the answer (with its sources).
  await until(() => sentTexts(chatId).some((text) => text.includes('Sources')), 'the resumed update to be answered', 120000);
  await settle(2000);
  const texts = sentTexts(chatId);
  assert.equal(new Set(texts).size, texts.length, `no message sent twice: ${JSON.stringify(texts)}`);
  // Telegram redelivers it (it did not see our answer in time, say): recognised, not answered again.
  assert.equal(await postTelegram(server.url, update), 200);
  await settle(1500);
  assert.deepEqual(sentTexts(chatId), texts);
}

/** What the replay tests need of their suite: the fakes, the server's settings and the running server. */
interface ReplaySuite {
  telegram: FakeTelegramApi;
  line: FakeLineApi;
  env: Record<string, string>;
}

/**
 * Replay protection through the real server: stale LINE and Telegram events are not processed, a
 * LINE event without webhookEventId and a Kakao request are processed once however often they are
 * replayed. Run on the embedded database and on PostgreSQL (the inbox is a table on both).
 */
function replayTests(suite: () => ReplaySuite, current: () => Server | undefined, started: (s: Server) => void): void {
  const running = async (): Promise<Server> => {
    const server = current() ?? (await startServer(suite().env));
    started(server);
    return server;
  };
  const sentTexts = (chatId: number): string[] =>
    suite().telegram.method('sendMessage').filter((b) => String(b.chat_id) === String(chatId)).map((b) => String(b.text));
  /** LINE API calls made for a hook's event: replies with its token, pushes and loading animations to its user. */
  const lineCallsFor = (hook: { raw: string }): number => {
    const event = (JSON.parse(hook.raw) as { events: { replyToken: string; source: { userId: string } }[] }).events[0];
    return suite().line.requests.filter((r) => {
      const body = r.body as { replyToken?: string; to?: string; chatId?: string } | undefined;
      return body?.replyToken === event?.replyToken || body?.to === event?.source.userId || body?.chatId === event?.source.userId;
    }).length;
  };

  it('when a month-old Telegram update arrives, then it is acknowledged but not processed; a fresh one is', async () => {
    const server = await running();
    const chatId = randomInt(1e8, 2e9);
    assert.equal(await postTelegram(server.url, telegramUpdate(chatId, 'What are the office hours?', Date.now() - 30 * DAY_MS)), 200);
    await settle(1500);
    assert.deepEqual(sentTexts(chatId), []);
    assert.equal(await postTelegram(server.url, telegramUpdate(chatId, 'What are the office hours?')), 200);
    await until(() => sentTexts(chatId).length > 0, 'the fresh update to be answered', 20000);
  });

  it('when a signed LINE event without webhookEventId is 30 days old, then it is not processed; a fresh one replayed three times is processed once', async () => {
    const server = await running();
    const stale = lineEventWithoutId(lineUserId(), '保育所の申込みはいつまで？', Date.now() - 30 * DAY_MS);
    assert.equal(await postLineRaw(server.url, stale), 200);
    const fresh = lineUserId();
    const hook = lineEventWithoutId(fresh, '保育所の申込みはいつまで？', Date.now());
    for (let i = 0; i < 3; i++) assert.equal(await postLineRaw(server.url, hook), 200);
    // Each reply token is single use: count the turns by the replies made with this event's token.
    const token = (JSON.parse(hook.raw) as { events: { replyToken: string }[] }).events[0]?.replyToken;
    const replies = (): number => suite().line.calls('/v2/bot/message/reply').filter((r) => (r.body as { replyToken?: string }).replyToken === token).length;
    await until(() => replies() > 0, 'the fresh LINE event to be answered', 20000);
    await settle(1500);
    assert.equal(replies(), 1);
    assert.equal(suite().line.calls('/v2/bot/message/push').filter((r) => (r.body as { to?: string }).to === fresh).length, 0, 'no second turn answered by push');
    assert.equal(lineCallsFor(stale), 0, 'the stale event started no turn');
  });

  it('when a Kakao skill request is replayed, then the bot answers it once and the replays are told it was already answered', async () => {
    const server = await running();
    const body = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/kakao/skill-request-ko.json'), 'utf8')) as { userRequest: { user: { id: string; properties: Record<string, unknown> } } };
    const userId = randomBytes(32).toString('hex');
    body.userRequest.user.id = userId;
    body.userRequest.user.properties.botUserKey = userId;
    const post = async (): Promise<string> => {
      const res = await fetch(`${server.url}/webhooks/kakao`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-skill-secret': KAKAO_SECRET }, body: JSON.stringify(body) });
      assert.equal(res.status, 200);
      const json = (await res.json()) as { template: { outputs: { simpleText?: { text: string } }[] } };
      return json.template.outputs.map((o) => o.simpleText?.text ?? '').join('\n');
    };
    const first = await post();
    assert.notEqual(first, t('ko', 'channels.kakao.alreadyAnswered'));
    await settle(500);
    for (let i = 0; i < 2; i++) assert.equal(await post(), t('ko', 'channels.kakao.alreadyAnswered'));
  });
}

describe('the webhook inbox and replay protection (real server, PGlite on disk)', function () {
  this.timeout(240000);
  let telegram: FakeTelegramApi;
  let line: FakeLineApi;
  let env: Record<string, string>;
  let server: Server | undefined;

  before(async () => {
    telegram = await new FakeTelegramApi(BOT_TOKEN).start();
    line = await new FakeLineApi(LINE_TOKEN).start();
    env = {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-inbox-')),
      DATABASE_URL: '',
      LLM_ENABLED: 'false',
      TYPING_DELAY_MS: '0',
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      TELEGRAM_API_BASE_URL: telegram.url,
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
      LINE_API_BASE_URL: line.url,
      KAKAO_SKILL_SECRET: KAKAO_SECRET,
      WEBHOOK_MAX_AGE_SECONDS: '600',
    };
  });
  after(async () => {
    await stop(server, 'SIGTERM');
    await telegram?.stop();
    await line?.stop();
    if (env?.DATA_DIR) fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
  });

  it('when the server is killed with SIGKILL after acknowledging a Telegram update, then after a restart on the same data it is processed exactly once, and a redelivery is ignored', async () => {
    await killAndRestartAroundAnUpdate(telegram, env, (s) => (server = s));
    assert.match(server!.output.join(''), /webhook event resumed after an unfinished attempt/);
  });

  replayTests(() => ({ telegram, line, env }), () => server, (s) => (server = s));
});

describe('the webhook inbox and replay protection on PostgreSQL (real server)', function () {
  this.timeout(240000);
  let telegram: FakeTelegramApi;
  let line: FakeLineApi;
  let pg: ThrowawayPostgres | undefined;
  let env: Record<string, string>;
  let server: Server | undefined;

  before(async function () {
    await requirePostgres(this);
    pg = await createThrowawayPostgres();
    telegram = await new FakeTelegramApi(BOT_TOKEN).start();
    line = await new FakeLineApi(LINE_TOKEN).start();
    env = {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-inbox-pg-')),
      DATABASE_URL: pg.url,
      LLM_ENABLED: 'false',
      TYPING_DELAY_MS: '0',
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      TELEGRAM_API_BASE_URL: telegram.url,
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
      LINE_API_BASE_URL: line.url,
      KAKAO_SKILL_SECRET: KAKAO_SECRET,
      WEBHOOK_MAX_AGE_SECONDS: '600',
      // Another instance's claim is taken over after this: the restarted server is "another instance".
      WEBHOOK_INBOX_LEASE_SECONDS: '3',
    };
  });
  after(async () => {
    await stop(server, 'SIGTERM');
    await telegram?.stop();
    await line?.stop();
    if (env?.DATA_DIR) fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
    await pg?.drop();
  });

  it('when the server is killed with SIGKILL after acknowledging a Telegram update, then a restarted server takes it over after the lease and answers it exactly once', async () => {
    await killAndRestartAroundAnUpdate(telegram, env, (s) => (server = s));
  });

  replayTests(() => ({ telegram, line, env }), () => server, (s) => (server = s));
});
