/**
 * `madoguchi serve`: validates the configuration, builds the bot and listens; SIGTERM/SIGINT stop
 * it gracefully. An invalid configuration prints one line and exits non-zero.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { buildContainer } from '../container';
import { startServer } from '../server';
import { startMetricsListener, type MetricsListener } from '../../ops/metrics-listener';
import { claimDataFolder, recordServer, runningServer } from './command-database';

/** Registers the `serve` subcommand. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('run the bot (HTTP host with all configured channels)')
    .action(async () => {
      const config = loadConfig();
      // The embedded database is one process's: a second server on the same folder would corrupt it.
      const claim = config.DATABASE_URL === '' ? claimDataFolder(config.DATA_DIR) : recordServer(config.DATA_DIR);
      if (claim === null) {
        const holder = runningServer(config.DATA_DIR);
        process.stderr.write(
          `another Madoguchi server (pid ${holder?.pid ?? '?'}, port ${holder?.port || 'not listening yet'}) is using ${path.resolve(config.DATA_DIR)}; the embedded database allows one process: stop it, or set DATABASE_URL to share PostgreSQL\n`,
        );
        process.exitCode = 1;
        return;
      }
      const log = createLogger(config.LOG_LEVEL);
      let server;
      let metricsListener: MetricsListener | null = null;
      try {
        const container = await buildContainer(config, log);
        server = await startServer(container.app, {
          port: config.PORT,
          host: config.HOST,
          log,
          shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
          keepAliveTimeoutMs: config.HTTP_KEEP_ALIVE_SECONDS * 1000,
          beginShutdown: container.beginShutdown,
          onShutdown: [container.shutdown],
        });
        claim.setPort(server.port);
        log.info({ url: server.url, database: container.databaseDriver, kbDir: config.KB_DIR }, 'madoguchi is listening');
        // 0 = no separate listener (then /metrics exists only on the main one, with METRICS_TOKEN).
        if (config.METRICS_PORT !== 0) {
          metricsListener = await startMetricsListener(container.metrics, { port: config.METRICS_PORT, host: config.METRICS_HOST, log });
          if (metricsListener) log.info({ url: `${metricsListener.url}/metrics` }, 'metrics listener is up');
        }
      } catch (err) {
        claim.release();
        throw err;
      }
      const running = server;
      const runningMetrics = metricsListener;
      const stop = (signal: string) => {
        log.info({ signal }, 'shutting down');
        void Promise.all([running.stop(), runningMetrics?.stop()]).finally(() => {
          claim.release();
          process.exit(0);
        });
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
}
