/**
 * Test databases: an in-memory PGlite, and a fresh PostgreSQL database per call (random name,
 * dropped afterwards). On a machine without PostgreSQL the server-backed suites are skipped with a
 * clear reason — except in CI (CI=true), where PostgreSQL is always present and a missing server fails.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Database } from '../../storage/database';
import { openDatabase } from '../../storage/open-database';

/** Admin connection used to create and drop throwaway databases. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let availability: Promise<boolean> | null = null;

/** True when the PostgreSQL test server answers. */
export function postgresAvailable(): Promise<boolean> {
  availability ??= (async () => {
    const client = new Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return availability;
}

/** A created PostgreSQL database and how to drop it. */
export interface ThrowawayPostgres {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty PostgreSQL database with a random name. */
export async function createThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const name = `madoguchi_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A database under test plus its clean-up. */
export interface TestDatabase {
  db: Database;
  dispose(): Promise<void>;
}

/** One driver the contract suites run against. */
export interface DriverCase {
  name: 'pglite' | 'postgres';
  open(): Promise<TestDatabase>;
}

/** The two drivers; each `open()` returns a fresh, migrated database. */
export const DRIVERS: DriverCase[] = [
  {
    name: 'pglite',
    open: async () => {
      const db = await openDatabase({ databaseUrl: '', dataDir: '', inMemory: true });
      return { db, dispose: () => db.close() };
    },
  },
  {
    name: 'postgres',
    open: async () => {
      const pg = await createThrowawayPostgres();
      const db = await openDatabase({ databaseUrl: pg.url, dataDir: '' });
      return {
        db,
        dispose: async () => {
          await db.close();
          await pg.drop();
        },
      };
    },
  },
];

/**
 * Call in a `before` hook of a PostgreSQL suite: skips it (with the reason) when no server is
 * reachable outside CI, fails in CI.
 */
export async function requirePostgres(ctx: Mocha.Context): Promise<void> {
  if (await postgresAvailable()) return;
  if (process.env.CI) throw new Error(`PostgreSQL is required in CI but ${POSTGRES_ADMIN_URL} is unreachable`);
  console.warn(`  (skipping PostgreSQL suite: no server at ${POSTGRES_ADMIN_URL}; CI always runs it)`);
  ctx.skip();
}
