/**
 * Runs a parameterised statement on PGlite as ONE extended-protocol exchange with a named
 * prepared statement, instead of PGlite's `query()`, which sends six separate messages (parse,
 * describe, bind, describe, execute, sync), each a JS↔WebAssembly round trip, and plans the
 * statement afresh every time.
 *
 * - The first run of a SQL text sends Parse with a new statement name; later runs send only
 *   Bind/Describe/Execute/Sync, so PostgreSQL reuses the parsed (and, after a few runs, planned)
 *   statement. That is what node-postgres does on a real server with named queries.
 * - Parameters are serialised as text by node-postgres's own `prepareValue`, so both drivers send
 *   the same text for the same value; PostgreSQL infers the parameter types from the statement,
 *   exactly as it does for PGlite's `query()` (which also parses without types).
 * - At most {@link MAX_STATEMENTS} statements are kept; the least recently used one is closed in
 *   the next exchange.
 * - "cached plan must not change result type" (a table behind `SELECT *` changed shape) closes the
 *   statement and runs the SQL once more as a new one.
 * - A statement is prepared afresh once it is {@link PLAN_MAX_AGE_MS} old. PGlite runs with one
 *   generic plan per statement (see pglite-database.ts), made with the table sizes of its first
 *   run; preparing again now and then lets the plan follow tables that have grown since.
 *
 * Callers must hold PGlite's query lock (see PgliteDatabase.query).
 */
import { parse, protocol, type PGlite } from '@electric-sql/pglite';
import type { QueryResult } from './database';
import { isStalePlan } from './statement-names';

// node-postgres's parameter serialiser (used by the PostgreSQL driver for every query). It is not
// in @types/pg, hence this local signature.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => string | Buffer | null };

/** Prepared statements kept per database handle. */
export const MAX_STATEMENTS = 256;

/** Age after which a statement is prepared (and planned) again. */
export const PLAN_MAX_AGE_MS = 10 * 60 * 1000;

/** A prepared statement: its name and when it was parsed. */
interface Statement {
  name: string;
  preparedAt: number;
}

const { serialize } = protocol;

// The messages that follow every Bind never change: built once.
const DESCRIBE_PORTAL = serialize.describe({ type: 'P' });
const EXECUTE = serialize.execute({});
const SYNC = serialize.sync();

/**
 * A Bind message (protocol 'B') for the unnamed portal: every parameter and result column in text
 * format (zero format codes means "all text"). Built with Buffer's native UTF-8 length and write:
 * PGlite's own serialiser measures and encodes each string in JavaScript, which showed up in load
 * profiles for the transcript's long answer texts.
 */
export function bindMessage(statement: string, values: readonly (string | null)[]): Buffer {
  const nameLength = Buffer.byteLength(statement);
  const lengths = values.map((v) => (v === null ? -1 : Buffer.byteLength(v)));
  // length field, portal "" + NUL, name + NUL, 0 parameter formats, parameter count, values, 0 result formats
  let size = 4 + 1 + nameLength + 1 + 2 + 2 + 2;
  for (const n of lengths) size += 4 + Math.max(n, 0);
  const out = Buffer.allocUnsafe(1 + size);
  let at = out.writeUInt8(0x42, 0);
  at = out.writeInt32BE(size, at);
  at = out.writeUInt8(0, at);
  at += out.write(statement, at);
  at = out.writeUInt8(0, at);
  at = out.writeUInt16BE(0, at);
  at = out.writeUInt16BE(values.length, at);
  values.forEach((v, i) => {
    at = out.writeInt32BE(lengths[i], at);
    if (v !== null) at += out.write(v, at);
  });
  out.writeUInt16BE(0, at);
  return out;
}

/** Text (or NULL) for one parameter; a byte array becomes bytea hex text. */
export function parameterText(value: unknown): string | null {
  const prepared = prepareValue(value);
  if (prepared === null) return null;
  return typeof prepared === 'string' ? prepared : `\\x${prepared.toString('hex')}`;
}

/** Named prepared statements of one PGlite instance, most recently used last. */
export class PreparedStatements {
  private readonly statements = new Map<string, Statement>();
  /** Statements evicted from the cache, closed at the start of the next exchange. */
  private toClose: string[] = [];
  private counter = 0;

  constructor(
    private readonly pg: PGlite,
    private readonly capacity = MAX_STATEMENTS,
    private readonly planMaxAgeMs = PLAN_MAX_AGE_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** How many statements are prepared now (for tests). */
  get size(): number {
    return this.statements.size;
  }

  /** Runs `sql` with `params`; the caller holds PGlite's query lock. */
  async run<T>(sql: string, params: readonly unknown[]): Promise<QueryResult<T>> {
    try {
      return await this.exchange<T>(sql, params);
    } catch (err) {
      if (!isStalePlan(err) || !this.statements.has(sql)) throw err;
      this.forget(sql);
      return this.exchange<T>(sql, params);
    }
  }

  /** Forgets every statement (their names are closed in the next exchange). */
  reset(): void {
    for (const sql of [...this.statements.keys()]) this.forget(sql);
  }

  private async exchange<T>(sql: string, params: readonly unknown[]): Promise<QueryResult<T>> {
    // First, so a value that cannot be serialised fails before anything is sent or forgotten.
    const values = params.map(parameterText);
    const parts: Uint8Array[] = this.toClose.map((name) => serialize.close({ type: 'S', name }));
    this.toClose = [];
    const now = this.now();
    let statement = this.statements.get(sql);
    if (statement && now - statement.preparedAt >= this.planMaxAgeMs) {
      // Closed in this same exchange, before the SQL is parsed again under a new name.
      parts.push(serialize.close({ type: 'S', name: statement.name }));
      this.statements.delete(sql);
      statement = undefined;
    }
    const isNew = statement === undefined;
    let name: string;
    if (statement === undefined) {
      this.counter += 1;
      name = `madoguchi_${this.counter}`;
      parts.push(serialize.parse({ name, text: sql }));
    } else {
      name = statement.name;
      // Most recently used last.
      this.statements.delete(sql);
      this.statements.set(sql, statement);
    }
    parts.push(bindMessage(name, values), DESCRIBE_PORTAL, EXECUTE, SYNC);
    let messages;
    try {
      messages = await this.pg.execProtocolStream(Buffer.concat(parts), { syncToFs: false });
    } catch (err) {
      // A statement parsed in this exchange may exist even though bind or execute failed.
      if (isNew) this.toClose.push(name);
      throw err;
    }
    if (isNew) this.remember(sql, { name, preparedAt: now });
    await this.pg.syncToFs();
    const [result] = parse.parseResults(messages, this.pg.parsers);
    return { rows: (result?.rows ?? []) as T[], affectedRows: result?.affectedRows ?? 0 };
  }

  private remember(sql: string, statement: Statement): void {
    this.statements.set(sql, statement);
    if (this.statements.size > this.capacity) {
      const oldest = this.statements.keys().next().value as string;
      this.forget(oldest);
    }
  }

  private forget(sql: string): void {
    const statement = this.statements.get(sql);
    if (statement === undefined) return;
    this.statements.delete(sql);
    this.toClose.push(statement.name);
  }
}
