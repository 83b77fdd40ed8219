/**
 * Child-process entry of the load bench: runs ONE server under test (the echo bot or Madoguchi)
 * on 127.0.0.1, so the server gets its own core and the load generator's CPU does not count
 * against it. Talks to the parent over IPC:
 *   child → parent  { type: 'ready', url, driver } | { type: 'failed', error }
 *   parent → child  { cmd: 'cpu' }     → { type: 'cpu', userUs, systemUs }
 *                   { cmd: 'metrics' } → { type: 'metrics', text } (Prometheus exposition; '' for echo)
 *                   { cmd: 'stop' }    → graceful stop, then exit
 * Usage: node --require tsx/cjs bench/target-server.ts echo|madoguchi  (Madoguchi reads its
 * configuration from the environment the parent passes).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEchoApp } from './echo-bot';
import type { ContainerOptions } from '../bot/container';
import type { Metrics as MetricsClass } from '../ops/metrics';

/* eslint-disable @typescript-eslint/no-require-imports -- Madoguchi's modules are loaded only when
   it is the server under test, so the echo reference process stays bare (and starts even while
   the composition root is being changed). */
const madoguchi = () => ({
  ...(require('../bot/config') as typeof import('../bot/config')),
  ...(require('../bot/logger') as typeof import('../bot/logger')),
  ...(require('../bot/container') as typeof import('../bot/container')),
  ...(require('../bot/server') as typeof import('../bot/server')),
  ...(require('../ops/metrics') as typeof import('../ops/metrics')),
});
/* eslint-enable @typescript-eslint/no-require-imports */

type Command = { cmd: 'cpu' | 'metrics' | 'stop' };

function send(message: unknown): void {
  process.send?.(message);
}

async function main(kind: string): Promise<void> {
  let stop: () => Promise<void>;
  let exposition: () => Promise<string> = async () => '';
  if (kind === 'echo') {
    const server = http.createServer(createEchoApp());
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    stop = () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    send({ type: 'ready', url: `http://127.0.0.1:${port}`, driver: 'memory' });
  } else {
    const { loadConfig, createLogger, buildContainer, startServer, Metrics } = madoguchi();
    const config = loadConfig(process.env, null);
    const log = createLogger(config.LOG_LEVEL);
    const metrics = new Metrics({ defaultMetrics: false });
    // `metrics` is the option the composition root takes to wire stage timings; harmless if ignored.
    const options: ContainerOptions & { metrics?: MetricsClass } = { metrics, inMemoryDatabase: process.env.BENCH_IN_MEMORY_DB === '1' };
    const container = await buildContainer(config, log, options);
    const running = await startServer(container.app, {
      port: 0,
      host: '127.0.0.1',
      log,
      shutdownTimeoutMs: 5000,
      beginShutdown: () => container.beginShutdown(),
      onShutdown: [() => container.shutdown()],
    });
    stop = () => running.stop();
    exposition = () => metrics.exposition();
    send({ type: 'ready', url: running.url, driver: container.databaseDriver });
  }
  process.on('message', (message: Command) => {
    if (message.cmd === 'cpu') {
      const usage = process.cpuUsage();
      send({ type: 'cpu', userUs: usage.user, systemUs: usage.system });
    } else if (message.cmd === 'metrics') {
      void exposition().then((text) => send({ type: 'metrics', text }));
    } else if (message.cmd === 'stop') {
      void stop().finally(() => process.exit(0));
    }
  });
  process.on('disconnect', () => {
    void stop().finally(() => process.exit(0));
  });
}

main(process.argv[2] ?? 'echo').catch((err: unknown) => {
  send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 100).unref();
});
