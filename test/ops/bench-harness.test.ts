import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEchoApp } from '../../bench/echo-bot';
import { startBenchSink, type BenchSink } from '../../bench/sink';
import { quantile, runLoad } from '../../bench/load-generator';
import { stageBreakdown } from '../../bench/stage-breakdown';
import { Metrics } from '../../ops/metrics';
import { combineRounds } from '../../bench/load-bench';

describe('load bench harness', () => {
  it('when a level ran in rounds, then counts are summed, throughput is total over time and latencies are round medians', () => {
    const r = (turns: number, seconds: number, p50: number, max: number) => ({ concurrency: 50, turns, errors: 1, seconds, turns_per_s: turns / seconds, p50_ms: p50, p90_ms: p50 * 2, p99_ms: p50 * 3, max_ms: max, truncated: false });
    const c = combineRounds([r(100, 1, 10, 50), r(100, 2, 30, 90), r(100, 1, 20, 40)]);
    assert.equal(c.turns, 300);
    assert.equal(c.errors, 3);
    assert.equal(c.seconds, 4);
    assert.equal(c.turns_per_s, 75);
    assert.equal(c.p50_ms, 20);
    assert.equal(c.p99_ms, 60);
    assert.equal(c.max_ms, 90);
    assert.equal(c.rounds, 3);
  });


  it('when quantiles are taken, then nearest-rank values come out', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(quantile(values, 0.5), 50);
    assert.equal(quantile(values, 0.99), 99);
    assert.equal(quantile([7], 0.99), 7);
    assert.ok(Number.isNaN(quantile([], 0.5)));
  });

  it('when a server exposes stage metrics, then the breakdown gives calls and milliseconds per turn', async () => {
    const m = new Metrics({ defaultMetrics: false });
    for (let i = 0; i < 4; i++) {
      m.observe('turn', 0.01, 'emulator');
      m.observe('storage', 0.001);
      m.observe('storage', 0.003);
      m.record({ channelId: 'emulator', conversationId: 'c', lang: 'en', route: 'greeting', escalated: false });
    }
    const b = stageBreakdown(await m.exposition());
    assert.equal(b.turns, 4);
    assert.deepEqual(b.per_turn.storage, { calls: 2, ms: 4, ms_per_call: 2 });
    assert.equal(b.per_turn.turn.ms, 10);
    assert.deepEqual(b.outcomes, { greeting: 4 });
  });

  describe('against the echo reference bot', () => {
    let server: http.Server;
    let url: string;
    let sink: BenchSink;
    before(async () => {
      sink = await startBenchSink();
      server = http.createServer(createEchoApp());
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await sink.close();
    });

    it('when conversations run concurrently, then every turn is timed, answered at the sink and counted per conversation', async () => {
      const r = await runLoad({ url, serviceUrl: sink.url, concurrency: 5, turns: 40, texts: ['a', 'b'], deadline: Date.now() + 15000, conversationPrefix: 'h' });
      assert.equal(r.turns, 40);
      assert.equal(r.errors, 0);
      assert.equal(r.truncated, false);
      assert.ok(r.p50_ms > 0 && r.p50_ms <= r.p99_ms && r.p99_ms <= r.max_ms);
      assert.equal(sink.messages, 40);
      // 8 turns per slot, 5 per resident: residents h-n-0 (5 turns) and h-n-1 (3 turns)
      for (let n = 0; n < 5; n++) assert.deepEqual([sink.messagesFor(`h-${n}-0`), sink.messagesFor(`h-${n}-1`)], [5, 3]);
    });

    it('when the server refuses the activity, then the turn is counted as an error', async () => {
      const refusing = http.createServer((_req, res) => res.writeHead(503).end());
      await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
      try {
        const base = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
        const r = await runLoad({ url: base, serviceUrl: sink.url, concurrency: 1, turns: 3, texts: ['x'], deadline: Date.now() + 5000, conversationPrefix: 'bad' });
        assert.equal(r.turns, 3);
        assert.equal(r.errors, 3);
      } finally {
        refusing.closeAllConnections();
        await new Promise<void>((r) => refusing.close(() => r()));
      }
    });
  });
});
