/**
 * Drives ONE server under test with the load generator and prints its figures, for finding hot
 * spots between full `npm run bench` runs:
 *   npx tsx bench/profile-target.ts echo|pglite|postgres [concurrency=50] [turns=3000]
 * It also prints the CPU the load generator and sink (this process) used per turn: they share the
 * machine with the server. With BENCH_CPU_PROF=<dir> the server writes a V8 CPU profile there (see target-process.ts;
 * BENCH_CPU_PROF_INTERVAL_US sets the sampling interval, default 1000 µs); with
 * BENCH_STAGES=1 it also prints the per-turn stage averages from the server's /metrics; with
 * BENCH_SERVER_NODE_ARGS="--trace-gc" BENCH_SERVER_LOGS=1 the server prints its garbage collections.
 * Loopback only; the postgres target uses a throwaway database on 127.0.0.1:5432.
 */
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { startBenchSink } from './sink';
import { startTarget } from './target-process';
import { runLoad } from './load-generator';
import { LOAD_QUESTIONS, LOAD_QUESTIONS_BY_LANGUAGE } from './bench-texts';
import { extractiveEnv } from './bench-env';
import { stageBreakdown } from './stage-breakdown';
import { createThrowawayPostgres } from '../test/helpers/test-databases';

async function main(): Promise<void> {
  const which = process.argv[2] ?? 'pglite';
  if (!['echo', 'pglite', 'postgres'].includes(which)) throw new Error('usage: profile-target.ts echo|pglite|postgres [concurrency] [turns]');
  const concurrency = Number(process.argv[3] ?? 50);
  const turns = Number(process.argv[4] ?? 3000);
  const sink = await startBenchSink();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-profile-'));
  const pg = which === 'postgres' ? await createThrowawayPostgres() : null;
  try {
    const proc = which === 'echo' ? await startTarget('echo', {}) : await startTarget('madoguchi', extractiveEnv(tmp, pg?.url ?? ''));
    const load = { url: proc.url, serviceUrl: sink.url, texts: LOAD_QUESTIONS, residentTexts: LOAD_QUESTIONS_BY_LANGUAGE };
    await runLoad({ ...load, concurrency: 5, turns: 300, deadline: Date.now() + 30000, conversationPrefix: 'warm' });
    const cpu0 = await proc.cpuSeconds();
    const own0 = process.cpuUsage();
    const [messages0, activities0] = [sink.messages, sink.activities];
    const r = await runLoad({ ...load, concurrency, turns, deadline: Date.now() + 120000, conversationPrefix: 'profile' });
    const cpu1 = await proc.cpuSeconds();
    const own = process.cpuUsage(own0);
    process.stdout.write(
      `${JSON.stringify({ target: which, concurrency, turns_per_s: r.turns_per_s, p50_ms: r.p50_ms, p99_ms: r.p99_ms, errors: r.errors, cpu_ms_per_turn: Math.round(((cpu1 - cpu0) * 1e6) / r.turns) / 1000, load_generator_cpu_ms_per_turn: Math.round((own.user + own.system) / r.turns) / 1000, sent_per_turn: { messages: Math.round(((sink.messages - messages0) / r.turns) * 100) / 100, all: Math.round(((sink.activities - activities0) / r.turns) * 100) / 100 } })}\n`,
    );
    if (process.env.BENCH_STAGES && which !== 'echo') {
      process.stdout.write(`${JSON.stringify(stageBreakdown(await proc.metrics()).per_turn)}\n`);
    }
    await proc.stop();
  } finally {
    await pg?.drop();
    await sink.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
