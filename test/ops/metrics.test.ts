import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ERROR_KINDS, GAUGE_NAMES, KNOWN_CHANNELS, Metrics, OUTCOME_LABELS, STAGES } from '../../ops/metrics';
import { metricsHandler } from '../../ops/metrics-handler';
import type { TurnOutcome } from '../../dialogs/ports';
import { parseExposition, valueOf } from './exposition';

function outcome(partial: Partial<TurnOutcome>): TurnOutcome {
  return { channelId: 'line', conversationId: 'conv-1', lang: 'ja', route: 'answer', escalated: false, ...partial };
}

const answered = (mode: 'llm' | 'extractive' | 'cache') => ({ status: 'answered' as const, mode, confidence: 0.9, citations: [] });

describe('Metrics', () => {
  it('when outcomes are recorded, then turns are counted by channel and outcome and escalations by channel', async () => {
    const m = new Metrics({ defaultMetrics: false });
    m.record(outcome({ answer: answered('llm') }));
    m.record(outcome({ answer: answered('llm') }));
    m.record(outcome({ channelId: 'kakao', answer: answered('extractive') }));
    m.record(outcome({ channelId: 'kakao', answer: answered('cache') }));
    m.record(outcome({ channelId: 'telegram', answer: { status: 'not_sure', mode: 'extractive', confidence: 0.1, citations: [] } }));
    m.record(outcome({ channelId: 'webchat', route: 'crisis', escalated: true }));
    const s = parseExposition(await m.exposition());
    assert.equal(valueOf(s, 'madoguchi_turns_total', { channel: 'line', outcome: 'answer_llm' }), 2);
    assert.equal(valueOf(s, 'madoguchi_turns_total', { channel: 'kakao', outcome: 'answer_extractive' }), 1);
    assert.equal(valueOf(s, 'madoguchi_turns_total', { channel: 'kakao', outcome: 'answer_cache' }), 1);
    assert.equal(valueOf(s, 'madoguchi_turns_total', { channel: 'telegram', outcome: 'answer_not_sure' }), 1);
    assert.equal(valueOf(s, 'madoguchi_turns_total', { channel: 'webchat', outcome: 'crisis' }), 1);
    assert.equal(valueOf(s, 'madoguchi_escalations_total', { channel: 'webchat' }), 1);
    assert.equal(valueOf(s, 'madoguchi_escalations_total', { channel: 'line' }), undefined);
  });

  it('when stages are timed, then each stage histogram counts its observations and sums their durations', async () => {
    const m = new Metrics({ defaultMetrics: false });
    const value = await m.time('retrieval', async () => {
      await new Promise((r) => setTimeout(r, 30));
      return 42;
    });
    assert.equal(value, 42);
    m.observe('llm', 1.5);
    m.observe('llm', 0.5);
    m.observe('storage', 0.002, 'line');
    const s = parseExposition(await m.exposition());
    assert.equal(valueOf(s, 'madoguchi_stage_duration_seconds_count', { stage: 'retrieval', channel: 'none' }), 1);
    assert.ok((valueOf(s, 'madoguchi_stage_duration_seconds_sum', { stage: 'retrieval' }) ?? 0) >= 0.025);
    assert.equal(valueOf(s, 'madoguchi_stage_duration_seconds_count', { stage: 'llm' }), 2);
    assert.equal(valueOf(s, 'madoguchi_stage_duration_seconds_sum', { stage: 'llm' }), 2);
    assert.equal(valueOf(s, 'madoguchi_stage_duration_seconds_bucket', { stage: 'llm', le: '1' }), 1);
    assert.equal(valueOf(s, 'madoguchi_stage_duration_seconds_count', { stage: 'storage', channel: 'line' }), 1);
  });

  it('when a timed stage throws, then the error is rethrown, counted by kind, and its duration still observed', async () => {
    const m = new Metrics({ defaultMetrics: false });
    const boom = new Error('db down');
    await assert.rejects(m.time('storage', () => Promise.reject(boom)), (e) => e === boom);
    m.error('webhook');
    const s = parseExposition(await m.exposition());
    assert.equal(valueOf(s, 'madoguchi_errors_total', { kind: 'storage' }), 1);
    assert.equal(valueOf(s, 'madoguchi_errors_total', { kind: 'webhook' }), 1);
    assert.equal(valueOf(s, 'madoguchi_stage_duration_seconds_count', { stage: 'storage' }), 1);
  });

  it('when gauge sources are set, then they are read at scrape time (sync and async) and a failing one reads 0', async () => {
    const m = new Metrics({ defaultMetrics: false });
    let depth = 3;
    m.setGaugeSource('ollama_queue_depth', () => depth);
    m.setGaugeSource('handoffs_waiting', async () => 7);
    m.setGaugeSource('ollama_hosts_up', () => Promise.reject(new Error('unreachable')));
    let s = parseExposition(await m.exposition());
    assert.equal(valueOf(s, 'madoguchi_ollama_queue_depth'), 3);
    assert.equal(valueOf(s, 'madoguchi_handoffs_waiting'), 7);
    assert.equal(valueOf(s, 'madoguchi_ollama_hosts_up'), 0);
    depth = 0;
    s = parseExposition(await m.exposition());
    assert.equal(valueOf(s, 'madoguchi_ollama_queue_depth'), 0);
    // prom-client collects all metrics concurrently, so the failure is counted from the next scrape on.
    assert.ok((valueOf(s, 'madoguchi_errors_total', { kind: 'other' }) ?? 0) >= 1);
    assert.throws(() => m.setGaugeSource('resident_names' as never, () => 1), RangeError);
  });

  it('when LLM tokens are added, then prompt and completion are separate series', async () => {
    const m = new Metrics({ defaultMetrics: false });
    m.addTokens(812, 64);
    m.addTokens(100, 0);
    m.llmRequest('ok');
    m.llmRequest('busy');
    m.llmRequest('Resident said: hello'); // not a reason: must not become a label value
    const s = parseExposition(await m.exposition());
    assert.equal(valueOf(s, 'madoguchi_llm_tokens_total', { kind: 'prompt' }), 912);
    assert.equal(valueOf(s, 'madoguchi_llm_tokens_total', { kind: 'completion' }), 64);
    assert.equal(valueOf(s, 'madoguchi_llm_requests_total', { outcome: 'busy' }), 1);
    assert.equal(valueOf(s, 'madoguchi_llm_requests_total', { outcome: 'error' }), 1);
  });

  it('when ids and text come in, then no madoguchi series carries a label or value outside the allowed sets', async () => {
    const m = new Metrics({ defaultMetrics: false });
    const secret = 'U4af4980629-kim-minji-010-1234-5678';
    m.record(outcome({ channelId: secret, conversationId: secret, answer: answered('llm') }));
    m.record(outcome({ channelId: 'LINE', conversationId: secret, route: 'handoff', escalated: true }));
    m.observe('turn', 0.01, secret);
    m.error(secret as never);
    m.turnStarted(secret);
    const text = await m.exposition();
    assert.ok(!text.includes(secret), 'an id leaked into the exposition');
    const allowed: Record<string, readonly string[]> = {
      channel: [...KNOWN_CHANNELS, 'other', 'none'],
      outcome: [...OUTCOME_LABELS, 'ok'],
      stage: STAGES,
      kind: [...ERROR_KINDS, 'prompt', 'completion'],
    };
    const series = parseExposition(text).filter((s) => s.name.startsWith('madoguchi_'));
    assert.ok(series.length > 0);
    for (const s of series) {
      for (const [label, value] of Object.entries(s.labels)) {
        if (label === 'le') continue;
        assert.ok(label in allowed, `unexpected label ${label} on ${s.name}`);
        assert.ok(allowed[label].includes(value), `unexpected ${label}="${value}" on ${s.name}`);
      }
    }
    const s = parseExposition(text);
    assert.equal(valueOf(s, 'madoguchi_turns_total', { channel: 'other', outcome: 'answer_llm' }), 1);
    assert.equal(valueOf(s, 'madoguchi_turns_total', { channel: 'line', outcome: 'handoff' }), 1);
    assert.equal(valueOf(s, 'madoguchi_errors_total', { kind: 'other' }), 1);
    for (const g of GAUGE_NAMES) assert.notEqual(valueOf(s, `madoguchi_${g}`), undefined);
  });

  it('when two instances exist, then they count independently and default process metrics are on by default', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.record(outcome({ answer: answered('llm') }));
    const sa = parseExposition(await a.exposition());
    const sb = parseExposition(await b.exposition());
    assert.equal(valueOf(sa, 'madoguchi_turns_total', { channel: 'line', outcome: 'answer_llm' }), 1);
    assert.equal(valueOf(sb, 'madoguchi_turns_total', { channel: 'line', outcome: 'answer_llm' }), undefined);
    assert.ok(sa.some((s) => s.name === 'process_cpu_user_seconds_total'));
    assert.ok(sb.some((s) => s.name === 'nodejs_heap_size_used_bytes'));
  });
});

describe('metricsHandler', () => {
  let server: http.Server;
  let base: string;
  const metrics = new Metrics({ defaultMetrics: false });

  before(async () => {
    const app = express();
    app.use('/metrics', metricsHandler(metrics));
    server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('when GET /metrics is scraped, then it answers the Prometheus text format with the recorded series', async () => {
    metrics.record(outcome({ channelId: 'kakao', route: 'greeting' }));
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const s = parseExposition(await res.text());
    assert.equal(valueOf(s, 'madoguchi_turns_total', { channel: 'kakao', outcome: 'greeting' }), 1);
  });

  it('when /metrics is POSTed to, then it answers 405', async () => {
    const res = await fetch(`${base}/metrics`, { method: 'POST' });
    assert.equal(res.status, 405);
  });
});
