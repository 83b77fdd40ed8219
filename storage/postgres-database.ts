/**
 * PostgreSQL through `pg`: a connection pool for queries plus one dedicated client for LISTEN,
 * so notifications reach every instance that shares the database.
 */
import { Pool, type PoolClient } from 'pg';
import type { Database, NotificationHandler, QueryResult, SqlRunner } from './database';
import { isStalePlan, StatementNames } from './statement-names';

/** The server-backed driver, used when DATABASE_URL is set. */
export class PostgresDatabase implements Database {
  readonly driver = 'postgres' as const;
  private listener: Promise<PoolClient> | null = null;
  private readonly handlers = new Map<string, Set<NotificationHandler>>();
  private readonly statements = new StatementNames();

  private constructor(private readonly pool: Pool) {}

  /** Connects and checks the connection. */
  static async open(connectionString: string, maxConnections = 10): Promise<PostgresDatabase> {
    const pool = new Pool({ connectionString, max: maxConnections });
    // An idle client that errors (server restart) must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    const db = new PostgresDatabase(pool);
    await db.query('SELECT 1');
    return db;
  }

  /**
   * Runs one statement; one with parameters as a named prepared statement (see statement-names.ts).
   * One without stays on the simple protocol, as node-postgres does for unnamed queries.
   */
  async query<T extends object>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const values = params as unknown[];
    const name = values.length > 0 ? this.statements.nameOf(sql) : undefined;
    let result;
    try {
      result = await this.pool.query({ name, text: sql, values });
    } catch (err) {
      if (name === undefined || !isStalePlan(err)) throw err;
      this.statements.renew(sql);
      result = await this.pool.query({ name: this.statements.nameOf(sql), text: sql, values });
    }
    return { rows: result.rows as T[], affectedRows: result.rowCount ?? 0 };
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn({
        query: async <R extends object>(sql: string, params: readonly unknown[] = []) => {
          const r = await client.query(sql, params as unknown[]);
          return { rows: r.rows as R[], affectedRows: r.rowCount ?? 0 };
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>> {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid notification channel: ${channel}`);
    // One shared promise, so concurrent first calls open exactly one listening connection.
    this.listener ??= this.pool.connect().then((client) => {
      client.on('notification', (msg) => {
        for (const h of this.handlers.get(msg.channel) ?? []) h(msg.payload ?? '');
      });
      return client;
    });
    const client = await this.listener;
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await client.query(`LISTEN ${channel}`);
    }
    set.add(handler);
    return async () => {
      set.delete(handler);
    };
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.listener) {
      const client = await this.listener.catch(() => null);
      client?.release();
      this.listener = null;
    }
    await this.pool.end();
  }
}
