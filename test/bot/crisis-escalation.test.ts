/**
 * Issue 23, item 7, through the real Bot Framework endpoint (container + Express server) on
 * PostgreSQL and on the embedded database, both of which refuse a NUL in text: a crisis message ending in a NUL still gets the hotlines
 * and an urgent hand-off; an urgent hand-off whose storing fails at first is retried (error log,
 * metric) and stored; one that cannot be stored at all raises the alarm (error log, metric, the
 * officers' webhook) while the resident still has the hotline numbers. The office is closed while
 * the suite runs (item 12): the crisis reply puts the hotlines first and says the office is closed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import type { Database } from '../../storage/database';
import { t } from '../../locales/i18n';
import { emulatorActivity, startReplySink, type ReplySink } from '../helpers/reply-sink';
import { capturingLogger } from '../helpers/capturing-logger';
import { createThrowawayPostgres, requirePostgres, type ThrowawayPostgres } from '../helpers/test-databases';
import { officeClosedNowEnv } from '../integration/integration-helpers';

const CRISIS = 'I want to kill myself tonight';

/** A stand-in for the officers' webhook (HANDOFF_NOTIFY_WEBHOOK_URL) that records what it gets. */
async function startWebhook(): Promise<{ url: string; received: Record<string, unknown>[]; close: () => Promise<void> }> {
  const received: Record<string, unknown>[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push(JSON.parse(body || '{}') as Record<string, unknown>);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(cond: () => Promise<boolean> | boolean, what: string, timeoutMs = 15000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const driver of ['pglite', 'postgres'] as const) {
  describe(`crisis escalation through /api/messages on ${driver}`, function () {
    this.timeout(60000);
    let pg: ThrowawayPostgres | null = null;
    let sink: ReplySink;
    let webhook: Awaited<ReturnType<typeof startWebhook>>;
    let running: { container: Container; server: RunningServer } | null = null;
    let lines: Record<string, unknown>[] = [];
    /** Makes the next `n` inserts of a hand-off fail (Infinity: all of them). */
    let failHandoffInserts = 0;

    before(async function () {
      if (driver === 'postgres') {
        await requirePostgres(this);
        pg = await createThrowawayPostgres();
      }
      sink = await startReplySink();
      webhook = await startWebhook();
      const captured = capturingLogger();
      lines = captured.lines;
      const config = loadConfig(
        {
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
          OLLAMA_BASE_URL: 'http://127.0.0.1:1',
          LLM_ENABLED: 'false',
          DEFAULT_LANGUAGE: 'en',
          BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true',
          DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-crisis-')),
          DATABASE_URL: pg?.url ?? '',
          HANDOFF_NOTIFY_WEBHOOK_URL: webhook.url,
          // Closed all the time the suite runs: the crisis reply must say so (issue 23, item 12).
          ...officeClosedNowEnv(),
        },
        null,
      );
      const container = await buildContainer(config, captured.log, { skipKbImport: true, inMemoryDatabase: driver === 'pglite' });
      // The database every module was given: make the hand-off INSERT fail on demand.
      const db: { query: Database['query'] } = container.db;
      const query = db.query.bind(container.db);
      db.query = <T extends object>(sql: string, params?: readonly unknown[]) => {
        if (sql.trimStart().startsWith('INSERT INTO handoffs') && failHandoffInserts > 0) {
          failHandoffInserts -= 1;
          return Promise.reject(new Error('connection terminated unexpectedly'));
        }
        return query<T>(sql, params);
      };
      const server = await startServer(container.app, { port: 0, host: '127.0.0.1', log: captured.log, shutdownTimeoutMs: 2000, beginShutdown: container.beginShutdown, onShutdown: [container.shutdown] });
      running = { container, server };
    });
    after(async () => {
      await running?.server.stop();
      await sink?.close();
      await webhook?.close();
      await pg?.drop();
    });
    beforeEach(() => {
      failHandoffInserts = 0;
    });

    async function say(conversation: string, text: string): Promise<string[]> {
      const before = sink.received.length;
      const res = await fetch(`${running!.server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(emulatorActivity(sink, conversation, text)),
      });
      assert.equal(res.status, 200);
      // The endpoint answers once the turn is over, so its replies have reached the sink by then.
      return sink.received.slice(before).filter((r) => r.activity.type === 'message').map((r) => r.activity.text ?? '');
    }
    const urgentHandoffs = async (conversation: string) =>
      (await running!.container.db.query<{ id: string }>("SELECT id FROM handoffs WHERE conversation_id = $1 AND priority = 'urgent' AND status = 'queued'", [conversation])).rows;
    const metric = async (outcome: string): Promise<number> => {
      const text = await running!.container.metrics.exposition();
      const m = new RegExp(`^madoguchi_crisis_escalation_failures_total\\{outcome="${outcome}"\\} (\\d+)`, 'm').exec(text);
      return m ? Number(m[1]) : 0;
    };
    const errorsAbout = (conversation: string, msg: RegExp) =>
      lines.filter((l) => l.level === 50 && l.conversationId === conversation && typeof l.msg === 'string' && msg.test(l.msg));
    const hotlinesSent = (texts: string[]) => texts.some((x) => x.startsWith(t('en', 'core.crisis.intro.self_harm')));

    it('when a crisis message ends in a NUL character, then the resident gets the hotlines and an urgent hand-off is stored, with no error', async () => {
      const conversation = 'crisis-nul';
      const texts = await say(conversation, `${CRISIS}\u0000`);
      assert.ok(hotlinesSent(texts), JSON.stringify(texts));
      assert.ok(!texts.includes(t('en', 'core.error')), `no apology: ${JSON.stringify(texts)}`);
      assert.equal((await urgentHandoffs(conversation)).length, 1);
      assert.deepEqual(lines.filter((l) => l.level === 50), []);
      await until(async () => (await running!.container.db.query("SELECT 1 FROM transcript WHERE conversation_id = $1 AND author = 'resident'", [conversation])).rows.length > 0, 'the transcript');
      const { rows } = await running!.container.db.query<{ text: string }>("SELECT text FROM transcript WHERE conversation_id = $1 AND author = 'resident'", [conversation]);
      assert.deepEqual(rows.map((r) => r.text), [CRISIS]);
    });

    it('when a resident in crisis writes while the office is closed, then the hotlines come first, the reply says the office is closed and promises no call-back, and the hand-off is queued as urgent', async () => {
      const conversation = 'crisis-closed';
      const texts = await say(conversation, CRISIS);
      const hotlines = texts.findIndex((x) => x.startsWith(t('en', 'core.crisis.intro.self_harm')));
      const closed = texts.findIndex((x) => x.startsWith(t('en', 'core.crisis.escalatedClosed', { nextOpening: '\u0000' }).split('\u0000')[0]));
      assert.ok(hotlines >= 0 && closed > hotlines, JSON.stringify(texts));
      assert.ok(!texts.includes(t('en', 'core.crisis.escalated')), 'no "as soon as possible" while closed');
      assert.equal((await urgentHandoffs(conversation)).length, 1);
    });

    it('when storing the urgent hand-off fails twice, then it is retried and stored, each failure logged at error level and counted', async () => {
      const conversation = 'crisis-retried';
      const retriedBefore = await metric('retried');
      failHandoffInserts = 2;
      const texts = await say(conversation, CRISIS);
      assert.ok(hotlinesSent(texts), JSON.stringify(texts));
      assert.equal((await urgentHandoffs(conversation)).length, 1, 'the hand-off was stored on the third attempt');
      assert.equal(failHandoffInserts, 0);
      const retries = errorsAbout(conversation, /could not be stored; retrying/);
      assert.deepEqual(retries.map((l) => l.attempt), [1, 2]);
      assert.match(JSON.stringify(retries[0].err), /connection terminated unexpectedly/);
      assert.equal((await metric('retried')) - retriedBefore, 2);
      assert.equal(await metric('gave_up'), 0);
    });

    it('when the urgent hand-off cannot be stored at all, then the resident still has the hotlines and the alarm goes out: error log, metric and the officers\' webhook', async () => {
      const conversation = 'crisis-lost';
      failHandoffInserts = Infinity;
      const texts = await say(conversation, CRISIS);
      assert.ok(hotlinesSent(texts), JSON.stringify(texts));
      assert.equal((await urgentHandoffs(conversation)).length, 0);
      assert.equal(errorsAbout(conversation, /could not be stored; retrying/).length, 3);
      assert.equal(errorsAbout(conversation, /^CRISIS ESCALATION FAILED/).length, 1);
      assert.equal(await metric('gave_up'), 1);
      await until(() => webhook.received.some((n) => n.alert === 'crisis_escalation_failed'), 'the alarm at the webhook');
      const alarm = webhook.received.find((n) => n.alert === 'crisis_escalation_failed')!;
      assert.equal(alarm.conversationId, conversation);
      assert.equal(alarm.priority, 'urgent');
      assert.equal(alarm.text, t('en', 'officer.notify.escalationFailed', { lang: 'en', channel: 'emulator', conversation }));
    });
  });
}
