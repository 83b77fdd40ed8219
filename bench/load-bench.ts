/**
 * The load benchmark (issue 8): turns/s and p50/p99 turn latency through the real HTTP path
 * (`POST /api/messages`, Emulator-style anonymous activities, replies POSTed to a local sink) at
 * 1, 50 and 500 concurrent conversations, for a bare botbuilder echo bot (the reference) and
 * Madoguchi with extractive answers on PGlite and on PostgreSQL — all in the same run, phases
 * interleaved per concurrency level — then the Ollama-pool phase (llm-pool-bench.ts).
 *
 * Every server runs in its own child process (bench/target-server.ts) so it has a core to itself
 * on a 2-core machine; the load generator and the sink share the parent process.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { startBenchSink, type BenchSink } from './sink';
import { startTarget, type TargetProcess } from './target-process';
import { runLoad, type LoadResult } from './load-generator';
import { LOAD_QUESTIONS, LOAD_QUESTIONS_BY_LANGUAGE } from './bench-texts';
import { extractiveEnv } from './bench-env';
import { stageBreakdown } from './stage-breakdown';
import { runLlmPoolBench, type LlmPoolResult } from './llm-pool-bench';
import { createThrowawayPostgres, postgresAvailable, type ThrowawayPostgres } from '../test/helpers/test-databases';

/** Options of {@link runLoadBench}. */
export interface LoadBenchOptions {
  /**
   * [concurrency, turns, rounds] per level. Each level runs in `rounds` rounds (default 1) of
   * turns/rounds, every server once per round in turn, so all servers see the same machine
   * conditions (a shared VM's speed drifts by tens of percent within seconds).
   */
  levels?: [number, number, number?][];
  /** Wall-clock budget for the whole load bench, in seconds. */
  budgetSeconds?: number;
  /** Ollama pool slots (OLLAMA_HOST_CONCURRENCY) for the LLM phase; 0 skips it. */
  poolSlots?: number;
  /** Residents in the LLM phase. */
  residents?: number;
  log?: (line: string) => void;
}

type PhaseResult = LoadResult & {
  rounds?: number;
  /** Median over rounds of (this server's turns/s ÷ the echo bot's in the same round). */
  throughput_ratio_to_echo?: number;
  /** Median over rounds of (this server's p50 ÷ the echo bot's in the same round). */
  p50_ratio_to_echo?: number;
  /** The per-round throughput ratios the median was taken from. */
  round_throughput_ratios?: number[];
  round_p50_ratios?: number[];
};

/** One server's results. */
export interface TargetResult {
  driver: string;
  startup_s: number;
  levels: Record<string, PhaseResult>;
  /** Server-process CPU per turn (includes PGlite, which runs in process; not PostgreSQL's own CPU). */
  cpu_ms_per_turn?: number;
  /** Turns per second one core of the bot process can serve (1000 / cpu_ms_per_turn). */
  turns_per_core_s?: number;
  /** Per-turn averages from the server's /metrics (present once the container wires Metrics). */
  stages?: ReturnType<typeof stageBreakdown>;
  /** PostgreSQL work per turn from pg_stat_database (PostgreSQL only). */
  db_per_turn?: Record<string, number>;
}

/** What {@link runLoadBench} returns. */
export interface LoadBenchResult {
  machine: { cpus: number; cpu_model: string; node: string; loadavg_1m: number };
  method: string;
  echo?: TargetResult;
  madoguchi_pglite?: TargetResult;
  madoguchi_postgres?: TargetResult | { skipped: string };
  targets?: Record<string, number | boolean | string>;
  llm_pool?: LlmPoolResult | { skipped: string };
  errors: string[];
}

const DEFAULT_LEVELS: [number, number, number?][] = [
  [1, 400, 8],
  [50, 4000, 8],
  [500, 5000, 2],
];
/**
 * Turns each server gets before measuring, the same for every server: the measured levels see
 * steady-state, JIT-compiled code (300 left Madoguchi's larger turn path partly unoptimised, so
 * its first one-conversation rounds measured V8's warm-up more than the bot).
 */
const WARM_UP_TURNS = 1500;
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** One level's rounds of one server, as one result: sums for counts, medians for latencies. */
export function combineRounds(rounds: readonly LoadResult[]): PhaseResult {
  const first = rounds[0];
  const turns = rounds.reduce((n, r) => n + r.turns, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  return {
    concurrency: first.concurrency,
    turns,
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    seconds: round(seconds),
    turns_per_s: round(turns / seconds, 1),
    p50_ms: round(median(rounds.map((r) => r.p50_ms)), 2),
    p90_ms: round(median(rounds.map((r) => r.p90_ms)), 2),
    p99_ms: round(median(rounds.map((r) => r.p99_ms)), 2),
    max_ms: Math.max(...rounds.map((r) => r.max_ms)),
    truncated: rounds.some((r) => r.truncated),
    rounds: rounds.length,
  };
}

async function pgStats(url: string): Promise<Record<string, number>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<Record<string, string>>(
      'SELECT xact_commit, tup_inserted, tup_updated, tup_deleted, tup_fetched, tup_returned, blks_hit FROM pg_stat_database WHERE datname = current_database()',
    );
    return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
  } finally {
    await c.end();
  }
}

/** Runs the whole load benchmark. */
export async function runLoadBench(options: LoadBenchOptions = {}): Promise<LoadBenchResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const levels = options.levels ?? DEFAULT_LEVELS;
  const started = Date.now();
  const hardDeadline = started + (options.budgetSeconds ?? 420) * 1000;
  const errors: string[] = [];
  const result: LoadBenchResult = {
    machine: { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? '', node: process.version, loadavg_1m: round(os.loadavg()[0], 2) },
    method:
      'Each server runs in its own Node process on 127.0.0.1; the load generator (keep-alive HTTP, one socket per conversation) and the reply sink share the parent process. ' +
      'Each conversation sends its next message when the previous POST /api/messages returned; a slot moves on to a new resident every 5 turns; each resident asks 4 questions about the bundled KB in one language (12 questions in en/ko/ja), so repeated questions are served from the answer cache as in real FAQ traffic. Latency = POST round trip (CloudAdapter answers after the turn, i.e. after the reply was POSTed to and acknowledged by the sink). ' +
      'Each concurrency level runs in rounds (c1: 8, c50: 8, c500: 2); in every round each server gets its share of the turns in turn (echo, Madoguchi/PGlite, Madoguchi/PostgreSQL), so all three see the same machine conditions. A level\'s turns/s is its total turns over total seconds, its latencies the median of the rounds\' values; a ratio to echo is the median of the per-round ratios (listed in round_*_ratios). 1,500 warm-up turns per server (so every server is measured in its steady state, its hot paths compiled by V8) are not counted.',
    errors,
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-bench-'));
  let sink: BenchSink | null = null;
  let pg: ThrowawayPostgres | null = null;
  const targets: { name: 'echo' | 'madoguchi_pglite' | 'madoguchi_postgres'; proc: TargetProcess; res: TargetResult; cpu0: number; turns: number; stats0?: Record<string, number> }[] = [];
  try {
    sink = await startBenchSink();
    const boot = async (name: (typeof targets)[number]['name'], kind: 'echo' | 'madoguchi', env: Record<string, string>) => {
      const t0 = Date.now();
      log(`[load] starting ${name}…`);
      try {
        const proc = await startTarget(kind, env);
        const res: TargetResult = { driver: proc.driver, startup_s: round((Date.now() - t0) / 1000, 1), levels: {} };
        log(`[load] ${name} up at ${proc.url} (${res.startup_s} s), warming up`);
        await runLoad({ url: proc.url, serviceUrl: sink!.url, concurrency: 5, turns: WARM_UP_TURNS, texts: LOAD_QUESTIONS, residentTexts: LOAD_QUESTIONS_BY_LANGUAGE, deadline: Date.now() + 60000, conversationPrefix: `${name}-warm` });
        const entry: (typeof targets)[number] = { name, proc, res, cpu0: await proc.cpuSeconds(), turns: 0 };
        targets.push(entry);
        return entry;
      } catch (err) {
        errors.push(`${name}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
        return null;
      }
    };
    await boot('echo', 'echo', {});
    await boot('madoguchi_pglite', 'madoguchi', extractiveEnv(path.join(tmp, 'pglite'), ''));
    if (await postgresAvailable()) {
      pg = await createThrowawayPostgres();
      const entry = await boot('madoguchi_postgres', 'madoguchi', extractiveEnv(path.join(tmp, 'pg'), pg.url));
      if (entry) entry.stats0 = await pgStats(pg.url);
    } else {
      result.madoguchi_postgres = { skipped: 'PostgreSQL is not reachable at 127.0.0.1:5432' };
    }

    const perRound = new Map<string, LoadResult[]>();
    for (const [concurrency, turns, rounds = 1] of levels) {
      for (let k = 0; k < rounds; k += 1) {
        for (const t of targets) {
          const n = Math.ceil(turns / rounds);
          const cap = Math.min(hardDeadline, Date.now() + Math.max(20, n / 40) * 1000);
          log(`[load] ${t.name}: ${concurrency} concurrent, ${n} turns (round ${k + 1}/${rounds})`);
          const r = await runLoad({ url: t.proc.url, serviceUrl: sink.url, concurrency, turns: n, texts: LOAD_QUESTIONS, residentTexts: LOAD_QUESTIONS_BY_LANGUAGE, deadline: cap, conversationPrefix: `${t.name}-c${concurrency}-r${k}` });
          const key = `${t.name}/c${concurrency}`;
          perRound.set(key, [...(perRound.get(key) ?? []), r]);
          t.turns += r.turns;
          log(`[load]   ${r.turns_per_s} turns/s, p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, errors ${r.errors}${r.truncated ? ' (truncated)' : ''}`);
        }
      }
      for (const t of targets) {
        const rounds = perRound.get(`${t.name}/c${concurrency}`);
        if (rounds && rounds.length > 0) t.res.levels[`c${concurrency}`] = combineRounds(rounds);
      }
    }

    const echo = targets.find((t) => t.name === 'echo');
    for (const t of targets) {
      const cpu = (await t.proc.cpuSeconds()) - t.cpu0;
      if (t.turns > 0) {
        t.res.cpu_ms_per_turn = round((cpu * 1000) / t.turns, 3);
        t.res.turns_per_core_s = round(t.turns / cpu, 1);
      }
      const exposition = await t.proc.metrics();
      const stages = exposition ? stageBreakdown(exposition) : null;
      if (stages && stages.turns > 0) t.res.stages = stages;
      if (echo && t !== echo) {
        for (const [level, r] of Object.entries(t.res.levels)) {
          const mine = perRound.get(`${t.name}/${level}`) ?? [];
          const echoes = perRound.get(`echo/${level}`) ?? [];
          const pairs = mine.map((m, k) => [m, echoes[k]] as const).filter((p): p is readonly [LoadResult, LoadResult] => p[1] !== undefined);
          if (pairs.length === 0) continue;
          r.round_throughput_ratios = pairs.map(([m, e]) => round(m.turns_per_s / e.turns_per_s, 3));
          r.round_p50_ratios = pairs.map(([m, e]) => round(m.p50_ms / e.p50_ms, 3));
          r.throughput_ratio_to_echo = round(median(r.round_throughput_ratios), 3);
          r.p50_ratio_to_echo = round(median(r.round_p50_ratios), 3);
        }
      }
      await t.proc.stop();
      if (t.name === 'madoguchi_postgres' && pg && t.stats0) {
        // Backends flush their statistics on exit, so after stop() the counters are complete.
        const s1 = await pgStats(pg.url);
        t.res.db_per_turn = Object.fromEntries(Object.entries(s1).map(([k, v]) => [k, round((v - (t.stats0?.[k] ?? 0)) / t.turns, 2)]));
      }
      result[t.name] = t.res;
    }
    result.targets = targetsSummary(result);
  } finally {
    for (const t of targets) await t.proc.stop().catch(() => undefined);
    await pg?.drop().catch((err: unknown) => errors.push(`dropping the bench database: ${String(err)}`));
    await sink?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  if ((options.poolSlots ?? 10) > 0) {
    const remaining = Math.max(0, (hardDeadline - Date.now()) / 1000);
    try {
      result.llm_pool = await runLlmPoolBench({ slots: options.poolSlots ?? 10, residents: options.residents ?? 200, budgetSeconds: Math.max(60, remaining), log });
    } catch (err) {
      errors.push(`llm pool: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }
  return result;
}

/** The acceptance figures, computed from the results. */
function targetsSummary(r: LoadBenchResult): Record<string, number | boolean | string> {
  const out: Record<string, number | boolean | string> = {};
  for (const name of ['madoguchi_pglite', 'madoguchi_postgres'] as const) {
    const t = r[name];
    if (!t || 'skipped' in t) continue;
    const c50 = t.levels.c50?.throughput_ratio_to_echo;
    const p50 = t.levels.c1?.p50_ratio_to_echo;
    if (c50 !== undefined) {
      out[`${name}_c50_throughput_ratio`] = c50;
      out[`${name}_c50_throughput_ok`] = c50 >= 0.8;
    }
    if (p50 !== undefined) {
      out[`${name}_c1_p50_ratio`] = p50;
      out[`${name}_c1_p50_ok`] = p50 <= 2;
    }
  }
  return out;
}
