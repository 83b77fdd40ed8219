/**
 * Runs the SQL files in storage/migrations in file-name order, each exactly once, recorded in
 * `schema_migrations`. Safe to run at every start-up and from several instances at once
 * (a PostgreSQL advisory lock serialises concurrent runs).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from './database';

const LOCK_KEY = 724_100_001;

/** Finds the migrations folder from source (tsx) or compiled (dist/) code. */
export function migrationsDir(): string {
  const candidates = [path.join(__dirname, 'migrations'), path.resolve(__dirname, '..', '..', 'storage', 'migrations')];
  for (const dir of candidates) if (fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith('.sql'))) return dir;
  throw new Error(`SQL migrations not found near ${__dirname}`);
}

/** Applies pending migrations; returns the names applied by this call. */
export async function migrate(db: Database, dir = migrationsDir()): Promise<string[]> {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    // Under the lock: two instances creating the table at once would collide in the catalog.
    await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = fs.readFileSync(path.join(dir, file), 'utf8');
      // Migrations are plain multi-statement SQL; run them as one simple-protocol batch.
      await runBatch(tx, sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      applied.push(file);
    }
    return applied;
  });
}

async function runBatch(tx: { query: Database['query'] }, sql: string): Promise<void> {
  for (const statement of splitStatements(sql)) await tx.query(statement);
}

/** Splits SQL on semicolons outside quotes, comments and dollar-quoted bodies (for functions/triggers). */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      continue;
    }
    if (ch === "'") {
      const end = sql.indexOf("'", i + 1);
      const stop = end === -1 ? sql.length : end + 1;
      current += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === '$') {
      const tag = /^\$[A-Za-z0-9_]*\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        const stop = end === -1 ? sql.length : end + tag.length;
        current += sql.slice(i, stop);
        i = stop;
        continue;
      }
    }
    if (ch === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
      i++;
      continue;
    }
    current += ch;
    i++;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
