/**
 * Officer logins per client address, through the real container and server: beyond
 * OFFICER_LOGIN_PER_IP_PER_MINUTE attempts (any accounts) the address gets 429 with Retry-After,
 * even with a right password, while the officer API's other routes are not counted.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';

const log = pino({ level: 'silent' });

describe('officer login limit per address', function () {
  this.timeout(60000);
  let container: Container;
  let server: RunningServer;
  let dataDir: string;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-login-limit-'));
    const config = loadConfig(
      { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, OLLAMA_BASE_URL: 'http://127.0.0.1:1', LOG_LEVEL: 'silent', OFFICER_LOGIN_PER_IP_PER_MINUTE: '3' },
      null,
    );
    container = await buildContainer(config, log, { inMemoryDatabase: true, skipKbImport: true });
    server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, onShutdown: [container.shutdown] });
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const login = (email: string) =>
    fetch(`${server.url}/api/officer/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'wrong password 123' }) });

  it('when one address tries more logins than allowed, then the extra ones get 429 and other officer routes still answer', async () => {
    const statuses: number[] = [];
    for (const email of ['a@city.example', 'b@city.example', 'c@city.example', 'd@city.example', 'e@city.example']) statuses.push((await login(email)).status);
    assert.deepEqual(statuses.slice(0, 3).map((s) => s === 429), [false, false, false], `first three are checked: ${statuses.join(',')}`);
    assert.deepEqual(statuses.slice(3), [429, 429]);
    const limited = await login('f@city.example');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal(((await limited.json()) as { error: string }).error, 'rate_limited');
    const other = await fetch(`${server.url}/api/officer/handoffs`);
    assert.equal(other.status, 401, 'not counted, not limited: just unauthenticated');
  });
});
