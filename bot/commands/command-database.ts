/**
 * How CLI commands reach the database. The embedded database (PGlite) allows one process: a
 * running server owns the data folder (it writes `${DATA_DIR}/madoguchi.pid`), so a command that
 * would open the folder next to it refuses instead (two processes corrupt it, and the server keeps
 * per-process state such as rate-limit counters in memory). PostgreSQL is shared: no such rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../storage/open-database';
import type { Database } from '../../storage/database';

/** The server's pid file, when a live server holds the data folder. */
export function runningServer(dataDir: string): { pid: number; port: number } | null {
  const file = path.resolve(dataDir, 'madoguchi.pid');
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: unknown; port?: unknown };
    if (typeof info.pid !== 'number' || typeof info.port !== 'number') return null;
    process.kill(info.pid, 0); // throws when no such process
    return { pid: info.pid, port: info.port };
  } catch {
    return null;
  }
}

/** Opens the database for a command; with the embedded database, refuses while a server holds the folder. */
export async function openCommandDatabase(databaseUrl: string, dataDir: string): Promise<Database> {
  const holder = databaseUrl ? null : runningServer(dataDir);
  if (holder) {
    throw new Error(
      `a Madoguchi server (pid ${holder.pid}, port ${holder.port}) is using ${path.resolve(dataDir)}; the embedded database allows one process: stop the server first, or set DATABASE_URL to share PostgreSQL`,
    );
  }
  return openDatabase({ databaseUrl, dataDir });
}
