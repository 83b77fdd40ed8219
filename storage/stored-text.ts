/**
 * Every text the database holds outside the knowledge base, as one string: each text, character
 * varying, JSON, JSONB and array column of each table in the current schema, one line per
 * non-empty value, `table.column: value`. What is looked through to prove that no personal data
 * reached storage — by `madoguchi eval` (its PII leak count) and by the storage tests — so that
 * every path, including a table added later, is covered without naming it.
 */
import type { SqlRunner } from './database';

/** The knowledge base's own tables: the city's documents, not resident data. */
export const KNOWLEDGE_TABLES: readonly string[] = ['documents', 'chunks', 'kb_versions', 'kb_version_documents', 'kb_version_chunks'];

/** What {@link storedText} reads. */
export interface StoredTextOptions {
  /** Only these tables (default: every table but the knowledge base's). */
  tables?: readonly string[];
}

/** The stored text of every table (or of `options.tables`), one `table.column: value` line per value. */
export async function storedText(db: SqlRunner, options: StoredTextOptions = {}): Promise<string> {
  const { rows: columns } = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = current_schema() AND c.data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY')
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const wanted = (table: string) => (options.tables ? options.tables.includes(table) : !KNOWLEDGE_TABLES.includes(table));
  const parts: string[] = [];
  for (const { table_name, column_name } of columns) {
    if (!wanted(table_name)) continue;
    const { rows } = await db.query<{ v: string | null }>(`SELECT "${column_name}"::text AS v FROM "${table_name}"`);
    for (const r of rows) if (r.v) parts.push(`${table_name}.${column_name}: ${r.v}`);
  }
  return parts.join('\n');
}
