/**
 * The foundation as a new user meets it: the real container, Express server and CloudAdapter on
 * loopback, Emulator-style activities POSTed to /api/messages, replies POSTed to a local serviceUrl.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { emulatorActivity, startReplySink, type ReplySink } from '../helpers/reply-sink';
import { createThrowawayPostgres, requirePostgres, type ThrowawayPostgres } from '../helpers/test-databases';
import { t } from '../../locales/i18n';

const log = pino({ level: 'silent' });

async function boot(env: Record<string, string>): Promise<{ container: Container; server: RunningServer }> {
  // Port 1 on loopback refuses at once: "no Ollama reachable".
  // Emulator-style anonymous activities from loopback: the development switch is on.
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', OLLAMA_BASE_URL: 'http://127.0.0.1:1', LOG_LEVEL: 'silent', BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true', ...env }, null);
  const container = await buildContainer(config, log);
  const server = await startServer(container.app, {
    port: 0,
    host: '127.0.0.1',
    log,
    shutdownTimeoutMs: 2000,
    beginShutdown: container.beginShutdown,
    onShutdown: [container.shutdown],
  });
  return { container, server };
}

const activity = emulatorActivity;

async function post(server: RunningServer, body: unknown): Promise<number> {
  const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

for (const driver of ['pglite', 'postgres'] as const) {
  describe(`the server on ${driver}`, function () {
    this.timeout(60000);
    let sink: ReplySink;
    let pg: ThrowawayPostgres | null = null;
    let env: Record<string, string>;
    let running: { container: Container; server: RunningServer } | null = null;

    before(async function () {
      if (driver === 'postgres') {
        await requirePostgres(this);
        pg = await createThrowawayPostgres();
      }
      sink = await startReplySink();
      env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-server-')), DATABASE_URL: pg?.url ?? '', METRICS_TOKEN: 'scraper-token-0123456789' };
      running = await boot(env);
    });
    after(async () => {
      await running?.server.stop();
      await sink?.close();
      await pg?.drop();
    });

    it('when /healthz and /readyz are asked, then it is alive and ready but degraded without Ollama, and idle connections are kept open longer than a proxy keeps its own (65 s)', async () => {
      const health = await fetch(`${running!.server.url}/healthz`);
      assert.equal(health.status, 200);
      // Node's 5 s default let a proxy (60 s) or a stalled client reuse a connection being closed.
      assert.equal(health.headers.get('keep-alive'), 'timeout=65');
      const ready = (await (await fetch(`${running!.server.url}/readyz`)).json()) as { status: string; database: string; answers: { mode: string } };
      assert.equal(ready.database, 'up');
      assert.equal(ready.status, 'degraded');
      assert.equal(ready.answers.mode, 'extractive');
    });

    for (const [text, lang] of [['안녕하세요', 'ko'], ['こんにちは', 'ja'], ['hello', 'en']] as const) {
      it(`when a resident says "${text}", then the reply reaches the serviceUrl in ${lang}`, async () => {
        const before = sink.received.length;
        const conversation = `greet-${lang}-${driver}`;
        assert.equal(await post(running!.server, activity(sink, conversation, text)), 200);
        const replies = (await sink.waitForMessages(before + 2)).slice(-2);
        assert.equal(replies[0].activity.text, t(lang, 'core.privacyNotice', { city: t(lang, 'core.cityFallback'), days: 90 }));
        assert.equal(replies[1].activity.text, t(lang, 'core.greeting'));
        assert.match(replies[1].path, new RegExp(`/v3/conversations/${conversation}/activities/`));
      });
    }

    it('when a resident asks about a program in the sample knowledge base, then the answer quotes and cites it', async () => {
      const before = sink.received.filter((r) => r.activity.type === 'message').length;
      await post(running!.server, activity(sink, `kb-${driver}`, '기초연금 신청하려면 뭐가 필요해요?'));
      const replies = await sink.waitForMessages(before + 2);
      const answer = replies[replies.length - 1].activity;
      assert.match(answer.text ?? '', /\[1\]/);
      const citations = (answer.channelData as { madoguchi: { citations: { title: string }[] } }).madoguchi.citations;
      assert.ok(citations[0].title.includes('기초연금'), JSON.stringify(citations));
    });

    it('when the server restarts, then the conversation state is still there (no second privacy notice)', async () => {
      const conversation = `restart-${driver}`;
      let before = sink.received.filter((r) => r.activity.type === 'message').length;
      await post(running!.server, activity(sink, conversation, 'hello'));
      await sink.waitForMessages(before + 2);
      await running!.server.stop();
      running = await boot(env);
      before = sink.received.filter((r) => r.activity.type === 'message').length;
      await post(running.server, activity(sink, conversation, 'hello'));
      const replies = await sink.waitForMessages(before + 1);
      await new Promise((r) => setTimeout(r, 200));
      const after = sink.received.filter((r) => r.activity.type === 'message').slice(before);
      assert.equal(after.length, 1, `expected only the greeting, got ${JSON.stringify(after.map((a) => a.activity.text))}`);
      assert.equal(replies[replies.length - 1].activity.text, t('en', 'core.greeting'));
    });

    it('when the body is not an activity or too large, then it answers 4xx and keeps running', async () => {
      const bad = await fetch(`${running!.server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"nope"' });
      assert.equal(bad.status, 400);
      const huge = await fetch(`${running!.server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'x'.repeat(400_000) }),
      });
      assert.equal(huge.status, 413);
      assert.equal((await fetch(`${running!.server.url}/healthz`)).status, 200);
    });

    it('when /metrics is scraped after some turns, then turns by channel and outcome and stage latencies are there', async () => {
      const before = sink.received.filter((r) => r.activity.type === 'message').length;
      await post(running!.server, activity(sink, `metrics-${driver}`, '기초연금 신청하려면 뭐가 필요해요?'));
      await sink.waitForMessages(before + 2);
      const res = await fetch(`${running!.server.url}/metrics`, { headers: { authorization: 'Bearer scraper-token-0123456789' } });
      assert.equal(res.status, 200);
      const body = await res.text();
      assert.match(body, /madoguchi_turns_total\{[^}]*channel="emulator"[^}]*\} [1-9]/);
      assert.match(body, /madoguchi_stage_duration_seconds_count\{[^}]*stage="retrieval"/);
      assert.match(body, /madoguchi_stage_duration_seconds_count\{[^}]*stage="storage"/);
      assert.match(body, /madoguchi_stage_duration_seconds_count\{[^}]*stage="masking"/);
      assert.match(body, /madoguchi_handoffs_waiting \d/);
      assert.doesNotMatch(body, /기초연금|hello/, 'no message text in metrics');
    });

    it('when a channel is not configured, then its endpoint says so with 404', async () => {
      const res = await fetch(`${running!.server.url}/webhooks/line`, { method: 'POST', body: '{}' });
      assert.equal(res.status, 404);
      assert.match(((await res.json()) as { error: string }).error, /LINE_CHANNEL_SECRET/);
    });
  });
}

describe('start-up with a bad configuration', () => {
  it('when PORT=abc, then the command exits non-zero with one line naming PORT', async () => {
    const run = promisify(execFile);
    const root = path.join(__dirname, '..', '..');
    const err = await run(process.execPath, ['-r', 'tsx/cjs', '-e', "require('./bot/cli').main(['node', 'madoguchi', 'serve'])"], {
      cwd: root,
      env: { ...process.env, PORT: 'abc' },
    }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    assert.ok(err, 'expected a non-zero exit');
    assert.notEqual(err.code, 0);
    const lines = err.stderr.trim().split('\n');
    assert.equal(lines.length, 1, err.stderr);
    assert.match(lines[0], /PORT=abc/);
  });
});
