/**
 * A crash in the middle of a send: the real server (`madoguchi serve` in a child process, embedded
 * PGlite on disk, LINE configured against the LINE wire-protocol test server, 20 multicast requests a second)
 * sends an approved announcement to 1,000 subscribed LINE residents in multicast requests of 20 and
 * is killed with SIGKILL part way; restarted on the same data, it finishes: every resident gets the
 * announcement, none twice (each request's recipients and X-Line-Retry-Key are fixed in the database
 * before it is sent, so a request repeated after the crash is the same one, answered 409).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../storage/open-database';
import { AnnouncementRepository } from '../../alerts/announcement-repository';
import { FakeLineApi } from '../helpers/fake-line-api';
import { LINE_SECRET, LINE_TOKEN, api, officerToken, until } from '../integration/integration-helpers';
import { addOfficer } from '../../bot/commands/officer-command';

const ROOT = path.resolve(__dirname, '..', '..');
const RECIPIENTS = 1000;
const PASSWORD = 'correct horse battery staple';

interface Server {
  child: ChildProcess;
  output: string[];
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', "require('./bot/cli').main(['node', 'madoguchi', 'serve'])"], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString('utf8')));
  const pidFile = path.join(env.DATA_DIR ?? '', 'madoguchi.pid');
  await until(
    () => {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${output.join('')}`);
      try {
        return (JSON.parse(fs.readFileSync(pidFile, 'utf8')) as { pid: number }).pid === child.pid;
      } catch {
        return false;
      }
    },
    'the server to listen',
    90000,
  );
  return { child, output };
}

async function stop(server: Server | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill(signal);
  await exited;
}

describe('an alert send cut by SIGKILL (real server, PGlite on disk)', function () {
  this.timeout(180000);
  let line: FakeLineApi;
  let dataDir: string;
  let kbDir: string;
  let server: Server | undefined;

  before(async () => {
    line = await new FakeLineApi(LINE_TOKEN).start();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-alerts-kill-'));
    // A one-document knowledge base keeps start-up short.
    kbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-alerts-kb-'));
    fs.writeFileSync(path.join(kbDir, 'city-hall-hours.md'), '---\nid: city-hall-hours\ntitle: City hall hours\nlang: en\ndomain: civil\nregion: KR\nupdated: 2026-01-01\n---\n# City hall hours\n\nThe city hall is open from 9 to 6.\n');
  });
  after(async () => {
    await stop(server, 'SIGTERM');
    await line?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(kbDir, { recursive: true, force: true });
  });

  it('when the server is killed during a 1,000-recipient LINE send, then after a restart every resident has it exactly once', async () => {
    // 1,000 LINE residents subscribed to civil notices, and an approved announcement for them.
    const db = await openDatabase({ databaseUrl: '', dataDir });
    await db.query(
      `INSERT INTO alert_recipients (channel_id, user_id, conversation_id, reference, lang, route, region)
       SELECT 'line', 'U' || md5(i::text), 'U' || md5(i::text),
              jsonb_build_object('channelId', 'line', 'serviceUrl', 'https://line.madoguchi.local', 'conversation', jsonb_build_object('id', 'U' || md5(i::text))),
              'en', 'line', 'KR'
         FROM generate_series(1, $1::int) AS i`,
      [RECIPIENTS],
    );
    await db.query(
      `INSERT INTO alert_subscriptions (id, channel_id, user_id, topic, status, wording_version, consent_lang)
       SELECT gen_random_uuid()::text, 'line', 'U' || md5(i::text), 'domain:civil', 'active', 'test', 'en' FROM generate_series(1, $1::int) AS i`,
      [RECIPIENTS],
    );
    const repo = new AnnouncementRepository(db);
    const announcement = await repo.create({ title: 'Water', texts: { en: 'Water supply is interrupted on Tuesday.' }, topics: ['domain:civil'], langs: [] }, { officerId: 'officer-a' });
    await repo.approve(announcement.id, 'officer-b', true);
    await addOfficer(db, { email: 'publisher@city.example', name: 'Publisher', role: 'admin' }, async () => PASSWORD, 4);
    await db.close();

    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      KB_DIR: kbDir,
      LLM_ENABLED: 'false',
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
      LINE_API_BASE_URL: line.url,
      // Multicast requests of 20 residents (50 requests, 20 a second).
      ALERTS_RATES: 'line=500,line_multicast=20',
      ALERTS_LINE_MULTICAST_MAX: '20',
      ALERTS_QUIET_HOURS: 'off',
      ALERTS_POLL_MS: '100',
    };
    server = await startServer(env);
    const reached = () => line.multicastRecipients + line.acceptedPushes;
    await until(() => reached() >= 300, 'a third of the residents', 60000);
    await stop(server, 'SIGKILL');
    const beforeRestart = reached();
    assert.ok(beforeRestart < RECIPIENTS, `killed part way (${beforeRestart} reached)`);

    server = await startServer(env);
    await until(() => reached() >= RECIPIENTS, 'every resident to be reached after the restart', 60000);
    // Whatever was in flight at the kill was pushed again with its key: LINE answered 409 and it counts as sent.
    const port = (JSON.parse(fs.readFileSync(path.join(dataDir, 'madoguchi.pid'), 'utf8')) as { port: number }).port;
    const token = await officerToken(`http://127.0.0.1:${port}`, 'publisher@city.example', PASSWORD);
    const status = async () => (await api<{ announcement: { status: string }; deliveries: { byStatus: Record<string, number> } }>(`http://127.0.0.1:${port}`, 'GET', `/api/officer/announcements/${announcement.id}`, token)).body;
    await until(async () => (await status()).announcement.status === 'done', 'the announcement to be done', 30000);
    assert.deepEqual((await status()).deliveries.byStatus, { pending: 0, sending: 0, waiting: 0, sent: RECIPIENTS, failed: 0, skipped: 0, unknown: 0 });
    // On the platform's side: every resident in exactly one accepted request (a request repeated
    // after the crash had the same key and recipients, and LINE answered it 409).
    assert.equal(reached(), RECIPIENTS);
    const keysByUser = new Map<string, Set<string>>();
    for (const r of line.requests.filter((x) => x.path === '/v2/bot/message/multicast' || x.path === '/v2/bot/message/push')) {
      const to = (r.body as { to: string | string[] }).to;
      const key = String(r.headers['x-line-retry-key']);
      for (const user of Array.isArray(to) ? to : [to]) keysByUser.set(user, (keysByUser.get(user) ?? new Set()).add(key));
    }
    assert.equal(keysByUser.size, RECIPIENTS, 'no resident lost');
    assert.ok([...keysByUser.values()].every((keys) => keys.size === 1), 'one request (one retry key) per resident');
  });
});
