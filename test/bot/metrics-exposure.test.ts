/**
 * What the residents' listener no longer gives away, through the real container and server:
 * /metrics only with METRICS_TOKEN there (else on its own loopback listener, which `serve`
 * starts), the officer OpenAPI document only with an officer session, and SESSION_SECRET as the
 * operator sets it (validated, honoured across restarts, never echoed).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { ConfigError, loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { addOfficer } from '../../bot/commands/officer-command';
import { startMetricsListener } from '../../ops/metrics-listener';
import { capturingLogger } from '../helpers/capturing-logger';

const log = pino({ level: 'silent' });
const ROOT = path.resolve(__dirname, '..', '..');
const PASSWORD = 'correct horse battery staple';
const TOKEN = 'metrics-scraper-token-0123';

interface Booted {
  container: Container;
  server: RunningServer;
}

async function boot(env: Record<string, string>, options: { inMemory?: boolean } = {}): Promise<Booted> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', OLLAMA_BASE_URL: 'http://127.0.0.1:1', LOG_LEVEL: 'silent', ...env }, null);
  const container = await buildContainer(config, log, { inMemoryDatabase: options.inMemory ?? true, skipKbImport: true });
  const server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, onShutdown: [container.shutdown] });
  return { container, server };
}

async function loginToken(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/api/officer/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  assert.equal(res.status, 200);
  return ((await res.json()) as { token: string }).token;
}

const status = async (url: string, init?: RequestInit): Promise<number> => {
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return res.status;
};

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('metrics, the OpenAPI document and SESSION_SECRET on the residents listener', function () {
  this.timeout(120000);
  let dataDir: string;
  let running: Booted | null = null;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-exposure-'));
  });
  afterEach(async () => {
    await running?.server.stop();
    running = null;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('when nothing is configured, then /metrics is not on the residents listener and the OpenAPI document needs an officer session', async () => {
    running = await boot({ DATA_DIR: dataDir });
    const { url } = running.server;
    assert.equal(await status(`${url}/metrics`), 404);
    assert.equal(await status(`${url}/api/officer/openapi.json`), 401);
    await addOfficer(running.container.db, { email: 'doc@city.example', name: 'Doc', role: 'officer' }, async () => PASSWORD, 4);
    const token = await loginToken(url, 'doc@city.example');
    const doc = await fetch(`${url}/api/officer/openapi.json`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(doc.status, 200);
    assert.equal(((await doc.json()) as { openapi: string }).openapi, '3.1.0');
  });

  it('when METRICS_TOKEN is set, then /metrics on the residents listener answers only that bearer token', async () => {
    running = await boot({ DATA_DIR: dataDir, METRICS_TOKEN: TOKEN });
    const metrics = `${running.server.url}/metrics`;
    assert.equal(await status(metrics), 401);
    assert.equal(await status(metrics, { headers: { authorization: 'Bearer wrong-token-0123456789' } }), 401);
    assert.equal(await status(metrics, { headers: { authorization: `Basic ${TOKEN}` } }), 401);
    const res = await fetch(metrics, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /madoguchi_/);
  });

  it('when the metrics listener starts, then it serves /metrics without a token and nothing else; a busy port is logged, not fatal', async () => {
    running = await boot({ DATA_DIR: dataDir });
    const listener = await startMetricsListener(running.container.metrics, { port: 0, host: '127.0.0.1', log });
    assert.ok(listener);
    try {
      const res = await fetch(`${listener.url}/metrics`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /madoguchi_/);
      assert.equal(await status(`${listener.url}/api/officer/openapi.json`), 404);
      const capture = capturingLogger();
      assert.equal(await startMetricsListener(running.container.metrics, { port: listener.port, host: '127.0.0.1', log: capture.log }), null);
      assert.ok(capture.lines.some((r) => r.level === 50 && /metrics listener could not start/.test(String(r.msg))));
    } finally {
      await listener.stop();
    }
  });

  it('when `serve` runs with the defaults, then /metrics answers on METRICS_PORT at loopback and not on PORT', async function () {
    // A whole process with the bundled knowledge base: slow on a busy machine.
    this.timeout(240000);
    const metricsPort = await freePort();
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', "require('./bot/cli').main(['node', 'madoguchi', 'serve'])"], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', PORT: '0', HOST: '127.0.0.1', METRICS_PORT: String(metricsPort), METRICS_TOKEN: '', LOG_LEVEL: 'warn', OLLAMA_BASE_URL: 'http://127.0.0.1:1', LLM_ENABLED: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout?.on('data', (c: Buffer) => output.push(c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => output.push(c.toString('utf8')));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const pidFile = path.join(dataDir, 'madoguchi.pid');
      const deadline = Date.now() + 200000;
      let port = 0;
      while (!port) {
        if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}: ${output.join('')}`);
        if (Date.now() > deadline) throw new Error(`serve did not listen: ${output.join('')}`);
        // The pid file may be read while it is being written: a partial file is read again.
        try {
          if (fs.existsSync(pidFile)) port = (JSON.parse(fs.readFileSync(pidFile, 'utf8')) as { port: number }).port;
        } catch {
          port = 0;
        }
        if (!port) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(await status(`http://127.0.0.1:${port}/metrics`), 404);
      let scraped = 0;
      while (scraped !== 200 && Date.now() < deadline) {
        scraped = await status(`http://127.0.0.1:${metricsPort}/metrics`).catch(() => 0);
        if (scraped !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(scraped, 200, output.join(''));
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('when SESSION_SECRET is set, then officer sessions are keyed by it across restarts, and another secret ends them', async () => {
    const first = 'operator-supplied-secret-0123456789abcdef';
    const env = { DATA_DIR: dataDir, SESSION_SECRET: first };
    running = await boot(env, { inMemory: false });
    await addOfficer(running.container.db, { email: 'kim@city.example', name: 'Kim', role: 'officer' }, async () => PASSWORD, 4);
    const token = await loginToken(running.server.url, 'kim@city.example');
    const generated = await running.container.db.query("SELECT 1 FROM app_secrets WHERE name = 'session'");
    assert.equal(generated.rows.length, 0, 'no secret generated when the operator supplies one');
    const me = (url: string) => status(`${url}/api/officer/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(await me(running.server.url), 200);
    await running.server.stop();
    running = await boot({ ...env, SESSION_SECRET: 'another-operator-secret-0123456789abcdef' }, { inMemory: false });
    assert.equal(await me(running.server.url), 401);
    await running.server.stop();
    running = await boot(env, { inMemory: false });
    assert.equal(await me(running.server.url), 200);
  });

  it('when SESSION_SECRET is shorter than 32 characters, then start-up stops naming it without echoing the value', () => {
    assert.throws(
      () => loadConfig({ SESSION_SECRET: 'short-secret-value' }, null),
      (err: unknown) => err instanceof ConfigError && /^Invalid configuration: SESSION_SECRET=<hidden, 18 characters> \(.*at least 32/.test(err.message) && !err.message.includes('short-secret-value'),
    );
    assert.throws(() => loadConfig({ METRICS_TOKEN: 'short' }, null), ConfigError);
    assert.equal(loadConfig({ SESSION_SECRET: 'x'.repeat(32) }, null).SESSION_SECRET, 'x'.repeat(32));
    assert.equal(loadConfig({}, null).METRICS_PORT, 9464);
    assert.equal(loadConfig({}, null).METRICS_HOST, '127.0.0.1');
  });
});
