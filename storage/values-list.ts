/**
 * The VALUES list of a multi-row INSERT with numbered parameters, for statements that write
 * several rows (several turns' rows) at once.
 */

/**
 * Numbers the parameters of `rows` in order and builds one tuple per row.
 * @param tuple writes a row's tuple from its placeholders (default `($1, $2, …)`); use it for casts
 *   and constant columns, e.g. `(p) => \`(${p[0]}, ${p[1]}::jsonb, now())\``
 */
export function valuesList(rows: readonly (readonly unknown[])[], tuple: (placeholders: string[]) => string = (p) => `(${p.join(', ')})`): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const tuples = rows.map((row) =>
    tuple(
      row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      }),
    ),
  );
  return { sql: tuples.join(', '), params };
}
