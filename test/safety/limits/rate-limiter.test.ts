/**
 * The database rate limiter and flood guard, on embedded PGlite and on PostgreSQL (a random
 * database per run), with a controlled clock.
 */
import assert from 'node:assert/strict';
import { DRIVERS, requirePostgres, type TestDatabase } from '../../helpers/test-databases';
import { RateLimiter } from '../../../safety/limits/rate-limiter';
import { FloodGuard } from '../../../safety/limits/flood-guard';

for (const driver of DRIVERS) {
  describe(`RateLimiter on ${driver.name}`, function () {
    let t: TestDatabase;
    let now = 1_700_000_000_000;
    const clock = () => now;

    before(async function () {
      if (driver.name === 'postgres') await requirePostgres(this);
      t = await driver.open();
    });
    after(async () => t?.dispose());

    it('when a key stays under the limit, then every hit is allowed; the first over it is flagged once', async () => {
      const limiter = new RateLimiter(t.db, { now: clock });
      now = Math.floor(now / 60_000) * 60_000 + 1000;
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await limiter.hit('resident:line:U1', 3, 60_000));
      assert.deepEqual(results.map((r) => r.allowed), [true, true, true, false, false]);
      assert.deepEqual(results.map((r) => r.firstRejection), [false, false, false, true, false]);
      assert.ok(results[3].retryAfterMs > 0 && results[3].retryAfterMs <= 60_000);
      assert.equal((await limiter.hit('resident:line:U2', 3, 60_000)).allowed, true, 'another resident has its own counter');
    });

    it('when several keys are counted in one call, then each gets the decision a separate hit would give', async () => {
      const limiter = new RateLimiter(t.db, { now: clock });
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

    it('when many messages arrive at once, then they share statements and every counter is still exact', async () => {
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
      const limiter = new RateLimiter(t.db, { now: clock });
      now = Math.floor(now / 60_000) * 60_000 + 60_000 * 10;
      for (let i = 0; i < 4; i++) await limiter.hit('k:slide', 4, 60_000);
      now += 60_000 + 15_000; // a quarter into the next window: 75% of the 4 previous hits still count
      assert.equal((await limiter.hit('k:slide', 4, 60_000)).allowed, true, '3 + 1 = 4 is within the limit');
      assert.equal((await limiter.hit('k:slide', 4, 60_000)).allowed, false, '3 + 2 = 5 is over it');
      now += 45_000 + 60_000; // two windows later nothing is left
      assert.equal((await limiter.hit('k:slide', 4, 60_000)).allowed, true);
    });

    it('when many instances hit the same key at once, then the counter is exact', async () => {
      const a = new RateLimiter(t.db, { now: clock });
      const b = new RateLimiter(t.db, { now: clock });
      now = Math.floor(now / 60_000) * 60_000 + 60_000 * 100;
      const decisions = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).hit('k:concurrent', 10, 60_000)));
      assert.equal(decisions.filter((d) => d.allowed).length, 10);
      assert.equal(decisions.filter((d) => d.firstRejection).length, 1);
    });

    it('when a resident floods, then one reply, then quiet until calm for the quiet period', async () => {
      const limiter = new RateLimiter(t.db, { now: clock });
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

    it('when stale counters are purged, then only old unblocked rows go', async () => {
      const limiter = new RateLimiter(t.db, { now: clock });
      await t.db.query("UPDATE rate_limit_counters SET updated_at = now() - interval '3 days' WHERE key = 'k:slide'");
      const removed = await limiter.purgeStale(24 * 3600_000);
      assert.equal(removed, 1);
      const left = await t.db.query<{ key: string }>('SELECT key FROM rate_limit_counters');
      assert.ok(left.rows.some((r) => r.key === 'k:concurrent'));
    });
  });
}
