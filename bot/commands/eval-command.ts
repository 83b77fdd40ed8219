/**
 * `madoguchi eval --kb <dir…> --cases <file.jsonl> [--json]`: imports the knowledge base into a
 * throwaway in-memory store and runs every labelled case through the production pipeline
 * (routing, retrieval, and generation when Ollama is reachable); prints a summary or one JSON object.
 * Exit code 2 for unusable input (a malformed case file, a knowledge base without documents);
 * missed crisis cases are reported (first line of the summary), not an exit code.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { EvalKbError, mergeKbDirs, runEvalCases } from '../eval-runner';
import { EVAL_LANGS, EXPECTATIONS, loadEvalCases, type EvalCase } from '../../knowledge/eval/eval-cases';
import { OBSERVED_ROUTES, computeEvalMetrics, type EvalReport } from '../../knowledge/eval/eval-metrics';

const f3 = (x: number): string => x.toFixed(3);

/** An aligned table, two spaces between columns: the first column (and those in `left`) left-aligned, the others right-aligned. */
function table(rows: string[][], left: ReadonlySet<number> = new Set()): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map(
    (r) =>
      '  ' +
      r
        .map((cell, i) => (i === 0 || left.has(i) ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
        .join('  ')
        .trimEnd(),
  );
}

/** The human-readable report (the first line warns of missed crisis cases). */
export function summary(report: EvalReport, mode: string): string {
  const r = report.routing;
  const pr = (x: { precision: number; recall: number }) => `precision ${f3(x.precision)}  recall ${f3(x.recall)}`;
  const lines: string[] = [];
  if (report.crisis_missed.length > 0) lines.push(`CRISIS MISSED: ${report.crisis_missed.length}`);
  lines.push(
    `cases: ${report.cases}   answer mode: ${mode}`,
    `retrieval (n=${report.retrieval.n}): hit@1 ${f3(report.retrieval['hit@1'])}  hit@3 ${f3(report.retrieval['hit@3'])}  mrr ${f3(report.retrieval.mrr)}`,
    `cross-lingual (n=${report.xling.n}): hit@3 ${f3(report.xling['hit@3'])}`,
    `routing answer:       ${pr(r.answer)}`,
    `routing handoff:      ${pr(r.handoff)}`,
    `routing crisis:       ${pr(r.crisis)}`,
    `routing out_of_scope: ${pr(r.out_of_scope)}`,
    `pii: ${report.pii.leaks} leaks in ${report.pii.cases} cases`,
    `latency ms: p50 ${report.latency_ms.p50.toFixed(1)}  p95 ${report.latency_ms.p95.toFixed(1)}`,
  );
  const langs = EVAL_LANGS.filter((l) => report.by_lang[l].cases > 0);
  const factsByLang = langs
    .filter((l) => report.facts.by_lang[l].n > 0)
    .map((l) => `${l} ${f3(report.facts.by_lang[l].found_share)} (n=${report.facts.by_lang[l].n})`)
    .join('  ');
  lines.push(
    report.facts.n > 0 ? `facts (n=${report.facts.n}): found ${f3(report.facts.found_share)}   ${factsByLang}`.trimEnd() : 'facts: none listed in the cases',
    `reply chars, answer cases (n=${report.reply_chars.n}): p50 ${report.reply_chars.p50}  p90 ${report.reply_chars.p90}   ${langs
      .filter((l) => report.reply_chars.by_lang[l].n > 0)
      .map((l) => `${l} p50 ${report.reply_chars.by_lang[l].p50} p90 ${report.reply_chars.by_lang[l].p90}`)
      .join('  ')}`.trimEnd(),
    `list items merged into another: ${report.list_items.merged_lines} reply line(s) in ${report.list_items.replies} answers`,
  );

  lines.push('', 'by language (routing precision/recall):');
  lines.push(
    ...table([
      ['lang', 'cases', 'hit@1', 'hit@3', 'xling@3', ...EXPECTATIONS],
      ...langs.map((l) => {
        const s = report.by_lang[l];
        return [
          l,
          String(s.cases),
          s.retrieval.n ? f3(s.retrieval['hit@1']) : '-',
          s.retrieval.n ? f3(s.retrieval['hit@3']) : '-',
          s.xling.n ? f3(s.xling['hit@3']) : '-',
          ...EXPECTATIONS.map((label) => `${s.routing[label].precision.toFixed(2)}/${s.routing[label].recall.toFixed(2)}`),
        ];
      }),
    ]),
  );

  const tags = Object.keys(report.by_tag);
  if (tags.length > 0) {
    lines.push('', 'by tag (route accuracy; recall of each expected label):');
    lines.push(
      ...table([
        ['tag', 'n', 'accuracy', 'recall'],
        ...tags.map((t) => {
          const s = report.by_tag[t];
          const recall = EXPECTATIONS.filter((l) => s.recall[l] !== undefined)
            .map((l) => `${l} ${f3(s.recall[l] ?? 0)}`)
            .join(', ');
          return [t, String(s.n), f3(s.accuracy), recall];
        }),
      ], new Set([3])),
    );
  }

  lines.push('', 'route confusion (rows: expected; columns: route taken):');
  lines.push(...table([['expected', ...OBSERVED_ROUTES], ...EXPECTATIONS.map((label) => [label, ...OBSERVED_ROUTES.map((route) => String(report.confusion[label][route]))])]));

  lines.push('');
  if (report.crisis_missed.length === 0) lines.push('crisis cases misrouted: none');
  else {
    lines.push(`crisis cases misrouted (${report.crisis_missed.length}):`);
    lines.push(...report.crisis_missed.map((m) => `  ${m.id} [${m.lang}] -> ${m.route}: ${m.text.replace(/\s+/g, ' ')}`));
  }
  return lines.join('\n');
}

/** Registers the `eval` subcommand. */
export function register(program: Command): void {
  program
    .command('eval')
    .description('evaluate routing, retrieval and answers on labelled cases')
    .requiredOption('--kb <dir...>', 'knowledge base folder(s); several are merged')
    .requiredOption('--cases <file>', 'labelled cases (JSONL)')
    .option('--json', 'print exactly one JSON object')
    .option('--details <file>', 'write per-case observations (JSONL) to this file')
    .action(async (opts: { kb: string[]; cases: string; json?: boolean; details?: string }) => {
      const config = loadConfig();
      const log = createLogger('silent');
      // Unusable input (malformed cases, a knowledge base without documents): one clear line, exit code 2.
      const fail = (err: unknown) => {
        process.stderr.write(`madoguchi eval: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 2;
      };
      let cases: EvalCase[];
      let kb: ReturnType<typeof mergeKbDirs>;
      try {
        cases = loadEvalCases(opts.cases);
        kb = mergeKbDirs(opts.kb);
      } catch (err) {
        fail(err);
        return;
      }
      try {
        const { observations, llmMode } = await runEvalCases(cases, {
          config,
          kbDir: kb.dir,
          kbLabel: opts.kb.join(', '),
          log,
          onProgress: (done, total) => {
            if (!opts.json || process.stderr.isTTY) process.stderr.write(`\r${done}/${total} cases`);
          },
        });
        process.stderr.write('\n');
        const report = computeEvalMetrics(observations.map((o, i) => ({ ...o, case: cases[i] })));
        if (opts.details) fs.writeFileSync(opts.details, observations.map((o, i) => JSON.stringify({ ...o, expect: cases[i].expect, docs: cases[i].docs })).join('\n') + '\n');
        if (opts.json && report.crisis_missed.length > 0) process.stderr.write(`CRISIS MISSED: ${report.crisis_missed.length}\n`);
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${summary(report, llmMode)}\n`);
      } catch (err) {
        if (err instanceof EvalKbError) fail(err);
        else throw err;
      } finally {
        kb.cleanup();
      }
    });
}
