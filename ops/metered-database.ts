/**
 * A {@link Database} decorator that records the latency of every query, statement batch and
 * transaction under the `storage` stage. LISTEN/NOTIFY, ping and close pass through untimed
 * (they are not on a turn's path).
 */
import type { Database, NotificationHandler, QueryResult, SqlRunner } from '../storage/database';
import type { Metrics } from './metrics';

/** Wraps a database handle with metrics. */
export class MeteredDatabase implements Database {
  constructor(
    private readonly inner: Database,
    private readonly metrics: Metrics,
  ) {}

  get driver(): Database['driver'] {
    return this.inner.driver;
  }

  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    return this.metrics.time('storage', () => this.inner.query<T>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.metrics.time('storage', () => this.inner.exec(sql));
  }

  /** Timed as one storage operation (the statements inside run on the inner transaction). */
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.metrics.time('storage', () => this.inner.transaction(fn));
  }

  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>> {
    return this.inner.listen(channel, handler);
  }

  notify(channel: string, payload: string): Promise<void> {
    return this.inner.notify(channel, payload);
  }

  ping(): Promise<boolean> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
