/**
 * `npm run bench`: runs every benchmark and prints ONE JSON object on stdout (progress goes to
 * stderr). Loopback only; about 8 minutes on a 2-core machine, plus about 4 for the insight benchmark.
 *
 *   retrieval      bench/retrieval-bench.ts  (runRetrievalBench)
 *   prompt_tokens  bench/llm-bench.ts        (runLlmBench: the answer service's section prompts vs a plain LangChain stuff-documents chain)
 *   load           bench/load-bench.ts       (echo bot vs Madoguchi on PGlite/PostgreSQL; Ollama pool)
 *   alerts         bench/alerts-fanout-bench.ts (one announcement to 100,000 residents at the platforms' rate limits)
 *   insight        bench/insight-bench.ts   (insight pages over one million stored turns seeded with SQL, PGlite and PostgreSQL; about 4 minutes)
 *
 * Flags: `--only=load,retrieval,prompt_tokens,alerts,insight` runs a subset; `--quick` runs small load levels
 * (a smoke test of the harness, not figures to report).
 */
import fs from 'node:fs';
import path from 'node:path';
import { runLoadBench } from './load-bench';

type BenchFn = (options?: { log?: (line: string) => void }) => Promise<unknown>;

const TOTAL_BUDGET_S = 480;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Loads an optional benchmark written in another file; null when the file is not there yet. */
function optional(file: string, exportName: string): BenchFn | null {
  const full = path.join(__dirname, `${file}.ts`);
  if (!fs.existsSync(full)) return null;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional module, resolved at run time
  const mod = require(full) as Record<string, unknown>;
  const fn = mod[exportName];
  return typeof fn === 'function' ? (fn as BenchFn) : null;
}

async function timed(name: string, fn: () => Promise<unknown>): Promise<unknown> {
  const t0 = Date.now();
  log(`[bench] ${name}…`);
  try {
    const value = await fn();
    log(`[bench] ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return value;
  } catch (err) {
    log(`[bench] ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const quick = args.includes('--quick');
  const wants = (name: string) => !only || only.includes(name);
  const started = Date.now();
  const out: Record<string, unknown> = { started_at: new Date(started).toISOString() };

  for (const [key, file, exportName] of [
    ['retrieval', 'retrieval-bench', 'runRetrievalBench'],
    ['prompt_tokens', 'llm-bench', 'runLlmBench'],
  ] as const) {
    if (!wants(key)) continue;
    const fn = optional(file, exportName);
    out[key] = fn ? await timed(key, () => fn({ log })) : { skipped: `bench/${file}.ts is not there yet` };
  }
  if (wants('load')) {
    const elapsed = (Date.now() - started) / 1000;
    const budgetSeconds = Math.max(180, Math.min(420, TOTAL_BUDGET_S - elapsed - 20));
    out.load = await timed('load', () =>
      runLoadBench(
        quick
          ? { levels: [[1, 50, 2], [10, 200, 2], [50, 500, 2]], budgetSeconds: 120, poolSlots: 20, residents: 60, log }
          : { budgetSeconds, log },
      ),
    );
  }
  if (wants('alerts')) {
    // 100,000 recipients of one announcement against platform test doubles that enforce each rate limit.
    const fn = optional('alerts-fanout-bench', 'runAlertsFanoutBench') as ((o: { log?: (line: string) => void; scale?: number }) => Promise<unknown>) | null;
    out.alerts = fn ? await timed('alerts', () => fn({ log, scale: quick ? 0.1 : 1 })) : { skipped: 'bench/alerts-fanout-bench.ts is not there yet' };
  }
  if (wants('insight')) {
    // One million turns on each driver (a tenth with --quick); the pages' latency at the client.
    const fn = optional('insight-bench', 'runInsightBench') as ((o: { log?: (line: string) => void; turns?: number }) => Promise<unknown>) | null;
    out.insight = fn ? await timed('insight', () => fn({ log, turns: quick ? 100_000 : 1_000_000 })) : { skipped: 'bench/insight-bench.ts is not there yet' };
  }
  out.total_s = Math.round((Date.now() - started) / 100) / 10;
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(String(err));
    process.exit(1);
  },
);
