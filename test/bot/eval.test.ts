/**
 * `madoguchi eval` through the production pipeline (no LLM): the quality bars of issues 3 and 6 on
 * the public sample merged with the bundled KB (close distractors) and on our held-out questions.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { mergeKbDirs, runEvalCases } from '../../bot/eval-runner';
import { loadEvalCases } from '../../knowledge/eval/eval-cases';
import { computeEvalMetrics, type EvalReport } from '../../knowledge/eval/eval-metrics';

const ROOT = path.join(__dirname, '..', '..');
const SAMPLE = path.resolve(ROOT, '..', 'shared', 'eval-sample');
const BUNDLED = path.join(ROOT, 'knowledge', 'sample-kb');

async function evaluate(kbDirs: string[], casesFile: string): Promise<EvalReport> {
  const kb = mergeKbDirs(kbDirs);
  const cases = loadEvalCases(casesFile);
  const config = loadConfig({ OLLAMA_BASE_URL: 'http://127.0.0.1:1', LOG_LEVEL: 'silent' }, null);
  const { observations } = await runEvalCases(cases, { config, kbDir: kb.dir, log: pino({ level: 'silent' }) }).finally(kb.cleanup);
  return computeEvalMetrics(observations.map((o, i) => ({ ...o, case: cases[i] })));
}

describe('evaluation through the production pipeline', function () {
  this.timeout(120000);

  it('when the public sample runs against sample + bundled KB, then retrieval, routing and PII meet the bars', async function () {
    if (!fs.existsSync(SAMPLE)) {
      if (process.env.CI) throw new Error(`${SAMPLE} is missing in CI`);
      this.skip();
    }
    const report = await evaluate([BUNDLED, path.join(SAMPLE, 'kb')], path.join(SAMPLE, 'cases.jsonl'));
    assert.deepEqual(Object.keys(report), ['cases', 'retrieval', 'xling', 'routing', 'pii', 'latency_ms']);
    assert.ok(report.retrieval['hit@1'] >= 0.95, JSON.stringify(report.retrieval));
    assert.ok(report.retrieval['hit@3'] >= 0.98, JSON.stringify(report.retrieval));
    assert.ok(report.xling['hit@3'] >= 0.75, JSON.stringify(report.xling));
    assert.equal(report.routing.crisis.recall, 1);
    assert.ok(report.routing.handoff.recall >= 0.9);
    assert.ok(report.routing.out_of_scope.recall >= 0.9);
    assert.ok(report.routing.answer.recall >= 0.97, 'at most 3% of answerable questions declined or escalated');
    assert.equal(report.pii.leaks, 0);
  });

  it('when our held-out questions run against the bundled KB, then answers cite the right document', async () => {
    const report = await evaluate([BUNDLED], path.join(ROOT, 'test', 'fixtures', 'kb', 'heldout-cases.jsonl'));
    assert.ok(report.retrieval['hit@1'] >= 0.95, JSON.stringify(report.retrieval));
    assert.ok(report.xling['hit@3'] >= 0.75, JSON.stringify(report.xling));
    assert.ok(report.routing.answer.recall >= 0.97, JSON.stringify(report.routing.answer));
  });
});
