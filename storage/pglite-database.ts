/**
 * Embedded PostgreSQL (PGlite, WebAssembly) in a data directory: the default store, needs no server.
 * PGlite is single-connection and single-process; statements are serialised by PGlite itself.
 */
import { PGlite } from '@electric-sql/pglite';
import type { Database, NotificationHandler, QueryResult, SqlRunner } from './database';

/** Opens (or creates) the embedded database. `dataDir` undefined means in memory (tests). */
export class PgliteDatabase implements Database {
  readonly driver = 'pglite' as const;
  private closed = false;

  private constructor(private readonly pg: PGlite) {}

  /** Creates the database; resolves once it is ready. */
  static async open(dataDir?: string): Promise<PgliteDatabase> {
    const pg = dataDir ? new PGlite(dataDir) : new PGlite();
    await pg.waitReady;
    return new PgliteDatabase(pg);
  }

  async query<T extends object>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const result = await this.pg.query<T>(sql, params as unknown[]);
    return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
  }

  async exec(sql: string): Promise<void> {
    await this.pg.exec(sql);
  }

  async transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.pg.transaction(async (tx) =>
      fn({
        query: async <R extends object>(sql: string, params: readonly unknown[] = []) => {
          const result = await tx.query<R>(sql, params as unknown[]);
          return { rows: result.rows, affectedRows: result.affectedRows ?? 0 };
        },
      }),
    );
  }

  async listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>> {
    const unsubscribe = await this.pg.listen(channel, handler);
    return async () => {
      if (!this.closed) await unsubscribe();
    };
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.pg.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      await this.pg.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pg.close();
  }
}
