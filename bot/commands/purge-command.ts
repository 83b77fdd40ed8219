/**
 * `madoguchi purge [--days N]`: deletes residents' data older than N days (default RETENTION_DAYS)
 * now, as the daily schedule does, and prints `{"days","cutoff","deleted":{table:n},"total"}`.
 * The run is recorded in the audit log.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { openCommandDatabase } from './command-database';
import { AuditLog } from '../../safety/audit/audit-log';
import { RetentionPurger, type PurgeReport } from '../../safety/retention/retention-purger';
import { DemandRollup } from '../../insight/demand-rollup';
import { closestDocuments } from '../wiring/insight-wiring';
import { openCommandRetriever } from './command-retriever';

/** Options of the command (also used by tests). */
export interface PurgeCommandOptions {
  days?: string;
  /** Database override (tests). */
  databaseUrl?: string;
  dataDir?: string;
}

/** Runs the purge against the configured database. */
export async function runPurge(options: PurgeCommandOptions): Promise<PurgeReport> {
  const config = loadConfig();
  const days = options.days === undefined ? config.RETENTION_DAYS : Number(options.days);
  if (!Number.isInteger(days) || days < 1) throw new Error(`--days must be a positive integer, got ${options.days}`);
  const db = await openCommandDatabase(options.databaseUrl ?? config.DATABASE_URL, options.dataDir ?? config.DATA_DIR);
  try {
    // The demand roll-up first: its daily counts keep what the purge deletes, and so does the topic
    // archive (with the documents the knowledge base finds closest, as the console would).
    const rollup = new DemandRollup(db, { closest: closestDocuments(await openCommandRetriever(config, db)) });
    const report = await new RetentionPurger(db, { beforePurge: (cutoff) => rollup.beforePurge(cutoff) }).purge(days);
    await new AuditLog(db).append({ actorId: 'cli', actorRole: 'operator', action: 'retention.purge', target: 'database', detail: { days, total: report.total } });
    return report;
  } finally {
    await db.close();
  }
}

/** Registers the `purge` subcommand. */
export function register(program: Command): void {
  program
    .command('purge')
    .description('delete residents\' data older than RETENTION_DAYS (or --days) now and print JSON')
    .option('--days <n>', 'retention in days (default: RETENTION_DAYS)')
    .action(async (opts: { days?: string }) => {
      try {
        process.stdout.write(`${JSON.stringify(await runPurge(opts), null, 2)}\n`);
      } catch (err) {
        process.stderr.write(`madoguchi purge: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });
}
