import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { PgliteDatabase } from '../../storage/pglite-database';
import { PreparedStatements, parameterText } from '../../storage/pglite-prepared';

/** Names of the statements PGlite's session holds now. */
async function preparedNames(pg: PGlite): Promise<string[]> {
  const { rows } = await pg.query<{ name: string }>("SELECT name FROM pg_prepared_statements WHERE name LIKE 'madoguchi_%' ORDER BY name");
  return rows.map((r) => r.name);
}

describe('PGlite prepared statements', function () {
  this.timeout(30000);
  let pg: PGlite;
  before(async () => {
    pg = new PGlite();
    await pg.waitReady;
  });
  beforeEach(async () => {
    await pg.exec('DEALLOCATE ALL; DROP TABLE IF EXISTS t; CREATE TABLE t (k text PRIMARY KEY, n int)');
  });
  after(async () => {
    await pg.close();
  });

  it('when the same SQL runs again, then it reuses one prepared statement', async () => {
    const statements = new PreparedStatements(pg);
    for (let i = 0; i < 5; i += 1) await statements.run('INSERT INTO t (k, n) VALUES ($1, $2)', [`k${i}`, i]);
    const { rows } = await statements.run<{ n: number }>('SELECT sum(n)::int AS n FROM t WHERE k = ANY($1)', [['k1', 'k4']]);
    assert.deepEqual(rows, [{ n: 5 }]);
    assert.equal(statements.size, 2);
    assert.equal((await preparedNames(pg)).length, 2);
  });


  it('when values hold multi-byte text, emoji, empty strings and nulls, then they arrive unchanged', async () => {
    const statements = new PreparedStatements(pg);
    const texts = ['児童手当の申請方法は？', '기초연금 신청하려면 뭐가 필요해요?', 'family 👨‍👩‍👧 emoji', '', 'x'.repeat(70000)];
    const { rows } = await statements.run<{ t: string | null; n: number | null }>(
      'SELECT t, octet_length(t) AS n FROM unnest($1::text[]) WITH ORDINALITY AS u(t, i) UNION ALL SELECT $2::text, $3::int ORDER BY n NULLS FIRST',
      [texts, null, null],
    );
    assert.deepEqual(
      rows.map((r) => r.t),
      [null, ...[...texts].sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b))],
    );
    assert.deepEqual(
      rows.map((r) => r.n),
      [null, ...texts.map((t) => Buffer.byteLength(t)).sort((a, b) => a - b)],
    );
  });
  it('when more statements are used than the cache holds, then the least recently used is closed', async () => {
    const statements = new PreparedStatements(pg, 2);
    await statements.run('SELECT 1 AS a', []);
    await statements.run('SELECT 2 AS b', []);
    await statements.run('SELECT 1 AS a', []);
    await statements.run('SELECT 3 AS c', []);
    assert.equal(statements.size, 2);
    // The evicted one ("SELECT 2") is closed in the next exchange.
    await statements.run('SELECT 1 AS a', []);
    assert.deepEqual(await preparedNames(pg), ['madoguchi_1', 'madoguchi_3']);
  });

  it('when a statement is older than the plan age, then it is prepared again under a new name and the old one is closed', async () => {
    let now = 0;
    const statements = new PreparedStatements(pg, 8, 1000, () => now);
    await statements.run('SELECT 1 AS a', []);
    now = 999;
    await statements.run('SELECT 1 AS a', []);
    assert.deepEqual(await preparedNames(pg), ['madoguchi_1']);
    now = 1000;
    const { rows } = await statements.run<{ a: number }>('SELECT 1 AS a', []);
    assert.deepEqual(rows, [{ a: 1 }]);
    assert.deepEqual(await preparedNames(pg), ['madoguchi_2']);
    assert.equal(statements.size, 1);
  });

  it('when the embedded database opens, then its statements keep one generic plan and still use the indexes', async () => {
    const db = await PgliteDatabase.open();
    try {
      const { rows } = await db.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode');
      assert.deepEqual(rows, [{ plan_cache_mode: 'force_generic_plan' }]);
      await db.exec('CREATE TABLE state (key text PRIMARY KEY, data jsonb)');
      await db.exec('PREPARE read_state(text[]) AS SELECT data FROM state WHERE key = ANY($1)');
      const plan = await db.query<{ 'QUERY PLAN': string }>("EXPLAIN EXECUTE read_state('{a}')");
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      assert.match(text, /state_pkey/);
      assert.match(text, /\$1/, 'a generic plan keeps the parameter');
    } finally {
      await db.close();
    }
  });

  it('when a table behind SELECT * changes shape, then the statement is prepared again and answers', async () => {
    const statements = new PreparedStatements(pg);
    await statements.run('INSERT INTO t (k, n) VALUES ($1, $2)', ['a', 1]);
    assert.deepEqual((await statements.run('SELECT * FROM t', [])).rows, [{ k: 'a', n: 1 }]);
    await pg.exec("ALTER TABLE t ADD COLUMN note text DEFAULT 'x'");
    assert.deepEqual((await statements.run('SELECT * FROM t', [])).rows, [{ k: 'a', n: 1, note: 'x' }]);
  });

  it('when a new statement fails, then the error surfaces and the same SQL works afterwards', async () => {
    const statements = new PreparedStatements(pg);
    await pg.query("INSERT INTO t (k, n) VALUES ('dup', 1)");
    await assert.rejects(statements.run('INSERT INTO t (k, n) VALUES ($1, $2)', ['dup', 2]), (err: { code?: string }) => err.code === '23505');
    await assert.rejects(statements.run('SELEC nonsense', []), /syntax error/);
    const result = await statements.run('INSERT INTO t (k, n) VALUES ($1, $2)', ['fresh', 3]);
    assert.equal(result.affectedRows, 1);
    assert.deepEqual(await preparedNames(pg), ['madoguchi_3']);
  });

  it('when parameters are turned into text, then they follow node-postgres (arrays, JSON, bytes, null)', () => {
    assert.equal(parameterText(null), null);
    assert.equal(parameterText(undefined), null);
    assert.equal(parameterText(['a"b', null, 'c,d']), '{"a\\"b",NULL,"c,d"}');
    assert.equal(parameterText({ lang: 'ko' }), '{"lang":"ko"}');
    assert.equal(parameterText(Buffer.from([1, 255])), '\\x01ff');
    assert.equal(parameterText(true), 'true');
    assert.equal(parameterText(1.5), '1.5');
  });

  it('when the database handle runs a query during a transaction, then the query waits for the commit', async () => {
    const db = await PgliteDatabase.open();
    try {
      await db.exec('CREATE TABLE w (n int)');
      let release!: () => void;
      let entered!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const tx = db.transaction(async (runner) => {
        await runner.query('INSERT INTO w (n) VALUES (1)');
        entered();
        await held;
        await runner.query('INSERT INTO w (n) VALUES (2)');
      });
      await inside;
      const read = db.query<{ n: number }>('SELECT count(*)::int AS n FROM w');
      await new Promise((resolve) => setTimeout(resolve, 50));
      release();
      await tx;
      assert.deepEqual((await read).rows, [{ n: 2 }]);
    } finally {
      await db.close();
    }
  });
});
