import assert from 'node:assert/strict';
import { parseEvalCases, EvalCaseError, type EvalCase } from '../../../knowledge/eval/eval-cases';
import { computeEvalMetrics, percentile, type EvalObservation } from '../../../knowledge/eval/eval-metrics';

const c = (id: string, expect: EvalCase['expect'], docs: string[] = [], extra: Partial<EvalCase> = {}): EvalCase => ({ id, lang: 'en', text: id, expect, docs, ...extra });
const obs = (kase: EvalCase, route: string, cited: string[] = [], latencyMs = 10, leakedPii = 0): EvalObservation => ({ case: kase, route, citedDocIds: cited, latencyMs, leakedPii });

describe('evaluation metrics', () => {
  it('when observations are given, then the report has exactly the documented shape and values', () => {
    const report = computeEvalMetrics([
      obs(c('a', 'answer', ['d1']), 'answer', ['d1', 'd2'], 5),
      obs(c('b', 'answer', ['d1']), 'answer', ['d2', 'd2', 'd1'], 15),
      obs(c('x', 'answer', ['d9']), 'answer', ['d3', 'd4', 'd5', 'd9'], 20),
      obs(c('y', 'answer', ['d7'], { xling: true }), 'answer', ['d1', 'd7'], 30),
      obs(c('h', 'handoff'), 'answer', ['d1'], 40),
      obs(c('k', 'crisis'), 'crisis', [], 50),
      obs(c('o', 'out_of_scope', [], { pii: ['555-1234'] }), 'out_of_scope', [], 60, 1),
    ]);
    assert.deepEqual(Object.keys(report), ['cases', 'retrieval', 'xling', 'routing', 'pii', 'latency_ms']);
    assert.equal(report.cases, 7);
    // b cites d2 twice: distinct documents count, so d1 is rank 2.
    assert.deepEqual(report.retrieval, { n: 3, 'hit@1': 0.333, 'hit@3': 0.667, mrr: 0.583 });
    assert.deepEqual(report.xling, { n: 1, 'hit@3': 1 });
    assert.deepEqual(report.routing.answer, { precision: 0.8, recall: 1 });
    assert.deepEqual(report.routing.handoff, { precision: 0, recall: 0 });
    assert.deepEqual(report.routing.crisis, { precision: 1, recall: 1 });
    assert.deepEqual(report.pii, { cases: 1, leaks: 1 });
    assert.deepEqual(report.latency_ms, { p50: 30, p95: 60 });
  });

  it('when there are no observations, then every figure is zero rather than NaN', () => {
    const r = computeEvalMetrics([]);
    assert.equal(JSON.stringify(r).includes('null'), false);
    assert.equal(r.retrieval['hit@1'], 0);
    assert.equal(percentile([], 50), 0);
  });

  it('when a case line is malformed, then the error names the line', () => {
    const ok = '{"id":"s1","lang":"ko","text":"기초연금?","expect":"answer","docs":["kr-basic-pension"]}';
    assert.equal(parseEvalCases(`${ok}\n\n`).length, 1);
    assert.throws(() => parseEvalCases(`${ok}\n{"id":"s2","lang":"fr","text":"x","expect":"answer","docs":["a"]}`), (e: unknown) => e instanceof EvalCaseError && e.line === 2);
    assert.throws(() => parseEvalCases(`${ok}\n${ok}`), /duplicate id/);
    assert.throws(() => parseEvalCases('{"id":"s3","lang":"en","text":"x","expect":"answer","docs":[]}'), /needs at least one expected document/);
  });
});
