/**
 * The rate limiters and the flood guard, with a controlled clock: the database limiter on embedded
 * PGlite and on PostgreSQL (a random database per run), and the in-memory limiter the embedded
 * setup uses. The decisions must be the same; sharing counters between instances and statement
 * batching concern the database limiter only.
 */
import assert from 'node:assert/strict';
import { DRIVERS, requirePostgres, type TestDatabase } from '../../helpers/test-databases';
import { RateLimiter } from '../../../safety/limits/rate-limiter';
import { MemoryRateLimiter } from '../../../safety/limits/memory-rate-limiter';
import type { RateLimits } from '../../../safety/limits/sliding-window';
import { FloodGuard } from '../../../safety/limits/flood-guard';

const VARIANTS = [...DRIVERS.map((d) => ({ name: `the database on ${d.name}`, driver: d })), { name: 'process memory', driver: null }];

for (const variant of VARIANTS) {
  describe(`Rate limits in ${variant.name}`, function () {
    let t: TestDatabase;
    let now = 1_700_000_000_000;
    const clock = () => now;
    // One memory limiter per test file run stands for the process; database limiters share rows.
    const memory = new MemoryRateLimiter({ now: clock });
    const newLimiter = (): RateLimits => (variant.driver ? new RateLimiter(t.db, { now: clock }) : memory);

    before(async function () {
      if (variant.driver?.name === 'postgres') await requirePostgres(this);
      if (variant.driver) t = await variant.driver.open();
    });
    after(async () => t?.dispose());

    it('when a key stays under the limit, then every hit is allowed; the first over it is flagged once', async () => {
      const limiter = newLimiter();
      now = Math.floor(now / 60_000) * 60_000 + 1000;
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await limiter.hit('resident:line:U1', 3, 60_000));
      assert.deepEqual(results.map((r) => r.allowed), [true, true, true, false, false]);
      assert.deepEqual(results.map((r) => r.firstRejection), [false, false, false, true, false]);
      assert.ok(results[3].retryAfterMs > 0 && results[3].retryAfterMs <= 60_000);
      assert.equal((await limiter.hit('resident:line:U2', 3, 60_000)).allowed, true, 'another resident has its own counter');
    });

    it('when several keys are counted in one call, then each gets the decision a separate hit would give', async () => {
      const limiter = newLimiter();
      now = Math.floor(now / 60_000) * 60_000 + 60_000 * 5 + 1000;
      for (let i = 0; i < 2; i++) await limiter.hit('many:a', 2, 60_000);
      const [a, b, c] = await limiter.hitAll([
        { key: 'many:a', limit: 2, windowMs: 60_000 },
        { key: 'many:b', limit: 2, windowMs: 60_000 },
        { key: 'many:c', limit: 1, windowMs: 5_000 },
      ]);
      assert.deepEqual([a.allowed, a.count, a.firstRejection], [false, 3, true]);
      assert.deepEqual([b.allowed, b.count], [true, 1]);
      assert.ok(c.allowed && c.retryAfterMs <= 5_000, 'each key keeps its own window');
      assert.equal((await limiter.hit('many:b', 2, 60_000)).count, 2, 'the multi-key call was counted');
      await assert.rejects(limiter.hitAll([{ key: 'many:d', limit: 1, windowMs: 1000 }, { key: 'many:d', limit: 1, windowMs: 1000 }]), /distinct/);
    });

    // Statement batching, shared counters and the table purge belong to the database limiter.
    if (variant.driver) it('when many messages arrive at once, then they share statements and every counter is still exact', async () => {
      let statements = 0;
      const counting = Object.create(t.db, { query: { value: (sql: string, params?: readonly unknown[]) => (statements++, t.db.query(sql, params)) } }) as typeof t.db;
      const limiter = new RateLimiter(counting, { now: clock });
      now = Math.floor(now / 60_000) * 60_000 + 60_000 * 7 + 1000;
      const decisions = await Promise.all([
        ...Array.from({ length: 30 }, (_, i) => limiter.hit(`burst:${i}`, 5, 60_000)),
        ...Array.from({ length: 10 }, () => limiter.hit('burst:same', 5, 60_000)),
      ]);
      assert.ok(statements < 40, `${statements} statements for 40 messages`);
      assert.ok(decisions.slice(0, 30).every((d) => d.allowed && d.count === 1));
      assert.deepEqual(decisions.slice(30).map((d) => d.count).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.equal(decisions.slice(30).filter((d) => !d.allowed).length, 5);
    });

    it('when the window slides on, then the previous window counts in proportion and then not at all', async () => {
      const limiter = newLimiter();
      now = Math.floor(now / 60_000) * 60_000 + 60_000 * 10;
      for (let i = 0; i < 4; i++) await limiter.hit('k:slide', 4, 60_000);
      now += 60_000 + 15_000; // a quarter into the next window: 75% of the 4 previous hits still count
      assert.equal((await limiter.hit('k:slide', 4, 60_000)).allowed, true, '3 + 1 = 4 is within the limit');
      assert.equal((await limiter.hit('k:slide', 4, 60_000)).allowed, false, '3 + 2 = 5 is over it');
      now += 45_000 + 60_000; // two windows later nothing is left
      assert.equal((await limiter.hit('k:slide', 4, 60_000)).allowed, true);
    });

    if (variant.driver) it('when many instances hit the same key at once, then the counter is exact', async () => {
      const a = new RateLimiter(t.db, { now: clock });
      const b = new RateLimiter(t.db, { now: clock });
      now = Math.floor(now / 60_000) * 60_000 + 60_000 * 100;
      const decisions = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).hit('k:concurrent', 10, 60_000)));
      assert.equal(decisions.filter((d) => d.allowed).length, 10);
      assert.equal(decisions.filter((d) => d.firstRejection).length, 1);
    });

    it('when a resident floods, then one reply, then quiet until calm for the quiet period', async () => {
      const limiter = newLimiter();
      const flood = new FloodGuard(limiter, { messages: 3, windowMs: 5000, quietMs: 20_000 });
      now = Math.floor(now / 5000) * 5000 + 5000 * 1000;
      const verdicts = [];
      for (let i = 0; i < 6; i++) {
        verdicts.push(await flood.check('line:F1'));
        now += 200;
      }
      assert.deepEqual(verdicts, ['ok', 'ok', 'ok', 'flood_reply_once', 'flood_quiet', 'flood_quiet']);
      now += 15_000;
      assert.equal(await flood.check('line:F1'), 'flood_quiet', 'a message during the quiet period extends it');
      now += 21_000;
      assert.equal(await flood.check('line:F1'), 'ok', 'after a calm quiet period the resident is answered again');
    });

    if (variant.driver) it('when the counters table is created, then it is unlogged (counter updates wait for no disk flush)', async () => {
      const { rows } = await t.db.query<{ relpersistence: string }>("SELECT relpersistence FROM pg_class WHERE relname = 'rate_limit_counters'");
      assert.equal(rows[0]?.relpersistence, 'u');
    });

    if (variant.driver) it('when a counter is counted again, then its row is updated in place (a HOT update: no index entry to write)', async () => {
      const hotUpdates = await t.db.transaction(async (tx) => {
        // The counter covers this backend's statistics not yet reported, so take the difference.
        const counted = async () => Number((await tx.query<{ n: string }>("SELECT pg_stat_get_xact_tuples_hot_updated('rate_limit_counters'::regclass)::text AS n")).rows[0]?.n);
        await tx.query("INSERT INTO rate_limit_counters (key, window_ms, window_start, count) VALUES ('k:hot', 60000, 0, 1)");
        const before = await counted();
        await tx.query("UPDATE rate_limit_counters SET count = count + 1, prev_count = 0, window_start = 60000, updated_at = now() + interval '1 second' WHERE key = 'k:hot'");
        const after = await counted();
        await tx.query("DELETE FROM rate_limit_counters WHERE key = 'k:hot'");
        return after - before;
      });
      assert.equal(hotUpdates, 1);
      const { rows } = await t.db.query<{ reloptions: string[] | null }>("SELECT reloptions FROM pg_class WHERE relname = 'rate_limit_counters'");
      assert.deepEqual(rows[0]?.reloptions, ['fillfactor=70'], 'room is kept on each page for the new versions');
    });

    if (variant.driver) it('when stale counters are purged, then only old unblocked rows go', async () => {
      const limiter = new RateLimiter(t.db, { now: clock });
      await t.db.query("UPDATE rate_limit_counters SET updated_at = now() - interval '3 days' WHERE key = 'k:slide'");
      const removed = await limiter.purgeStale(24 * 3600_000);
      assert.equal(removed, 1);
      const left = await t.db.query<{ key: string }>('SELECT key FROM rate_limit_counters');
      assert.ok(left.rows.some((r) => r.key === 'k:concurrent'));
    });
  });
}

describe('MemoryRateLimiter', () => {
  it('when counters are two windows old and not blocked, then the minute sweep drops them and decisions stay the same', async () => {
    let now = 1_700_000_040_000;
    const limiter = new MemoryRateLimiter({ now: () => now });
    for (let i = 0; i < 3; i++) await limiter.hit('old', 2, 10_000);
    await limiter.hit('blocked', 2, 10_000);
    assert.equal(await limiter.startBlock('blocked', now + 600_000), true);
    now += 61_000;
    const after = await limiter.hit('fresh', 2, 10_000);
    assert.equal(limiter.size, 2, 'the old counter went; the blocked one and the new one stay');
    assert.deepEqual([after.allowed, after.count], [true, 1]);
    const again = await limiter.hit('old', 2, 10_000);
    assert.deepEqual([again.allowed, again.count, again.firstRejection], [true, 1, false], 'a swept key starts over, as it would have anyway');
    assert.ok((await limiter.hit('blocked', 2, 10_000)).blockedUntil > now, 'a block outlives the sweep');
  });

  it('when more keys arrive than it may hold, then the least recently hit go first', async () => {
    const limiter = new MemoryRateLimiter({ maxKeys: 3 });
    for (const key of ['a', 'b', 'c']) await limiter.hit(key, 1, 60_000);
    await limiter.hit('a', 1, 60_000);
    await limiter.hit('d', 1, 60_000);
    assert.equal(limiter.size, 3);
    assert.equal((await limiter.hit('a', 1, 60_000)).count, 3, 'a was hit recently and kept its count');
    assert.equal((await limiter.hit('b', 1, 60_000)).count, 1, 'b was the least recently hit and was dropped');
  });
});
