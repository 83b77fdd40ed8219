/**
 * Issue 23 (items 1 and 10) through the real container and Express server, on the embedded
 * database and on PostgreSQL: /api/messages closed by default, malformed activities refused with
 * 400, hand-off creation limited per conversation and per client (a crisis never refused), and
 * one privacy notice for two simultaneous first messages.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { emulatorActivity, startReplySink, type ReplySink } from '../helpers/reply-sink';
import { capturingLogger } from '../helpers/capturing-logger';
import { createThrowawayPostgres, requirePostgres, type ThrowawayPostgres } from '../helpers/test-databases';
import { t } from '../../locales/i18n';

const silent = pino({ level: 'silent' });

async function boot(env: Record<string, string>, log = silent): Promise<{ container: Container; server: RunningServer }> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', OLLAMA_BASE_URL: 'http://127.0.0.1:1', LOG_LEVEL: 'info', DEFAULT_LANGUAGE: 'en', ...env }, null);
  const container = await buildContainer(config, log, { skipKbImport: true });
  const server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, beginShutdown: container.beginShutdown, onShutdown: [container.shutdown] });
  return { container, server };
}

async function postActivity(server: RunningServer, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
}

async function until(cond: () => Promise<boolean> | boolean, timeoutMs = 10000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const driver of ['pglite', 'postgres'] as const) {
  describe(`/api/messages and hand-off hardening on ${driver}`, function () {
    this.timeout(60000);
    let pg: ThrowawayPostgres | null = null;
    let sink: ReplySink;
    const envFor = (extra: Record<string, string> = {}) => ({
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-hardening-')),
      DATABASE_URL: pg?.url ?? '',
      ...extra,
    });

    before(async function () {
      if (driver === 'postgres') {
        await requirePostgres(this);
        pg = await createThrowawayPostgres();
      }
      sink = await startReplySink();
    });
    after(async () => {
      await sink?.close();
      await pg?.drop();
    });

    describe('without MicrosoftAppId and without the development switch (the default)', () => {
      let running: { container: Container; server: RunningServer } | null = null;
      let lines: Record<string, unknown>[] = [];
      before(async () => {
        const captured = capturingLogger();
        lines = captured.lines;
        running = await boot(envFor(), captured.log);
      });
      after(async () => {
        await running?.server.stop();
      });

      it('when an anonymous activity is posted, then 401 with a JSON error, no reply is sent, and the start-up log says how to enable development mode', async () => {
        const before = sink.received.length;
        const { status, json } = await postActivity(running!.server, emulatorActivity(sink, `closed-${driver}`, 'hello'));
        assert.equal(status, 401);
        assert.match((json as { error: string }).error, /BOTFRAMEWORK_ALLOW_ANONYMOUS=true/);
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(sink.received.length, before);
        assert.ok(
          lines.some((l) => typeof l.msg === 'string' && l.msg.includes('/api/messages is closed') && l.msg.includes('BOTFRAMEWORK_ALLOW_ANONYMOUS=true')),
          'start-up log line',
        );
      });
    });

    describe('in anonymous development mode, from loopback', () => {
      let running: { container: Container; server: RunningServer } | null = null;
      before(async () => {
        running = await boot(envFor({ BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true', HANDOFF_LIMIT_PER_CONVERSATION_PER_HOUR: '1', HANDOFF_LIMIT_PER_CLIENT_PER_HOUR: '3' }));
      });
      after(async () => {
        await running?.server.stop();
      });
      const handoffs = async (where: string, params: unknown[]) =>
        (await running!.container.db.query<{ priority: string; status: string }>(`SELECT priority, status FROM handoffs WHERE ${where} ORDER BY created_at`, params)).rows;

      it('when activity fields have the wrong types, or an id holds a control character, a lone surrogate or 20,000 characters, then 400 with a JSON error (never 500 or a turn failing behind a 200) and the server keeps answering', async () => {
        const good = emulatorActivity(sink, `malformed-${driver}`, 'hello');
        for (const body of [
          { ...good, text: 42 },
          { ...good, text: ['a'] },
          { ...good, from: 'resident' },
          { ...good, conversation: { id: null } },
          { ...good, locale: 5 },
          { ...good, timestamp: 'not a date' },
          { ...good, channelData: 1 },
          { ...good, entities: 'x' },
          // Identifiers that failed the turn behind a 200: stored keys, reply URL path and header.
          { ...good, conversation: { id: 'A'.repeat(20000) } },
          { ...good, conversation: { id: 'conv\u0000' } },
          { ...good, conversation: { id: '\udfff' } },
          { ...good, id: 'lone \ud83d surrogate' },
          { ...good, replyToId: 'reply\u001b[31m' },
          { ...good, channelId: '\u0000' },
          { ...good, from: { id: 'user\r\nX-Injected: 1' } },
        ]) {
          const { status, json } = await postActivity(running!.server, body);
          assert.equal(status, 400, JSON.stringify(body));
          assert.match((json as { error: string }).error, /Bot Framework Activity/);
        }
        assert.equal((await postActivity(running!.server, good)).status, 200);
      });

      it('when an activity names an untrusted serviceUrl, then 400 and nothing is stored or sent', async () => {
        const conversation = `untrusted-${driver}`;
        const { status } = await postActivity(running!.server, { ...emulatorActivity(sink, conversation, 'I want to talk to a person'), serviceUrl: 'https://attacker.example/hook/' });
        assert.equal(status, 400);
        assert.equal((await handoffs('conversation_id = $1', [conversation])).length, 0);
      });

      it('when a resident sends two first messages at once, then the privacy notice is shown once', async () => {
        const conversation = `twice-${driver}`;
        const notice = t('en', 'core.privacyNotice', { city: t('en', 'core.cityFallback'), days: 90 });
        const [a, b] = await Promise.all([
          postActivity(running!.server, emulatorActivity(sink, conversation, 'hello')),
          postActivity(running!.server, emulatorActivity(sink, conversation, 'hello')),
        ]);
        assert.deepEqual([a.status, b.status], [200, 200]);
        const mine = () => sink.received.filter((r) => r.activity.type === 'message' && r.path.includes(`/conversations/${conversation}/`));
        await until(() => mine().length >= 3);
        await new Promise((r) => setTimeout(r, 200));
        const texts = mine().map((r) => r.activity.text);
        assert.equal(texts.filter((x) => x === notice).length, 1, JSON.stringify(texts));
        assert.equal(texts.filter((x) => x === t('en', 'core.greeting')).length, 2, JSON.stringify(texts));
      });

      it('when a conversation whose hand-off was closed asks for another past the limit, then it is told to wait, yet a crisis still escalates at once', async () => {
        const conversation = `churn-${driver}`;
        // The endpoint answers once the turn is over, so its replies have reached the sink by then.
        const say = async (text: string) => {
          const before = sink.received.length;
          assert.equal((await postActivity(running!.server, emulatorActivity(sink, conversation, text))).status, 200);
          return sink.received.slice(before).filter((r) => r.activity.type === 'message').map((r) => r.activity.text ?? '');
        };
        await say('I want to talk to a person');
        assert.equal((await handoffs('conversation_id = $1', [conversation])).length, 1);
        // The case is closed (as an officer resolving it would); the conversation has no open hand-off.
        await running!.container.db.query("UPDATE handoffs SET status = 'resolved' WHERE conversation_id = $1", [conversation]);
        const refused = await say('I want to talk to a person');
        assert.ok(refused.includes(t('en', 'core.handoff.limited')), JSON.stringify(refused));
        assert.equal((await handoffs('conversation_id = $1', [conversation])).length, 1, 'no second hand-off');
        await say('I want to kill myself tonight');
        await until(async () => (await handoffs('conversation_id = $1 AND priority = $2', [conversation, 'urgent'])).length === 1);
        const rows = await handoffs('conversation_id = $1', [conversation]);
        assert.deepEqual(rows.map((r) => [r.priority, r.status]), [['normal', 'resolved'], ['urgent', 'queued']]);
      });

      it('when one web chat client opens many conversations that each ask for a person, then only the per-client limit of hand-offs is created', async () => {
        const base = `${running!.server.url}/webchat/api/conversations`;
        const conversations: { id: string; token: string }[] = [];
        for (let i = 0; i < 8; i += 1) {
          const created = (await (await fetch(base, { method: 'POST' })).json()) as { conversationId: string; token: string };
          conversations.push({ id: created.conversationId, token: created.token });
        }
        await Promise.all(
          conversations.map(async (c) => {
            const res = await fetch(`${base}/${c.id}/messages`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
              body: JSON.stringify({ text: 'I want to talk to a person' }),
            });
            assert.equal(res.status, 202);
          }),
        );
        const ids = conversations.map((c) => c.id);
        // Each turn is over once the resident's line is in the transcript (written after the turn,
        // also after a refused hand-off, whose reply the /api/messages test above checks).
        const finished = async () =>
          (await running!.container.db.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM transcript WHERE channel_id = 'webchat' AND conversation_id = ANY($1) AND direction = 'in'",
            [ids],
          )).rows[0]?.n ?? 0;
        await until(async () => (await finished()) === 8, 20000);
        const created = await handoffs('channel_id = $1 AND conversation_id = ANY($2)', ['webchat', ids]);
        assert.equal(created.length, 3);
      });
    });
  });
}
