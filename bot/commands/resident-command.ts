/**
 * `madoguchi resident export|delete --channel C --user U`: a resident's right of access and
 * erasure. `export` prints everything stored about the resident as JSON; `delete` erases it and
 * prints the rows deleted per table. Both are recorded in the audit log.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { openCommandDatabase } from './command-database';
import { AuditLog } from '../../safety/audit/audit-log';
import { ResidentData, type ResidentDeletion, type ResidentExport } from '../../safety/retention/resident-data';

/** Options of the command (also used by tests). */
export interface ResidentCommandOptions {
  channel: string;
  user: string;
  databaseUrl?: string;
  dataDir?: string;
}

const ACTOR = { actorId: 'cli', actorRole: 'operator' };

/** Runs `export` or `delete` against the configured database. */
export async function runResident(action: 'export' | 'delete', options: ResidentCommandOptions): Promise<ResidentExport | ResidentDeletion> {
  if (!options.channel || !options.user) throw new Error('--channel and --user are required');
  const config = loadConfig();
  const db = await openCommandDatabase(options.databaseUrl ?? config.DATABASE_URL, options.dataDir ?? config.DATA_DIR);
  try {
    const data = new ResidentData(db, new AuditLog(db));
    return action === 'export' ? await data.export(options.channel, options.user, ACTOR) : await data.delete(options.channel, options.user, ACTOR);
  } finally {
    await db.close();
  }
}

/** Registers the `resident` subcommand. */
export function register(program: Command): void {
  const resident = program.command('resident').description("export or erase one resident's data (JSON)");
  for (const action of ['export', 'delete'] as const) {
    resident
      .command(action)
      .description(action === 'export' ? 'print everything stored about a resident' : 'erase everything stored about a resident')
      .requiredOption('--channel <id>', 'channel id, e.g. line, kakao, telegram, webchat')
      .requiredOption('--user <id>', 'the resident\'s user id on that channel')
      .action(async (opts: { channel: string; user: string }) => {
        try {
          process.stdout.write(`${JSON.stringify(await runResident(action, opts), null, 2)}\n`);
        } catch (err) {
          process.stderr.write(`madoguchi resident ${action}: ${err instanceof Error ? err.message : String(err)}\n`);
          process.exitCode = 1;
        }
      });
  }
}
