import assert from 'node:assert/strict';
import { SqlStorage, ETagConflictError } from '../../storage/sql-storage';
import { TranscriptStore } from '../../storage/transcript-store';
import { ConversationRefStore } from '../../storage/conversation-ref-store';
import { migrate } from '../../storage/migrator';
import { createThrowawayPostgres, DRIVERS, requirePostgres, type TestDatabase } from '../helpers/test-databases';
import { PostgresDatabase } from '../../storage/postgres-database';

for (const driver of DRIVERS) {
  describe(`storage contract on ${driver.name}`, function () {
    let t: TestDatabase;
    before(async function () {
      if (driver.name === 'postgres') await requirePostgres(this);
    });
    beforeEach(async () => {
      t = await driver.open();
    });
    afterEach(async () => {
      await t?.dispose();
    });

    it('when migrations run twice, then the second run applies nothing', async () => {
      assert.deepEqual(await migrate(t.db), []);
      const { rows } = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM schema_migrations');
      assert.ok(Number(rows[0].n) >= 1);
    });

    it('when an item is written and read back, then its data and a fresh eTag come back', async () => {
      const storage = new SqlStorage(t.db);
      await storage.write({ a: { count: 1, nested: { lang: 'ko' } } });
      const items = await storage.read(['a', 'missing']);
      assert.deepEqual(Object.keys(items), ['a']);
      assert.equal(items.a.count, 1);
      assert.equal(items.a.nested.lang, 'ko');
      assert.equal(typeof items.a.eTag, 'string');
    });

    it('when a write carries a stale eTag, then it fails and the stored item is unchanged', async () => {
      const storage = new SqlStorage(t.db);
      await storage.write({ k: { v: 1 } });
      const first = (await storage.read(['k'])).k;
      await storage.write({ k: { ...first, v: 2 } });
      await assert.rejects(storage.write({ k: { ...first, v: 3 } }), ETagConflictError);
      assert.equal((await storage.read(['k'])).k.v, 2);
    });

    it('when a write carries the current eTag or "*", then it succeeds', async () => {
      const storage = new SqlStorage(t.db);
      await storage.write({ k: { v: 1 } });
      const current = (await storage.read(['k'])).k;
      await storage.write({ k: { ...current, v: 2 } });
      await storage.write({ k: { v: 3, eTag: '*' } });
      assert.equal((await storage.read(['k'])).k.v, 3);
    });

    it('when two writers race with the same eTag, then exactly one wins', async () => {
      const storage = new SqlStorage(t.db);
      await storage.write({ k: { v: 0 } });
      const current = (await storage.read(['k'])).k;
      const results = await Promise.allSettled([1, 2, 3].map((v) => storage.write({ k: { ...current, v } })));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    });

    it('when many turns read and write at once, then they share statements and a stale write fails alone', async () => {
      let statements = 0;
      const counting = Object.create(t.db, { query: { value: (sql: string, params?: readonly unknown[]) => (statements++, t.db.query(sql, params)) } }) as typeof t.db;
      const storage = new SqlStorage(counting);
      const keys = Array.from({ length: 30 }, (_, i) => `turn/${i}`);
      await Promise.all(keys.map((k, i) => storage.write({ [k]: { v: i, text: `it's "quoted" \\ ${i}` } })));
      const read = await Promise.all(keys.map((k) => storage.read([k])));
      const stale = { ...read[7][keys[7]], v: -1 };
      await storage.write({ [keys[7]]: { ...read[7][keys[7]], v: 700 } });
      statements = 0;
      const results = await Promise.allSettled([
        ...keys.map((k, i) => (i === 7 ? storage.write({ [k]: stale }) : storage.write({ [k]: { ...read[i][k], v: i * 10 } }))),
        storage.write({ 'turn/new': { v: 1, eTag: 'no-such-etag' } }),
      ]);
      assert.ok(statements < 31, `${statements} statements for 31 writes`);
      assert.deepEqual(results.map((r) => r.status === 'rejected' && r.reason instanceof ETagConflictError).map((bad, i) => (bad ? i : -1)).filter((i) => i >= 0), [7]);
      const after = await storage.read([...keys, 'turn/new']);
      assert.equal(after[keys[7]].v, 700, 'the stale write changed nothing');
      assert.equal(after[keys[3]].v, 30);
      assert.equal(after[keys[3]].text, `it's "quoted" \\ 3`);
      assert.equal(after['turn/new'].v, 1, 'a conditional write of a key not stored yet creates it');
    });

    it('when an item is deleted, then it is no longer read', async () => {
      const storage = new SqlStorage(t.db);
      await storage.write({ k: { v: 1 }, j: { v: 2 } });
      await storage.delete(['k']);
      assert.deepEqual(Object.keys(await storage.read(['k', 'j'])), ['j']);
    });

    it('when transcript lines are appended, then they are listed in order per conversation', async () => {
      const store = new TranscriptStore(t.db);
      const base = { channelId: 'test', userId: 'u1', activityType: 'message' };
      await store.append([
        { ...base, conversationId: 'c1', direction: 'in', author: 'resident', text: '안녕하세요' },
        { ...base, conversationId: 'c1', direction: 'out', author: 'bot', text: '반갑습니다' },
        { ...base, conversationId: 'c2', direction: 'in', author: 'resident', text: 'other' },
      ]);
      const lines = await store.list('test', 'c1');
      assert.deepEqual(lines.map((l) => [l.direction, l.text]), [['in', '안녕하세요'], ['out', '반갑습니다']]);
      assert.ok(!Number.isNaN(Date.parse(lines[0].createdAt)));
      assert.equal(await store.count('test', 'c2'), 1);
    });

    it('when many references are saved at once, including one conversation twice, then each ends with its latest', async () => {
      const refs = new ConversationRefStore(t.db);
      const ref = (id: string, serviceUrl: string) => ({ channelId: 'telegram', serviceUrl, conversation: { id, isGroup: false, conversationType: '', name: '' }, user: { id, name: '' } });
      await Promise.all([
        ...Array.from({ length: 20 }, (_, i) => refs.save(ref(`c${i}`, 'https://a.example'), i % 2 === 0 ? 'ko' : 'en')),
        refs.save(ref('c3', 'https://b.example'), null),
      ]);
      assert.equal((await refs.get('telegram', 'c19'))?.lang, 'en');
      const c3 = await refs.get('telegram', 'c3');
      assert.equal(c3?.reference.serviceUrl, 'https://b.example', 'the later save of the same conversation wins');
      assert.equal(c3?.lang, 'en', 'a save without a language keeps the known one');
    });

    it('when a conversation reference is saved twice, then the latest one and the language are kept', async () => {
      const refs = new ConversationRefStore(t.db);
      const ref = { channelId: 'line', conversation: { id: 'U1', isGroup: false, conversationType: '', name: '' }, user: { id: 'U1', name: '' } };
      await refs.save(ref, 'ja');
      await refs.save({ ...ref, serviceUrl: 'https://line.madoguchi.local' }, null);
      const got = await refs.get('line', 'U1');
      assert.equal(got?.reference.serviceUrl, 'https://line.madoguchi.local');
      assert.equal(got?.lang, 'ja');
      assert.equal(await refs.get('line', 'nobody'), null);
    });

    it('when a notification is sent on a channel, then a listener receives its payload', async () => {
      const received: string[] = [];
      const stop = await t.db.listen('madoguchi_test', (p) => received.push(p));
      await t.db.notify('madoguchi_test', 'hello');
      for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      await stop();
      assert.deepEqual(received, ['hello']);
    });

    it('when a transaction throws, then its writes are rolled back', async () => {
      await assert.rejects(
        t.db.transaction(async (tx) => {
          await tx.query("INSERT INTO bot_state (key, data, etag) VALUES ('tx', '{}', 'e')");
          throw new Error('boom');
        }),
      );
      const { rows } = await t.db.query("SELECT key FROM bot_state WHERE key = 'tx'");
      assert.equal(rows.length, 0);
    });

    it('when values of every kind are passed as parameters, then they come back the same', async () => {
      const when = new Date('2026-11-23T05:06:07.089Z');
      const { rows } = await t.db.query<Record<string, unknown>>(
        'SELECT $1::jsonb AS j, $2::text[] AS a, $3::timestamptz AS t, $4::boolean AS b, $5::int AS n, $6::text AS s, $7::real[] AS v, $8::text AS z',
        [{ lang: 'ko', text: '기초연금 "신청"' }, ['a"b', 'c,d', '児童'], when, false, 42, '', [0.5, -1.25], null],
      );
      assert.deepEqual(rows[0], { j: { lang: 'ko', text: '기초연금 "신청"' }, a: ['a"b', 'c,d', '児童'], t: when, b: false, n: 42, s: '', v: [0.5, -1.25], z: null });
    });
  });
}

describe('migrations from several instances at once (postgres)', function () {
  before(async function () {
    await requirePostgres(this);
  });

  it('when two instances migrate an empty database at the same moment, then one applies everything and the other nothing', async () => {
    const pg = await createThrowawayPostgres();
    const [a, b] = await Promise.all([PostgresDatabase.open(pg.url), PostgresDatabase.open(pg.url)]);
    try {
      const [first, second] = await Promise.all([migrate(a), migrate(b)]);
      assert.deepEqual([first.length > 0, second.length > 0].sort(), [false, true], `applied: ${first.length} and ${second.length}`);
      assert.equal(first.length + second.length, (await a.query('SELECT name FROM schema_migrations')).rows.length);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await pg.drop();
    }
  });
});
