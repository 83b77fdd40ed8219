/**
 * Officer login back-off through the real container, server and HTTP login endpoint (behind one
 * trusted proxy, so X-Forwarded-For names the client): failed attempts make only that client wait
 * for that e-mail, never lock the account, and an e-mail without an account gets exactly the
 * answers a real one gets. The back-off is checked on the embedded database (its limiter keeps
 * the counters in process memory) and on PostgreSQL (in the shared counters table).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { addOfficer } from '../../bot/commands/officer-command';
import { createThrowawayPostgres, requirePostgres, type ThrowawayPostgres } from '../helpers/test-databases';

const log = pino({ level: 'silent' });
const PASSWORD = 'correct horse battery staple';
const CLIENT_A = '203.0.113.10';
const CLIENT_B = '198.51.100.20';

interface Answer {
  status: number;
  body: unknown;
  retryAfter: string | null;
  ms: number;
}

for (const driver of ['pglite', 'postgres'] as const) {
  describe(`officer login back-off per client on ${driver}`, function () {
    this.timeout(120000);
    let container: Container;
    let server: RunningServer;
    let dataDir: string;
    let pg: ThrowawayPostgres | null = null;

    before(async function () {
      if (driver === 'postgres') {
        await requirePostgres(this);
        pg = await createThrowawayPostgres();
      }
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-login-throttle-'));
      const config = loadConfig(
        { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: pg?.url ?? '', OLLAMA_BASE_URL: 'http://127.0.0.1:1', LOG_LEVEL: 'silent', TRUST_PROXY: 'loopback', OFFICER_LOGIN_PER_IP_PER_MINUTE: '1000' },
        null,
      );
      container = await buildContainer(config, log, { inMemoryDatabase: driver === 'pglite', skipKbImport: true });
      server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, onShutdown: [container.shutdown] });
      // The production cost (12), as the server's stand-in hash for unknown e-mails has.
      await addOfficer(container.db, { email: 'lee@city.example', name: 'Lee', role: 'officer' }, async () => PASSWORD, 12);
    });
    after(async () => {
      await server?.stop();
      await pg?.drop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    async function login(client: string, email: string, password: string): Promise<Answer> {
      const started = performance.now();
      const res = await fetch(`${server.url}/api/officer/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        body: JSON.stringify({ email, password }),
      });
      const body: unknown = await res.json();
      return { status: res.status, body, retryAfter: res.headers.get('retry-after'), ms: performance.now() - started };
    }

    it('when client A fails many times, then A must wait even with the right password, and the owner on client B logs in at once', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await login(CLIENT_A, 'lee@city.example', `guess ${i}`)).status);
      assert.deepEqual(statuses.slice(0, 6), [401, 401, 401, 401, 401, 401]);
      assert.ok(statuses.slice(6).every((s) => s === 401 || s === 429), statuses.join(','));
      const blocked = await login(CLIENT_A, 'lee@city.example', PASSWORD);
      assert.equal(blocked.status, 429);
      assert.ok(Number(blocked.retryAfter) >= 1);
      const owner = await login(CLIENT_B, 'lee@city.example', PASSWORD);
      assert.equal(owner.status, 200, JSON.stringify(owner.body));
      assert.equal(typeof (owner.body as { token?: unknown }).token, 'string');
    });

    // The answers' sameness is the login route's, not the store's: checked once, on the embedded database.
    if (driver === 'pglite') it('when an e-mail has no account, then wrong attempts get the same statuses and bodies as a real account, in about the same time', async () => {
      const run = async (client: string, email: string) => {
        const answers: Answer[] = [];
        for (let i = 0; i < 7; i++) answers.push(await login(client, email, `wrong ${i}`));
        return answers;
      };
      const known = await run('192.0.2.1', 'lee@city.example');
      const unknown = await run('192.0.2.2', 'nobody@city.example');
      const shape = (answers: Answer[]) => answers.map(({ status, body }) => ({ status, body }));
      assert.deepEqual(shape(unknown), shape(known));
      assert.deepEqual(known.map((a) => a.status), [401, 401, 401, 401, 401, 401, 429]);
      assert.deepEqual(known[0].body, { error: 'invalid e-mail or password' });
      // Both pay one bcrypt check at the same cost; the medians of the checked attempts stay close.
      const median = (answers: Answer[]) => answers.slice(0, 6).map((a) => a.ms).sort((x, y) => x - y)[3];
      const ratio = median(unknown) / median(known);
      assert.ok(ratio > 0.5 && ratio < 2, `unknown ${median(unknown).toFixed(0)} ms vs known ${median(known).toFixed(0)} ms`);
    });
  });
}
