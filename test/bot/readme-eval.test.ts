/**
 * Issue 23, item 11: the README's evaluation command works in a fresh clone. The knowledge folder
 * and the labelled cases it names are in the repository (nothing under `../shared`, which a clone
 * does not have), the cases are well formed in every language and route, and every document they
 * expect is in that folder. (Running the whole set takes minutes; its figures are in the README's
 * table, and the command itself is tested in eval.test.ts.)
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { EVAL_LANGS, EXPECTATIONS, loadEvalCases } from '../../knowledge/eval/eval-cases';

const ROOT = path.join(__dirname, '..', '..');

/** The `--kb` folders and the `--cases` file of the README line marked as the project's own set. */
function readmeEvalCommand(): { kb: string[]; cases: string } {
  const line = fs
    .readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    .split('\n')
    .find((l) => l.includes(' eval ') && l.includes("the project's own held-out set"));
  assert.ok(line, "the README names the project's own evaluation command");
  const args = line.split('#')[0].trim().split(/\s+/);
  const kb: string[] = [];
  let cases = '';
  for (let i = args.indexOf('--kb') + 1; i < args.length && !args[i].startsWith('--'); i++) kb.push(args[i]);
  const at = args.indexOf('--cases');
  if (at >= 0) cases = args[at + 1] ?? '';
  return { kb, cases };
}

describe("the README's evaluation command in a fresh clone", function () {
  it('when the README names the held-out set, then its folder and cases are in the repository, cover every language and route, and every document a case expects is in that folder', async () => {
    const { kb, cases } = readmeEvalCommand();
    assert.ok(kb.length > 0 && cases, JSON.stringify({ kb, cases }));
    for (const p of [...kb, cases]) {
      assert.ok(!path.isAbsolute(p) && !path.normalize(p).startsWith('..'), `${p} lies outside the repository`);
      assert.ok(fs.existsSync(path.join(ROOT, p)), `${p} is not in the repository`);
    }
    const all = loadEvalCases(path.join(ROOT, cases));
    assert.ok(all.length >= 400, `${all.length} cases`);
    assert.deepEqual([...new Set(all.map((c) => c.lang))].sort(), [...EVAL_LANGS].sort());
    assert.deepEqual([...new Set(all.map((c) => c.expect))].sort(), [...EXPECTATIONS].sort());

    // Every document a case expects is in the named knowledge folder.
    const ids = new Set(
      kb.flatMap((dir) =>
        fs
          .readdirSync(path.join(ROOT, dir))
          .filter((f) => f.endsWith('.md'))
          .map((f) => /^id:\s*(\S+)/m.exec(fs.readFileSync(path.join(ROOT, dir, f), 'utf8'))?.[1] ?? ''),
      ),
    );
    const missing = [...new Set(all.flatMap((c) => c.docs))].filter((d) => !ids.has(d));
    assert.deepEqual(missing, [], 'documents the cases expect but the knowledge folder lacks');
  });
});
