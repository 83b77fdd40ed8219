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

/**
 * A freshly migrated, empty in-memory database, dumped once per process: later in-memory opens load
 * it instead of creating and migrating a new one (about 2 s saved each; tests and `eval` open many).
 * It holds the schema only, never data, since it is taken before the first caller sees the database.
 */
let memoryTemplate: Promise<Blob> | undefined;

/** Opens the database and runs pending migrations. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  let db: Database;
  if (options.databaseUrl) {
    db = await PostgresDatabase.open(options.databaseUrl);
  } else if (options.inMemory) {
    const template = memoryTemplate ? await memoryTemplate.catch(() => undefined) : undefined;
    db = await PgliteDatabase.open(undefined, template);
  } else {
    const dir = path.resolve(options.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    db = await PgliteDatabase.open(dir);
  }
  try {
    const applied = await migrate(db);
    if (applied.length > 0) options.log?.info({ applied, driver: db.driver }, 'database migrations applied');
    if (options.inMemory && !memoryTemplate && db instanceof PgliteDatabase) {
      memoryTemplate = db.dumpDataDir();
      await memoryTemplate;
    }
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
