/**
 * Parent side of bench/target-server.ts: spawns a server under test in its own Node process and
 * asks it for its CPU time and metrics.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** A server under test running in a child process. */
export interface TargetProcess {
  kind: string;
  url: string;
  driver: string;
  /** CPU seconds (user + system) the server process has used so far. */
  cpuSeconds(): Promise<number>;
  /** The server's Prometheus exposition ('' for the echo bot). */
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

type Reply = { type: 'ready'; url: string; driver: string } | { type: 'failed'; error: string } | { type: 'cpu'; userUs: number; systemUs: number } | { type: 'metrics'; text: string };

/** Starts `kind` ('echo' | 'madoguchi') with `env` added to the environment; rejects after `timeoutMs`. */
export async function startTarget(kind: 'echo' | 'madoguchi', env: Record<string, string>, timeoutMs = 120000): Promise<TargetProcess> {
  const child: ChildProcess = fork(path.join(__dirname, 'target-server.ts'), [kind], {
    // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server (for finding the hot spots).
    // BENCH_SERVER_NODE_ARGS adds Node flags to every server (e.g. `--trace-gc`, with BENCH_SERVER_LOGS=1).
    execArgv: [
      '--require',
      require.resolve('tsx/cjs'),
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-interval=${process.env.BENCH_CPU_PROF_INTERVAL_US ?? '1000'}`, `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter((arg) => arg !== '') ?? []),
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', process.env.BENCH_SERVER_LOGS === '1' ? 'inherit' : 'ignore', 'inherit', 'ipc'],
  });
  const next = <T extends Reply['type']>(type: T, ms: number): Promise<Extract<Reply, { type: T }>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`${kind} server: no ${type} reply within ${ms} ms`)), ms);
      const onMessage = (m: Reply) => {
        if (m.type === type) done(null, m as Extract<Reply, { type: T }>);
        else if (m.type === 'failed') done(new Error(`${kind} server failed: ${m.error}`));
      };
      const onExit = (code: number | null) => done(new Error(`${kind} server exited (${code ?? 'signal'})`));
      function done(err: Error | null, value?: Extract<Reply, { type: T }>) {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (err) reject(err);
        else resolve(value as Extract<Reply, { type: T }>);
      }
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  let ready: Extract<Reply, { type: 'ready' }>;
  try {
    ready = await next('ready', timeoutMs);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    kind,
    url: ready.url,
    driver: ready.driver,
    cpuSeconds: async () => {
      const reply = next('cpu', 10000);
      child.send({ cmd: 'cpu' });
      const r = await reply;
      return (r.userUs + r.systemUs) / 1e6;
    },
    metrics: async () => {
      const reply = next('metrics', 10000);
      child.send({ cmd: 'metrics' });
      return (await reply).text;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ cmd: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
      await exited;
      clearTimeout(timer);
    },
  };
}
