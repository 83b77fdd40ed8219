/**
 * Opens the configured database and brings its schema up to date: embedded PGlite in DATA_DIR when
 * DATABASE_URL is empty, PostgreSQL otherwise.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Database } from './database';
import { migrate } from './migrator';
import { PgliteDatabase } from './pglite-database';
import { PostgresDatabase } from './postgres-database';

/** Where and how to open the database. */
export interface OpenDatabaseOptions {
  /** `postgres://…`, or '' for embedded PGlite. */
  databaseUrl: string;
  /** Folder for PGlite's files (created if missing); ignored for PostgreSQL. */
  dataDir: string;
  /** Use an in-memory PGlite (tests). */
  inMemory?: boolean;
  log?: Logger;
}

/** Opens the database and runs pending migrations. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  let db: Database;
  if (options.databaseUrl) {
    db = await PostgresDatabase.open(options.databaseUrl);
  } else if (options.inMemory) {
    db = await PgliteDatabase.open();
  } else {
    const dir = path.resolve(options.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    db = await PgliteDatabase.open(dir);
  }
  try {
    const applied = await migrate(db);
    if (applied.length > 0) options.log?.info({ applied, driver: db.driver }, 'database migrations applied');
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
