/**
 * Who the client is (TRUST_PROXY), through the real container and server: by default the socket's
 * address is the client, so X-Forwarded-For from loopback cannot spread one client over many
 * per-address counters; with the proxy trusted, the forwarded address is the client.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { ConfigError, loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';

const log = pino({ level: 'silent' });

async function boot(env: Record<string, string>): Promise<{ server: RunningServer; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-proxy-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, OLLAMA_BASE_URL: 'http://127.0.0.1:1', LOG_LEVEL: 'silent', RATE_LIMIT_PER_IP_PER_MINUTE: '3', ...env }, null);
  const container: Container = await buildContainer(config, log, { inMemoryDatabase: true, skipKbImport: true });
  const server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, onShutdown: [container.shutdown] });
  return { server, dataDir };
}

/** GETs a web chat file (behind the per-address limit) claiming to come from `forwardedFor`. */
async function fetchAs(server: RunningServer, forwardedFor: string): Promise<number> {
  const res = await fetch(`${server.url}/webchat/locales/en.json`, { headers: { 'x-forwarded-for': forwardedFor } });
  await res.arrayBuffer();
  return res.status;
}

describe('proxy trust (TRUST_PROXY)', function () {
  this.timeout(60000);
  let running: { server: RunningServer; dataDir: string } | null = null;
  afterEach(async () => {
    await running?.server.stop();
    if (running) fs.rmSync(running.dataDir, { recursive: true, force: true });
    running = null;
  });

  it('when TRUST_PROXY is not set, then requests from loopback with a different X-Forwarded-For each share one per-address limit', async () => {
    running = await boot({});
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) statuses.push(await fetchAs(running.server, `203.0.113.${i}`));
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
  });

  for (const trust of ['loopback']) {
    it(`when TRUST_PROXY=${trust}, then the forwarded address is the client: each has its own limit`, async () => {
      running = await boot({ TRUST_PROXY: trust });
      const distinct: number[] = [];
      for (let i = 1; i <= 5; i++) distinct.push(await fetchAs(running.server, `203.0.113.${i}`));
      assert.deepEqual(distinct, [200, 200, 200, 200, 200]);
      const same: number[] = [];
      for (let i = 1; i <= 4; i++) same.push(await fetchAs(running.server, '198.51.100.7'));
      assert.deepEqual(same, [200, 200, 200, 429]);
    });
  }

  it('when TRUST_PROXY is read, then it is off by default and takes a hop count or addresses/CIDRs, never "true"', () => {
    const read = (value?: string) => loadConfig(value === undefined ? {} : { TRUST_PROXY: value }, null).TRUST_PROXY;
    assert.equal(read(), false);
    assert.equal(read('false'), false);
    assert.equal(read('0'), false);
    assert.equal(read('2'), 2);
    assert.deepEqual(read('loopback, 10.0.0.0/8,fd00::/8 , 192.0.2.4'), ['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.4']);
    for (const bad of ['true', '10.0.0.0/33', 'proxy.city.example', '99', '-1']) {
      assert.throws(() => read(bad), (err: unknown) => err instanceof ConfigError && /^Invalid configuration: TRUST_PROXY=/.test(err.message), bad);
    }
  });
});
