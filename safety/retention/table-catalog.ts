/**
 * Which resident-data tables exist, read from information_schema: other modules create them in
 * their own migrations, and a deployment may not have all of them.
 */
import type { SqlRunner } from '../../storage/database';

/** Table name → its column names, for the current schema. */
export async function tableColumns(db: SqlRunner, tables: readonly string[]): Promise<Map<string, Set<string>>> {
  const { rows } = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ANY($1::text[])`,
    [tables],
  );
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!out.has(r.table_name)) out.set(r.table_name, new Set());
    out.get(r.table_name)?.add(r.column_name);
  }
  return out;
}
