/**
 * `madoguchi eval --kb <dir…> --cases <file.jsonl> [--json]`: imports the knowledge base into a
 * throwaway in-memory store and runs every labelled case through the production pipeline
 * (routing, retrieval, and generation when Ollama is reachable); prints a summary or one JSON object.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { mergeKbDirs, runEvalCases } from '../eval-runner';
import { loadEvalCases } from '../../knowledge/eval/eval-cases';
import { computeEvalMetrics, type EvalReport } from '../../knowledge/eval/eval-metrics';

function summary(report: EvalReport, mode: string): string {
  const r = report.routing;
  const pr = (x: { precision: number; recall: number }) => `precision ${x.precision.toFixed(3)}  recall ${x.recall.toFixed(3)}`;
  return [
    `cases: ${report.cases}   answer mode: ${mode}`,
    `retrieval (n=${report.retrieval.n}): hit@1 ${report.retrieval['hit@1'].toFixed(3)}  hit@3 ${report.retrieval['hit@3'].toFixed(3)}  mrr ${report.retrieval.mrr.toFixed(3)}`,
    `cross-lingual (n=${report.xling.n}): hit@3 ${report.xling['hit@3'].toFixed(3)}`,
    `routing answer:       ${pr(r.answer)}`,
    `routing handoff:      ${pr(r.handoff)}`,
    `routing crisis:       ${pr(r.crisis)}`,
    `routing out_of_scope: ${pr(r.out_of_scope)}`,
    `pii: ${report.pii.leaks} leaks in ${report.pii.cases} cases`,
    `latency ms: p50 ${report.latency_ms.p50.toFixed(1)}  p95 ${report.latency_ms.p95.toFixed(1)}`,
  ].join('\n');
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
      let cases;
      try {
        cases = loadEvalCases(opts.cases);
      } catch (err) {
        // A malformed case file is the user's input: one clear line, no stack trace.
        process.stderr.write(`madoguchi eval: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 2;
        return;
      }
      const kb = mergeKbDirs(opts.kb);
      try {
        const { observations, llmMode } = await runEvalCases(cases, {
          config,
          kbDir: kb.dir,
          log,
          onProgress: (done, total) => {
            if (!opts.json || process.stderr.isTTY) process.stderr.write(`\r${done}/${total} cases`);
          },
        });
        process.stderr.write('\n');
        const report = computeEvalMetrics(observations.map((o, i) => ({ ...o, case: cases[i] })));
        if (opts.details) fs.writeFileSync(opts.details, observations.map((o, i) => JSON.stringify({ ...o, expect: cases[i].expect, docs: cases[i].docs })).join('\n') + '\n');
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${summary(report, llmMode)}\n`);
      } finally {
        kb.cleanup();
      }
    });
}
