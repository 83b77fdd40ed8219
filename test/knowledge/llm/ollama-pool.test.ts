import assert from 'node:assert/strict';
import pino from 'pino';
import { HumanMessage } from '@langchain/core/messages';
import { OllamaTestServer } from '../../helpers/ollama-test-server';
import { OllamaPool, type PoolLease } from '../../../knowledge/llm/ollama-pool';
import { OllamaLlmClient } from '../../../knowledge/llm/llm-client';
import { capturingLogger } from '../../helpers/capturing-logger';

const silent = pino({ level: 'silent' });

function pool(urls: string[], extra: Partial<ConstructorParameters<typeof OllamaPool>[0]> = {}) {
  return new OllamaPool({ baseUrls: urls, hostConcurrency: 2, queueLimit: 4, healthIntervalMs: 60000, log: silent, ...extra });
}

async function lease(p: OllamaPool): Promise<PoolLease> {
  const r = await p.acquire();
  assert.equal(r.status, 'ok');
  return (r as { lease: PoolLease }).lease;
}

describe('OllamaPool', () => {
  it('when several hosts are free, then each new request goes to the least busy one', async () => {
    const p = pool(['http://a', 'http://b', 'http://c'], { hostConcurrency: 3 });
    const l1 = await lease(p);
    const l2 = await lease(p);
    const l3 = await lease(p);
    assert.equal(new Set([l1.url, l2.url, l3.url]).size, 3);
    l2.release('success');
    const l4 = await lease(p);
    assert.equal(l4.url, l2.url, 'the host that just freed a slot is the least busy');
    assert.deepEqual(p.status().hosts.map((h) => h.inFlight), [1, 1, 1]);
  });

  it('when every slot is taken, then callers queue with their position and are served in order', async () => {
    const p = pool(['http://a'], { hostConcurrency: 1, queueLimit: 3 });
    const first = await lease(p);
    const positions: number[] = [];
    const order: string[] = [];
    const second = p.acquire({ onQueued: (n) => positions.push(n) }).then((r) => (order.push('second'), r));
    const third = p.acquire({ onQueued: (n) => positions.push(n) }).then((r) => (order.push('third'), r));
    assert.deepEqual(positions, [1, 2]);
    assert.equal(p.status().queueDepth, 2);
    first.release('success');
    const r2 = await second;
    assert.equal(r2.status, 'ok');
    (r2 as { lease: PoolLease }).lease.release('success');
    assert.equal((await third).status, 'ok');
    assert.deepEqual(order, ['second', 'third']);
  });

  it('when the queue is full, then the next caller gets busy at once (backpressure, not a drop)', async () => {
    const p = pool(['http://a'], { hostConcurrency: 1, queueLimit: 1 });
    await lease(p);
    const waiting = p.acquire();
    const r = await p.acquire();
    assert.deepEqual(r, { status: 'busy', queueDepth: 1 });
    p.stop();
    assert.equal((await waiting).status, 'unavailable');
  });

  it('when a waiting caller aborts, then it leaves the queue', async () => {
    const p = pool(['http://a'], { hostConcurrency: 1 });
    await lease(p);
    const ctrl = new AbortController();
    const waiting = p.acquire({ signal: ctrl.signal });
    ctrl.abort();
    assert.deepEqual(await waiting, { status: 'unavailable', reason: 'aborted' });
    assert.equal(p.status().queueDepth, 0);
  });

  it('when a host fails repeatedly, then its breaker opens, half-opens after the cool-down and closes on a good probe', async () => {
    let now = 0;
    const p = pool(['http://a'], { breaker: { failureThreshold: 2, openMs: 1000 }, now: () => now });
    (await lease(p)).release('failure');
    assert.equal(p.status().hosts[0].breaker, 'closed');
    (await lease(p)).release('failure');
    assert.equal(p.status().hosts[0].breaker, 'open');
    assert.equal(p.status().mode, 'extractive');
    assert.deepEqual(await p.acquire(), { status: 'unavailable', reason: 'no_host' });
    now = 1000;
    assert.equal(p.status().hosts[0].breaker, 'half_open');
    const probe = await lease(p);
    const during = await p.acquire({ signal: AbortSignal.timeout(50) });
    assert.equal(during.status, 'unavailable', 'only one probe at a time while half-open');
    probe.release('success');
    assert.equal(p.status().hosts[0].breaker, 'closed');
    assert.equal(p.status().mode, 'llm');
  });

  it('when a half-open probe fails, then the breaker opens again', async () => {
    let now = 0;
    const p = pool(['http://a'], { breaker: { failureThreshold: 1, openMs: 1000 }, now: () => now });
    (await lease(p)).release('failure');
    now = 1500;
    (await lease(p)).release('failure');
    assert.equal(p.status().hosts[0].breaker, 'open');
  });

  it('when the LLM is disabled, then the mode is extractive and acquire says disabled', async () => {
    const p = pool(['http://a'], { enabled: false });
    assert.equal(p.status().mode, 'extractive');
    assert.deepEqual(await p.acquire(), { status: 'unavailable', reason: 'disabled' });
  });

  it('when health checks run, then a dead host is unhealthy, a live one healthy, and the mode is logged once checked and once per change', async () => {
    const double = new OllamaTestServer();
    const live = await double.start();
    const dead = new OllamaTestServer();
    const deadUrl = await dead.start();
    await dead.stop();
    const { log, lines } = capturingLogger();
    try {
      const p = pool([live, deadUrl], { log });
      await p.checkHealth();
      assert.deepEqual(p.status().hosts.map((h) => h.healthy), [true, false]);
      assert.equal(p.status().mode, 'llm');
      await double.stop();
      await p.checkHealth();
      await p.checkHealth();
      assert.equal(p.status().mode, 'extractive');
      const modeLines = lines.filter((l) => l.mode !== undefined).map((l) => `${String(l.mode)}: ${String(l.msg)}`);
      assert.deepEqual(modeLines, [
        'llm: answer mode: llm (Ollama not checked yet)',
        'llm: answer mode: llm (Ollama reachable)',
        'extractive: answer mode changed to extractive (no Ollama host reachable)',
      ]);
      assert.ok(double.requests.some((r) => r.path === '/api/tags'));
    } finally {
      await double.stop();
    }
  });

  it('when start() is called, then health checks run on the interval until stop()', async () => {
    const double = new OllamaTestServer();
    const url = await double.start();
    try {
      const p = pool([url], { healthIntervalMs: 500 });
      p.start();
      await new Promise((r) => setTimeout(r, 1200));
      p.stop();
      const count = double.requests.filter((r) => r.path === '/api/tags').length;
      assert.ok(count >= 3 && count <= 4, `expected 3–4 health checks, got ${count}`);
    } finally {
      await double.stop();
    }
  });

  it('when 20 requests at 200 ms latency share 10 slots on two hosts, then all finish in about 20/10 × 0.2 s', async () => {
    const a = new OllamaTestServer({ latencyMs: 200 });
    const b = new OllamaTestServer({ latencyMs: 200 });
    const urls = [await a.start(), await b.start()];
    try {
      const p = pool(urls, { hostConcurrency: 5, queueLimit: 100 });
      const client = new OllamaLlmClient({ pool: p, model: 'qwen2.5:3b', numCtx: 2048, timeoutMs: 5000, log: silent });
      let maxInFlight = 0;
      const timer = setInterval(() => {
        maxInFlight = Math.max(maxInFlight, ...p.status().hosts.map((h) => h.inFlight));
      }, 10);
      const started = Date.now();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => client.chat([new HumanMessage(`question ${i}`)])));
      const elapsed = Date.now() - started;
      clearInterval(timer);
      assert.ok(results.every((r) => r.status === 'ok'), 'none dropped');
      assert.ok(elapsed >= 380 && elapsed < 600, `elapsed ${elapsed} ms, ideal 400 ms (within 20 % plus loopback overhead)`);
      assert.ok(maxInFlight <= 5, `per-host limit exceeded: ${maxInFlight}`);
      assert.equal(a.chatRequests().length, 10);
      assert.equal(b.chatRequests().length, 10);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('when a host is killed, then the next chat is unavailable quickly and the breaker eventually opens', async () => {
    const double = new OllamaTestServer();
    const url = await double.start();
    const p = pool([url], { breaker: { failureThreshold: 2, openMs: 60000 } });
    const client = new OllamaLlmClient({ pool: p, model: 'qwen2.5:3b', numCtx: 2048, timeoutMs: 5000, log: silent });
    assert.equal((await client.chat([new HumanMessage('hi')])).status, 'ok');
    await double.stop();
    const started = Date.now();
    assert.equal((await client.chat([new HumanMessage('hi')])).status, 'unavailable');
    assert.equal((await client.chat([new HumanMessage('hi')])).status, 'unavailable');
    assert.ok(Date.now() - started < 1000);
    assert.equal(p.status().hosts[0].breaker, 'open');
    const third = await client.chat([new HumanMessage('hi')]);
    assert.equal(third.status === 'unavailable' && third.reason, 'no_host');
  });
});
