/**
 * Names for server-side prepared statements on PostgreSQL: with a name, node-postgres parses a SQL
 * text once per connection and afterwards only binds and executes it, so the server skips parsing
 * and (after a few runs) planning for the statements every turn repeats.
 *
 * - Only the first {@link MAX_NAMED} distinct SQL texts get a name; later ones run unnamed, so a
 *   connection never holds an unbounded number of statements (node-postgres cannot close one).
 * - {@link StatementNames.renew} gives a text a fresh name: after a schema change made a
 *   statement's result shape stale ("cached plan must not change result type", for example while
 *   another instance migrates during a rolling upgrade), every connection parses it again.
 */

/** Distinct SQL texts that get a prepared-statement name. */
export const MAX_NAMED = 128;

/** SQLSTATE of "cached plan must not change result type". */
export const STALE_PLAN = '0A000';

/** True when `err` says a prepared statement's result shape no longer matches its table. */
export function isStalePlan(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === STALE_PLAN;
}

/** SQL text → statement name. */
export class StatementNames {
  private readonly names = new Map<string, string>();
  private counter = 0;

  constructor(private readonly capacity = MAX_NAMED) {}

  /** The name for `sql`, or undefined when the cap is reached and `sql` has none. */
  nameOf(sql: string): string | undefined {
    let name = this.names.get(sql);
    if (name === undefined && this.names.size < this.capacity) {
      name = this.next();
      this.names.set(sql, name);
    }
    return name;
  }

  /** Gives `sql` a new name (it is parsed again on every connection). */
  renew(sql: string): void {
    if (this.names.has(sql)) this.names.set(sql, this.next());
  }

  private next(): string {
    this.counter += 1;
    return `madoguchi_${this.counter}`;
  }
}
