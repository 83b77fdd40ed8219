/**
 * Embedded PostgreSQL (PGlite, WebAssembly) in a data directory: the default store, needs no server.
 * PGlite is single-connection and single-process; statements are serialised by PGlite itself.
 */
import { PGlite } from '@electric-sql/pglite';
import type { Database, NotificationHandler, QueryResult, SqlRunner } from './database';
import { PreparedStatements } from './pglite-prepared';

/**
 * Prepared statements keep one generic plan instead of being planned again at every run.
 * PostgreSQL's default (`auto`) keeps planning a statement whose parameters it cannot estimate,
 * such as `key = ANY($1::text[])` (the state read of every turn); each planning reads the size of
 * every table and index involved, which in PGlite is a file-system call through JavaScript. The
 * embedded database's statements are all simple key and range lookups, for which the generic
 * plan is the plan.
 */
export const PGLITE_PLAN_CACHE_MODE = 'force_generic_plan';

/** Opens (or creates) the embedded database. `dataDir` undefined means in memory (tests). */
export class PgliteDatabase implements Database {
  readonly driver = 'pglite' as const;
  private closed = false;
  private readonly prepared: PreparedStatements;

  private constructor(private readonly pg: PGlite) {
    this.prepared = new PreparedStatements(pg);
  }

  /**
   * Creates the database; resolves once it is ready. An in-memory database may start from
   * `template`, a dump of another one ({@link dumpDataDir}).
   */
  static async open(dataDir?: string, template?: Blob): Promise<PgliteDatabase> {
    const pg = dataDir ? new PGlite(dataDir) : new PGlite(template ? { loadDataDir: template } : undefined);
    await pg.waitReady;
    await pg.exec(`SET plan_cache_mode = ${PGLITE_PLAN_CACHE_MODE}`);
    return new PgliteDatabase(pg);
  }

  /** The whole database as an uncompressed tarball (a template for {@link open}). */
  dumpDataDir(): Promise<Blob> {
    return this.pg.dumpDataDir('none').then((dump) => (dump instanceof Blob ? dump : new Blob([dump])));
  }

  /**
   * Runs one statement as a prepared statement (see pglite-prepared.ts), under the same two locks
   * PGlite's own `query()` takes: it waits for a running transaction, then for the query lock.
   */
  async query<T extends object>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    if (this.closed) throw new Error('PGlite is closed');
    return this.pg._runExclusiveTransaction(() => this.pg._runExclusiveQuery(() => this.prepared.run<T>(sql, params)));
  }

  /** Runs statements without parameters (migrations); prepared statements are re-parsed afterwards. */
  async exec(sql: string): Promise<void> {
    await this.pg.exec(sql);
    this.prepared.reset();
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
