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

/** This process's claim on a data folder (see {@link claimDataFolder}). */
export interface DataFolderClaim {
  /** Records the port the server listens on (the kb command talks to it there). */
  setPort(port: number): void;
  /** Gives the folder up (removes the pid file if it is still ours). */
  release(): void;
}

/**
 * Claims the data folder for this server before the embedded database is opened: the pid file is
 * created exclusively, so of two servers started at the same moment exactly one gets it; a pid
 * file left by a process that no longer runs is replaced. Returns null when a live server holds
 * the folder (see {@link runningServer} for which).
 */
export function claimDataFolder(dataDir: string): DataFolderClaim | null {
  const file = path.resolve(dataDir, 'madoguchi.pid');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, pidFileText(0), { flag: 'wx' });
      return pidFileClaim(dataDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const seen = readPidFile(file);
    if (runningServer(dataDir)) return null;
    // Left by a process that is gone: remove it, unless another server replaced it meanwhile.
    if (readPidFile(file) === seen) fs.rmSync(file, { force: true });
  }
  return null;
}

/**
 * With PostgreSQL the data folder holds no database, so nothing is claimed: the pid file only
 * tells tools (and the two-instance tests) which port this server listens on.
 */
export function recordServer(dataDir: string): DataFolderClaim {
  fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  return pidFileClaim(dataDir);
}

const pidFileText = (port: number) => JSON.stringify({ pid: process.pid, port });

function pidFileClaim(dataDir: string): DataFolderClaim {
  const file = path.resolve(dataDir, 'madoguchi.pid');
  return {
    setPort: (port) => fs.writeFileSync(file, pidFileText(port)),
    release: () => {
      if (runningServer(dataDir)?.pid === process.pid) fs.rmSync(file, { force: true });
    },
  };
}

function readPidFile(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
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
