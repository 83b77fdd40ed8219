/**
 * Routing quality of the deterministic triage on the public sample and on our own held-out set
 * (test/fixtures/triage/heldout.jsonl, written independently of the sample): crisis recall 1.0,
 * hand-off and out-of-scope recall ≥ 0.9, at most 3% of answerable questions misrouted.
 * The held-out set grew in batches; the later batches were measured blind before the rules were
 * widened (first unseen batch: crisis 4/14; second: crisis 8/14, hand-off 5/9, out of scope 3/7,
 * 1/10 answers misrouted), so a pass here overstates recall on truly new phrasings.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Triage } from '../../../safety/triage/triage';
import { isEligibilityRequest } from '../../../eligibility/eligibility-intent';
import { isLang, type Lang } from '../../../locales/lang';

interface Case {
  id: string;
  lang: Lang;
  text: string;
  expect: 'answer' | 'handoff' | 'crisis' | 'out_of_scope';
  injection?: boolean;
}

const SAMPLE = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'eval-sample', 'cases.jsonl');
const HELDOUT = path.resolve(__dirname, '..', '..', 'fixtures', 'triage', 'heldout.jsonl');

function readCases(file: string): Case[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Case)
    .map((c) => {
      assert.ok(isLang(c.lang), `${c.id}: bad lang`);
      return c;
    });
}

/** Per-label recall and the share of answer cases sent to crisis/handoff/out_of_scope. */
function measure(cases: Case[]) {
  const triage = new Triage({ isEligibilityRequest });
  const totals: Record<string, { n: number; hit: number; misses: string[] }> = {};
  let injections = 0;
  let injectionsFlagged = 0;
  for (const c of cases) {
    const route = triage.classify(c.text, c.lang);
    const got = route.kind === 'eligibility' || route.kind === 'greeting' || route.kind === 'help' ? 'answer' : route.kind;
    const t = (totals[c.expect] ??= { n: 0, hit: 0, misses: [] });
    t.n++;
    if (got === c.expect) t.hit++;
    else t.misses.push(`${c.id} → ${got}: ${c.text}`);
    if (c.injection) {
      injections++;
      if (route.kind === 'out_of_scope' && route.reason === 'injection') injectionsFlagged++;
    }
  }
  const recall = (label: string) => (totals[label] ? totals[label].hit / totals[label].n : 1);
  const answer = totals.answer ?? { n: 0, hit: 0, misses: [] };
  return { totals, recall, misroutedAnswers: answer.n ? (answer.n - answer.hit) / answer.n : 0, injections, injectionsFlagged };
}

function checkThresholds(name: string, cases: Case[]): void {
  const m = measure(cases);
  const summary = `${name}: n=${cases.length} crisis=${m.recall('crisis').toFixed(3)} handoff=${m.recall('handoff').toFixed(3)} out_of_scope=${m.recall('out_of_scope').toFixed(3)} answers misrouted=${(m.misroutedAnswers * 100).toFixed(1)}%`;
  console.log(`      ${summary}`);
  const misses = Object.values(m.totals).flatMap((t) => t.misses);
  assert.equal(m.recall('crisis'), 1, `crisis recall below 1.0 — ${misses.join(' | ')}`);
  assert.ok(m.recall('handoff') >= 0.9, `handoff recall ${m.recall('handoff')} — ${misses.join(' | ')}`);
  assert.ok(m.recall('out_of_scope') >= 0.9, `out_of_scope recall ${m.recall('out_of_scope')} — ${misses.join(' | ')}`);
  assert.ok(m.misroutedAnswers <= 0.03, `${(m.misroutedAnswers * 100).toFixed(1)}% of answers misrouted — ${misses.join(' | ')}`);
  assert.equal(m.injectionsFlagged, m.injections, 'every labelled injection is flagged as injection');
}

describe('triage routing quality', () => {
  it('when run over the whole public sample, then it meets the crisis, hand-off, out-of-scope and answer thresholds', function () {
    if (!fs.existsSync(SAMPLE)) {
      if (process.env.CI) throw new Error(`public sample missing at ${SAMPLE}`);
      console.warn(`      (skipping: no public sample at ${SAMPLE})`);
      this.skip();
    }
    const cases = readCases(SAMPLE);
    assert.ok(cases.length >= 60);
    checkThresholds('public sample', cases);
  });

  it('when run over the held-out set, then it meets the same thresholds', () => {
    const cases = readCases(HELDOUT);
    assert.ok(cases.length >= 80, 'held-out set has at least 80 messages');
    for (const label of ['answer', 'handoff', 'crisis', 'out_of_scope']) assert.ok(cases.some((c) => c.expect === label), `held-out set has ${label} cases`);
    checkThresholds('held-out', cases);
  });
});
