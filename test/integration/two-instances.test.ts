/**
 * Two `madoguchi serve` processes on one fresh PostgreSQL database, as behind a load balancer:
 * live officer events cross instances (LISTEN/NOTIFY), an officer reply sent through the other
 * instance still reaches the resident, a KB re-import through one instance is served by the other,
 * and a LINE webhook delivered to both is processed once.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addOfficer } from '../../bot/commands/officer-command';
import { openDatabase } from '../../storage/open-database';
import type { Database } from '../../storage/database';
import { t } from '../../locales/i18n';
import { FakeLineApi } from '../helpers/fake-line-api';
import { emulatorActivity, startReplySink, type ReplySink } from '../helpers/reply-sink';
import { createThrowawayPostgres, requirePostgres, type ThrowawayPostgres } from '../helpers/test-databases';
import { LINE_SECRET, LINE_TOKEN, NURSERY_DEADLINE, NURSERY_DOC, api, lineTextWebhook, lineUserId, officeOpenNowEnv, officerToken, postLine, settle, until, writeKb } from './integration-helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const PASSWORD = 'correct horse battery staple';

/** One spawned server process. */
interface Instance {
  name: string;
  child: ChildProcess;
  url: string;
  dataDir: string;
  output: string[];
}

async function spawnInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `madoguchi-${name}-`));
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', "require('./bot/cli').main(['node', 'madoguchi', 'serve'])"], {
    cwd: ROOT,
    env: { ...process.env, ...env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  const pidFile = path.join(dataDir, 'madoguchi.pid');
  // serve writes the pid file with the bound port once it listens.
  await until(() => {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${output.join('')}`);
    return fs.existsSync(pidFile) && fs.statSync(pidFile).size > 0;
  }, `${name} to listen`, 45000);
  const { port } = JSON.parse(fs.readFileSync(pidFile, 'utf8')) as { port: number };
  return { name, child, url: `http://127.0.0.1:${port}`, dataDir, output };
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => instance.child.once('exit', () => resolve()));
  instance.child.kill('SIGTERM');
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), 8000);
  await exited;
  clearTimeout(timer);
  fs.rmSync(instance.dataDir, { recursive: true, force: true });
}

/** An open `text/event-stream` with the events received so far. */
interface EventStream {
  events: { event: string; data: Record<string, unknown> }[];
  close(): void;
}

async function openEvents(url: string, token: string): Promise<EventStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: abort.signal });
  assert.equal(res.status, 200);
  const events: EventStream['events'] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  await until(() => events.some((e) => e.event === 'ready'), 'the event stream to open');
  return { events, close: () => abort.abort() };
}

const activity = emulatorActivity;

describe('two server processes on one PostgreSQL', function () {
  this.timeout(90000);
  let pg: ThrowawayPostgres | undefined;
  let db: Database | undefined;
  let sink: ReplySink;
  let fake: FakeLineApi;
  let kbDir: string;
  let a: Instance | undefined;
  let b: Instance | undefined;

  const messagesTo = (conversationId: string) => sink.received.filter((r) => r.activity.type === 'message' && r.path.includes(`/v3/conversations/${conversationId}/`)).map((r) => r.activity.text ?? '');
  async function say(instance: Instance, conversationId: string, text: string): Promise<void> {
    const res = await fetch(`${instance.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity(sink, conversationId, text)) });
    await res.arrayBuffer();
    assert.equal(res.status, 200);
  }

  before(async function () {
    await requirePostgres(this);
    pg = await createThrowawayPostgres();
    sink = await startReplySink();
    fake = await new FakeLineApi(LINE_TOKEN).start();
    kbDir = writeKb();
    const env = {
      DATABASE_URL: pg.url,
      LLM_ENABLED: 'false',
      OLLAMA_BASE_URL: 'http://127.0.0.1:1',
      LOG_LEVEL: 'warn',
      KB_DIR: kbDir,
      DEFAULT_LANGUAGE: 'en',
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
      LINE_API_BASE_URL: fake.url,
      SESSION_SECRET: '',
      BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true',
      ...officeOpenNowEnv(),
    };
    // Started together, as a deployment would: migrations and the start-up import must not collide.
    [a, b] = await Promise.all([spawnInstance('a', env), spawnInstance('b', env)]);
    db = await openDatabase({ databaseUrl: pg.url, dataDir: '' });
  });
  after(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    await db?.close();
    await sink?.close();
    await fake?.stop();
    if (kbDir) fs.rmSync(kbDir, { recursive: true, force: true });
    await pg?.drop();
  });
  afterEach(function () {
    // The servers' own logs explain most failures.
    if (this.currentTest?.state === 'failed') for (const i of [a, b]) if (i) console.error(`--- ${i.name} output ---\n${i.output.join('').slice(-4000)}`);
  });

  it('when a resident writes to A, then an officer connected to B sees the hand-off live, and a reply sent through B reaches the resident', async () => {
    await addOfficer(db!, { email: 'b-officer@city.example', name: 'Park', role: 'officer' }, async () => PASSWORD, 4);
    const token = await officerToken(b!.url, 'b-officer@city.example', PASSWORD);
    // No SESSION_SECRET: the key generated once in the database is the same on both (issue 23, item 6).
    assert.equal((await api(a!.url, 'GET', '/api/officer/me', token)).status, 200, 'a session opened on B is valid on A');
    const stream = await openEvents(`${b!.url}/api/officer/events`, token);
    try {
      const conversation = 'cross-instance-1';
      await say(a!, conversation, 'I want to talk to a person');
      await until(() => messagesTo(conversation).includes(t('en', 'core.handoff.queuedWithinHours', { position: 1, minutes: 8 })), 'the queue position from A');
      await until(() => stream.events.some((e) => e.event === 'handoff.created'), 'handoff.created on B');
      const id = String(stream.events.find((e) => e.event === 'handoff.created')!.data.handoffId);
      const queued = await api<{ handoffs: { id: string; conversationId: string }[] }>(b!.url, 'GET', '/api/officer/handoffs?status=queued', token);
      assert.deepEqual(queued.body.handoffs.map((h) => [h.id, h.conversationId]), [[id, conversation]]);

      assert.equal((await api(b!.url, 'POST', `/api/officer/handoffs/${id}/claim`, token)).status, 200);
      const reply = 'Hello, this is Park from the welfare office (via instance B).';
      const sent = await api<{ message: { delivery: string } }>(b!.url, 'POST', `/api/officer/handoffs/${id}/messages`, token, { text: reply });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      assert.equal(sent.body.message.delivery, 'sent');
      await until(() => messagesTo(conversation).includes(reply), 'the officer reply at the resident');

      // The resident answers through A; the officer on B sees it live and the bot stays silent.
      const before = messagesTo(conversation).length;
      const seen = stream.events.filter((e) => e.event === 'handoff.message').length;
      await say(a!, conversation, 'Thanks, I will wait for the form.');
      await until(() => stream.events.filter((e) => e.event === 'handoff.message' && e.data.author === 'resident').length > 0 && stream.events.filter((e) => e.event === 'handoff.message').length > seen, 'the resident message on B');
      await settle(300);
      assert.deepEqual(messagesTo(conversation).slice(before), []);
    } finally {
      stream.close();
    }
  });

  it("when a resident's first two messages reach A and B at once, then the privacy notice is shown once", async () => {
    const conversationId = `notice-race-${Date.now()}`;
    await Promise.all([say(a!, conversationId, 'When is bulky waste collected?'), say(b!, conversationId, 'And how much does it cost?')]);
    const deadline = Date.now() + 20000;
    // Both turns answer (two answers, or an answer and a not-sure reply); wait for them.
    while (messagesTo(conversationId).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    const notices = messagesTo(conversationId).filter((m) => m.includes('Privacy notice'));
    assert.equal(notices.length, 1, JSON.stringify(messagesTo(conversationId)));
    const { rows } = await db!.query<{ n: string }>('SELECT count(*)::text AS n FROM privacy_notices WHERE conversation_id = $1', [conversationId]);
    assert.equal(rows[0].n, '1');
  });

  it('when a new document is imported through A, then B answers from it', async () => {
    const question = '保育所の申込みはいつまで？';
    const answerOf = async (conversation: string): Promise<string> => {
      await say(b!, conversation, question);
      await until(() => messagesTo(conversation).length >= 2, `B's answer in ${conversation}`);
      return messagesTo(conversation).slice(1).join('\n');
    };
    assert.ok(!(await answerOf('kb-before')).includes(NURSERY_DEADLINE), 'B must not know the deadline before the import');

    fs.writeFileSync(path.join(kbDir, 'sakuradai-nursery-admission.md'), NURSERY_DOC);
    const res = await fetch(`${a!.url}/admin/kb/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dir: kbDir }) });
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { phase: string; summary?: { version: number; added: string[] } });
    const done = lines.at(-1)!;
    assert.equal(done.phase, 'done', JSON.stringify(done));
    assert.deepEqual(done.summary?.added, ['sakuradai-nursery-admission']);

    // B learns of the new version by NOTIFY (its poll is 30 s, longer than this wait).
    await until(async () => (await api<{ knowledgeBase: { version: number } }>(b!.url, 'GET', '/readyz')).body.knowledgeBase.version === done.summary!.version, 'B to load the new KB version', 10000);
    const after = await answerOf('kb-after');
    assert.ok(after.includes(NURSERY_DEADLINE), `expected the deadline from B, got: ${after}`);
  });

  it('when LINE delivers the same webhook event to A and to B, then it is processed once', async () => {
    const resident = lineUserId();
    const hook = lineTextWebhook(resident, 'こんにちは');
    const statuses = await Promise.all([postLine(a!.url, hook), postLine(b!.url, hook)]);
    assert.deepEqual(statuses, [200, 200]);
    await fake.waitFor((r) => (r.body as { replyToken?: string } | undefined)?.replyToken === hook.replyToken, 10000);
    await settle(1000);
    const replies = fake.calls('/v2/bot/message/reply').filter((r) => (r.body as { replyToken?: string }).replyToken === hook.replyToken);
    const pushes = fake.calls('/v2/bot/message/push').filter((r) => (r.body as { to?: string }).to === resident);
    assert.equal(replies.length, 1, 'one reply');
    assert.equal(pushes.length, 0, 'no second answer by push');
    const stored = await db!.query<{ n: string }>("SELECT count(*)::text AS n FROM transcript WHERE conversation_id = $1 AND direction = 'in'", [resident]);
    assert.equal(stored.rows[0]?.n, '1', 'the message is stored once');

    // A different event from the same resident is processed again (the de-duplication is per event).
    const next = lineTextWebhook(resident, 'こんにちは');
    assert.equal(await postLine(b!.url, next), 200);
    await fake.waitFor((r) => (r.body as { replyToken?: string } | undefined)?.replyToken === next.replyToken, 10000);
  });
});
