import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SqlProfileStore } from '../../eligibility/sql-profile-store';
import { PgliteDatabase } from '../../storage/pglite-database';

describe('SqlProfileStore (PGlite)', function () {
  this.timeout(30000);
  let db: PgliteDatabase;
  let store: SqlProfileStore;

  before(async () => {
    db = await PgliteDatabase.open();
    await db.exec(fs.readFileSync(path.resolve(__dirname, '..', '..', 'storage', 'migrations', '040-eligibility.sql'), 'utf8'));
    store = new SqlProfileStore(db);
  });
  after(async () => db.close());

  it('when a profile is saved, then it is read back for the same resident only', async () => {
    await store.save('line', 'u1', { age: 67, householdSize: 1, income: { amount: 1_000_000, currency: 'KRW', period: 'month' } });
    const got = await store.get('line', 'u1');
    assert.deepEqual(got?.profile, { age: 67, householdSize: 1, income: { amount: 1_000_000, currency: 'KRW', period: 'month' } });
    assert.ok(got?.consentedAt instanceof Date);
    assert.equal(await store.get('kakao', 'u1'), null);
  });

  it('when a profile is saved again, then it is replaced', async () => {
    await store.save('line', 'u1', { age: 68 });
    assert.deepEqual((await store.get('line', 'u1'))?.profile, { age: 68 });
  });

  it('when the resident deletes it, then it is gone and a second delete reports nothing', async () => {
    assert.equal(await store.delete('line', 'u1'), true);
    assert.equal(await store.get('line', 'u1'), null);
    assert.equal(await store.delete('line', 'u1'), false);
  });

  it('when the retention purge runs, then only old profiles are removed', async () => {
    await store.save('web', 'old', { age: 30 });
    await store.save('web', 'new', { age: 31 });
    await db.query("UPDATE eligibility_profiles SET updated_at = now() - interval '100 days' WHERE user_id = 'old'");
    assert.equal(await store.purgeOlderThan(new Date(Date.now() - 90 * 86400_000)), 1);
    assert.equal(await store.get('web', 'old'), null);
    assert.notEqual(await store.get('web', 'new'), null);
  });
});
