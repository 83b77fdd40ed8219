import assert from 'node:assert/strict';
import { PostgresDatabase } from '../../storage/postgres-database';
import { StatementNames } from '../../storage/statement-names';
import { createThrowawayPostgres, requirePostgres, type ThrowawayPostgres } from '../helpers/test-databases';

describe('statement names for PostgreSQL prepared statements', () => {
  it('when the same SQL is named twice, then it keeps its name; past the cap, new SQL runs unnamed', () => {
    const names = new StatementNames(2);
    const a = names.nameOf('SELECT 1');
    assert.equal(names.nameOf('SELECT 1'), a);
    assert.notEqual(names.nameOf('SELECT 2'), a);
    assert.equal(names.nameOf('SELECT 3'), undefined);
  });

  it('when a name is renewed, then the SQL gets a new one and unknown SQL is ignored', () => {
    const names = new StatementNames();
    const before = names.nameOf('SELECT 1');
    names.renew('SELECT 1');
    names.renew('SELECT 9');
    assert.notEqual(names.nameOf('SELECT 1'), before);
  });
});

describe('PostgreSQL prepared statements', function () {
  this.timeout(30000);
  let server: ThrowawayPostgres;
  let db: PostgresDatabase;
  before(async function () {
    await requirePostgres(this);
    server = await createThrowawayPostgres();
    // One connection, so the second run meets the statement the first one prepared.
    db = await PostgresDatabase.open(server.url, 1);
  });
  after(async () => {
    await db?.close();
    await server?.drop();
  });

  it('when a statement without parameters holds several commands, then it still runs (simple protocol)', async () => {
    await db.query('CREATE TABLE m (n int); INSERT INTO m VALUES (1)');
    assert.deepEqual((await db.query<{ n: number }>('SELECT n FROM m WHERE n = $1', [1])).rows, [{ n: 1 }]);
  });

  it('when a statement runs repeatedly, then the server holds it prepared once', async () => {
    await db.exec('CREATE TABLE p (k text PRIMARY KEY, n int)');
    for (let i = 0; i < 3; i += 1) await db.query('INSERT INTO p (k, n) VALUES ($1, $2)', [`k${i}`, i]);
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO p %'");
    assert.deepEqual(rows, [{ n: 1 }]);
  });

  it('when another instance changes the table behind SELECT *, then the next run prepares again and sees the new column', async () => {
    await db.exec('CREATE TABLE s (a int)');
    await db.query('INSERT INTO s (a) VALUES ($1)', [1]);
    assert.deepEqual((await db.query('SELECT * FROM s WHERE a = $1', [1])).rows, [{ a: 1 }]);
    const other = await PostgresDatabase.open(server.url, 1);
    try {
      await other.exec('ALTER TABLE s ADD COLUMN b int DEFAULT 7');
    } finally {
      await other.close();
    }
    assert.deepEqual((await db.query('SELECT * FROM s WHERE a = $1', [1])).rows, [{ a: 1, b: 7 }]);
  });
});
