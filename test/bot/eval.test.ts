/**
 * `madoguchi eval` through the production pipeline (no LLM): the quality bars of issues 3 and 6 on
 * the public sample merged with the bundled KB (close distractors) and on our held-out questions.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { mergeKbDirs, runEvalCases } from '../../bot/eval-runner';
import { register, summary } from '../../bot/commands/eval-command';
import { loadEvalCases } from '../../knowledge/eval/eval-cases';
import { computeEvalMetrics, type EvalReport } from '../../knowledge/eval/eval-metrics';
import { runCli, type CliRun } from '../helpers/run-cli';

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
    assert.deepEqual(Object.keys(report).slice(0, 6), ['cases', 'retrieval', 'xling', 'routing', 'pii', 'latency_ms']);
    assert.deepEqual(report.crisis_missed, []);
    assert.equal(report.confusion.crisis.crisis, 8);
    assert.deepEqual(
      ['ko', 'ja', 'en'].map((l) => report.by_lang[l as 'ko'].cases),
      [23, 22, 15],
    );
    assert.deepEqual(report.by_tag.xling?.n, report.xling.n);
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

/** Runs `madoguchi eval …` in-process with no reachable Ollama (extractive answers). */
async function evalCli(argv: string[]): Promise<CliRun> {
  const saved = process.env.OLLAMA_BASE_URL;
  process.env.OLLAMA_BASE_URL = 'http://127.0.0.1:1';
  try {
    return await runCli(register, ['eval', ...argv]);
  } finally {
    if (saved === undefined) delete process.env.OLLAMA_BASE_URL;
    else process.env.OLLAMA_BASE_URL = saved;
  }
}

describe('madoguchi eval (command)', function () {
  this.timeout(60000);
  let tmp: string;
  let casesFile: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-eval-cmd-'));
    casesFile = path.join(tmp, 'cases.jsonl');
    const cases = [
      { id: 'c1', lang: 'ko', text: '아동수당 몇살까지 받을수있나요', expect: 'answer', docs: ['hanbit-child-allowance'], tags: ['situation'], facts: ['아동수당'] },
      { id: 'c2', lang: 'ja', text: '死にたい気持ちが止まりません', expect: 'crisis', docs: [] },
      // Mislabelled on purpose: a plain question labelled crisis is a missed crisis for the evaluator.
      { id: 'c3', lang: 'en', text: 'What is the weather like on Mars?', expect: 'crisis', docs: [], tags: ['hard_negative'] },
    ];
    fs.writeFileSync(casesFile, cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('when the knowledge folder is empty, then eval exits with code 2 and one error line instead of zero figures', async () => {
    const empty = path.join(tmp, 'kb');
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, 'README.md'), '# not a document\n');
    const { out, err, code } = await evalCli(['--kb', empty, '--cases', casesFile]);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, /^madoguchi eval: no knowledge documents in .*kb \(no \.md documents found\); nothing to evaluate\n$/);
  });

  it('when every knowledge file is rejected, then eval exits with code 2 and names the first rejection', async () => {
    const bad = path.join(tmp, 'kb');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'a.md'), '---\ntitle: no id\n---\nbody\n');
    fs.writeFileSync(path.join(bad, 'b.md'), 'no front matter\n');
    const { out, err, code } = await evalCli(['--kb', bad, path.join(tmp, 'kb'), '--cases', casesFile, '--json']);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.equal(err.trim().split('\n').length, 1, err);
    assert.match(err, /no knowledge documents in .*: all 2 file\(s\) rejected \(first: a\.md:\d+: /);
  });

  it('when a knowledge folder does not exist, then eval exits with code 2', async () => {
    const { err, code } = await evalCli(['--kb', path.join(tmp, 'missing'), '--cases', casesFile]);
    assert.equal(code, 2);
    assert.match(err, /^madoguchi eval: cannot read knowledge folder .*missing\n$/);
  });

  it('when a crisis case is routed elsewhere, then the summary says so first and lists it last, and the exit code stays 0', async () => {
    const { out, code } = await evalCli(['--kb', BUNDLED, '--cases', casesFile]);
    assert.equal(code, undefined);
    const lines = out.trimEnd().split('\n');
    assert.equal(lines[0], 'CRISIS MISSED: 1');
    assert.match(out, /^ {2}expected {6}answer {2}not_sure {2}handoff {2}crisis {2}out_of_scope {2}eligibility {2}greeting {2}help {2}other$/m);
    const crisisRow = lines.find((l) => /^ {2}crisis +\d/.test(l))?.trim().split(/ +/) ?? [];
    assert.equal(crisisRow.length, 10, 'label and 9 columns');
    assert.equal(crisisRow[4], '1', 'one crisis case routed to crisis');
    assert.equal(crisisRow.slice(1).reduce((a, n) => a + Number(n), 0), 2);
    assert.match(out, /^ {2}hard_negative +1 +0\.000 +crisis 0\.000$/m);
    assert.match(out, /^facts \(n=1\): found 1\.000 {3}ko 1\.000 \(n=1\)$/m);
    assert.deepEqual(lines.slice(-2), ['crisis cases misrouted (1):', `  c3 [en] -> ${/c3 \[en\] -> (\S+):/.exec(out)?.[1]}: What is the weather like on Mars?`]);

    const json = await evalCli(['--kb', BUNDLED, '--cases', casesFile, '--json']);
    assert.equal(json.code, undefined);
    const report = JSON.parse(json.out) as EvalReport;
    assert.deepEqual(Object.keys(report), ['cases', 'retrieval', 'xling', 'routing', 'pii', 'latency_ms', 'confusion', 'by_lang', 'by_tag', 'facts', 'reply_chars', 'crisis_missed', 'list_items']);
    assert.deepEqual(report.crisis_missed.map((m) => m.id), ['c3']);
    assert.equal(report.confusion.crisis.crisis, 1);
    assert.match(json.err, /CRISIS MISSED: 1/);
  });

  it('when no crisis is missed, then the summary starts with the case count and ends with "none"', () => {
    const text = summary(computeEvalMetrics([]), 'extractive');
    assert.match(text, /^cases: 0 {3}answer mode: extractive\n/);
    assert.match(text, /\ncrisis cases misrouted: none$/);
  });
});
