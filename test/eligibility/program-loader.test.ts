import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluatePrograms } from '../../eligibility/engine';
import { applySummary, loadPrograms, parseProgram } from '../../eligibility/program-loader';
import { rankQuestions, selectQuestion } from '../../eligibility/question-selection';
import { SAMPLE_KB, samplePrograms, settings } from './helpers';

const EXPECTED_IDS = [
  'hanbit-basic-pension', 'hanbit-child-allowance', 'hanbit-emergency-welfare', 'hanbit-housing-benefit',
  'maplebay-child-care-subsidy', 'maplebay-disability-support', 'maplebay-heating-assistance', 'maplebay-senior-transit-pass',
  'sakuradai-child-allowance', 'sakuradai-school-expense-aid', 'sakuradai-single-parent-allowance',
];

describe('program loader', () => {
  it('when the bundled KB is loaded, then the 11 screening programs have criteria, a source and how to apply', () => {
    const { programs, problems } = loadPrograms(SAMPLE_KB, settings);
    assert.deepEqual(problems, []);
    const screened = programs.filter((p) => p.criteria !== null);
    assert.deepEqual(screened.map((p) => p.id).sort(), EXPECTED_IDS);
    for (const p of screened) {
      assert.match(p.sourceUrl ?? '', /^https:\/\/www\.(hanbit|city\.sakuradai|maplebay)\.example\./, p.id);
      assert.ok(p.apply && p.apply.length > 10, `${p.id} has how-to-apply`);
    }
    assert.deepEqual(new Set(screened.map((p) => p.lang)), new Set(['ko', 'ja', 'en']));
  });

  it('when a document has no eligibility block, then it is kept without criteria', () => {
    const p = parseProgram('x.md', '---\nid: x\ntitle: X\nlang: en\n---\n# X\n', settings);
    assert.ok(!('message' in p));
    assert.equal(p.criteria, null);
  });

  it('when a block is invalid or refers to an unknown reference, then the document is reported, not loaded', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elig-kb-'));
    fs.writeFileSync(path.join(dir, 'bad.md'), '---\nid: bad\neligibility:\n  agee: { min: 3 }\n---\n');
    fs.writeFileSync(path.join(dir, 'ref.md'), '---\nid: ref\neligibility:\n  income: { reference: nope }\n---\n');
    fs.writeFileSync(path.join(dir, 'ok.md'), '---\nid: ok\neligibility:\n  age: { min: 65 }\napply: Visit the office.\n---\n');
    const { programs, problems } = loadPrograms(dir, settings);
    assert.deepEqual(programs.map((p) => p.id), ['ok']);
    assert.equal(programs[0].apply, 'Visit the office.');
    assert.equal(problems.length, 2);
    assert.match(problems.map((p) => p.message).join('\n'), /unknown income reference "nope"/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when the body has a how-to-apply section, then its first steps become the summary', () => {
    assert.equal(applySummary('# T\n\n## How to apply\n\n1. Call us.\n2. Send the form.\n3. Wait.\n\n## Documents needed\n- ID'), 'Call us. Send the form.');
  });
});

describe('question selection', () => {
  const programs = samplePrograms();
  it('when nothing is known, then the residence is asked first (it decides every sample program)', () => {
    assert.equal(selectQuestion(evaluatePrograms(programs, {}, settings)), 'residence');
  });
  it('when the income limit needs the household size, then the household size is asked before income', () => {
    const ranked = rankQuestions(evaluatePrograms(programs, { residence: { area: 'hanbit' }, age: 70 }, settings)).map((c) => c.fact);
    assert.ok(ranked.indexOf('householdSize') < ranked.indexOf('income') || !ranked.includes('income'));
  });
  it('when a fact was already asked, then it is not asked again', () => {
    const evals = evaluatePrograms(programs, {}, settings);
    assert.notEqual(selectQuestion(evals, new Set(['residence'])), 'residence');
  });
  it('when every program is decided, then there is nothing to ask', () => {
    assert.equal(selectQuestion(evaluatePrograms(programs, { residence: { area: 'other' } }, settings)), null);
  });
});
