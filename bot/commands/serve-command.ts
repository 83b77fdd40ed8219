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
      try {
        const container = await buildContainer(config, log);
        server = await startServer(container.app, {
          port: config.PORT,
          host: config.HOST,
          log,
          shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
          beginShutdown: container.beginShutdown,
          onShutdown: [container.shutdown],
        });
        claim.setPort(server.port);
        log.info({ url: server.url, database: container.databaseDriver, kbDir: config.KB_DIR }, 'madoguchi is listening');
      } catch (err) {
        claim.release();
        throw err;
      }
      const running = server;
      const stop = (signal: string) => {
        log.info({ signal }, 'shutting down');
        void running.stop().finally(() => {
          claim.release();
          process.exit(0);
        });
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
}
