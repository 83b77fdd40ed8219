/**
 * The one storage abstraction: a small SQL surface that both drivers (embedded PGlite and
 * PostgreSQL through `pg`) implement identically, so every repository is written once.
 */

/** A row-returning query result. */
export interface QueryResult<T> {
  rows: T[];
  /** Rows changed by INSERT/UPDATE/DELETE (0 when unknown). */
  affectedRows: number;
}

/** Something that can run parameterised SQL (`$1`, `$2`, … placeholders). */
export interface SqlRunner {
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

/** A notification received through PostgreSQL LISTEN/NOTIFY. */
export type NotificationHandler = (payload: string) => void;

/** The database handle shared by all repositories. */
export interface Database extends SqlRunner {
  /** Which engine is behind this handle ("pglite" or "postgres"). */
  readonly driver: 'pglite' | 'postgres';
  /** Runs several statements without parameters (used by migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** Subscribes to a NOTIFY channel; returns an unsubscribe function. */
  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
  /** Sends a NOTIFY on a channel (delivered to every instance on the same database). */
  notify(channel: string, payload: string): Promise<void>;
  /** Quick liveness probe for /readyz. */
  ping(): Promise<boolean>;
  /** Closes connections; further calls fail. */
  close(): Promise<void>;
}
