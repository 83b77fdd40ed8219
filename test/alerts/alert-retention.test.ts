/**
 * Erasure and retention cover alerts (embedded database): `madoguchi resident delete` removes a
 * resident's subscriptions, consent records, deliveries and recommendation reasons; the retention
 * purge removes deliveries by age and subscriptions ended longer ago than RETENTION_DAYS, and keeps
 * active subscriptions (consent still given) with what is needed to reach the resident.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../storage/database';
import { openDatabase } from '../../storage/open-database';
import { ResidentData } from '../../safety/retention/resident-data';
import { RetentionPurger } from '../../safety/retention/retention-purger';
import { AlertOutbox } from '../../alerts/outbox';
import { AnnouncementRepository } from '../../alerts/announcement-repository';
import { approvedAnnouncement, resident, subscribe, testStore } from './alert-fixtures';

describe('alerts under erasure and retention', function () {
  this.timeout(60000);
  let db: Database;
  before(async () => {
    db = await openDatabase({ databaseUrl: '', dataDir: '', inMemory: true });
  });
  after(async () => db?.close());

  const count = async (table: string, userId: string) => Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [userId])).rows[0]?.n);

  it('when a resident asks to be erased, then their subscriptions, consent records, deliveries and recommendation reasons are deleted', async () => {
    const store = testStore(db);
    const who = resident('line');
    const other = resident('line');
    await subscribe(store, who, ['domain:welfare', 'recommendations']);
    await subscribe(store, other, ['domain:welfare']);
    await new AnnouncementRepository(db).create(
      { title: 'Rec', texts: { en: 'You may be eligible' }, topics: [], langs: [] },
      { officerId: null, kind: 'recommendation', origin: 'kb_import' },
      [{ channelId: who.channelId, userId: who.userId, detail: { reasons: ['✓ age 70 ≥ 65'] } }],
    );
    const id = await approvedAnnouncement(db, { topics: ['domain:welfare'] });
    await new AlertOutbox(db, '').plan(id);
    assert.equal(await count('alert_deliveries', who.userId), 1);

    const deleted = await new ResidentData(db).delete(who.channelId, who.userId);
    assert.equal(deleted.deleted.alert_subscriptions, 2);
    assert.equal(deleted.deleted.alert_deliveries, 1);
    assert.equal(deleted.deleted.alert_targets, 1);
    assert.equal(deleted.deleted.alert_recipients, 1);
    for (const table of ['alert_subscriptions', 'alert_deliveries', 'alert_targets', 'alert_recipients']) assert.equal(await count(table, who.userId), 0, table);
    assert.equal(await count('alert_subscriptions', other.userId), 1, "another resident's subscription stays");
  });

  it('when the retention purge runs, then old deliveries and subscriptions ended long ago go, and active subscriptions stay', async () => {
    const store = testStore(db);
    const active = resident('telegram');
    const endedLongAgo = resident('telegram');
    const endedRecently = resident('telegram');
    for (const r of [active, endedLongAgo, endedRecently]) await subscribe(store, r, ['domain:health']);
    await store.unsubscribe(endedLongAgo.channelId, endedLongAgo.userId, 'all');
    await store.unsubscribe(endedRecently.channelId, endedRecently.userId, 'all');
    // Everything was created 200 days ago; one subscription ended then, one yesterday.
    await db.query("UPDATE alert_recipients SET updated_at = now() - interval '200 days', created_at = now() - interval '200 days'");
    await db.query("UPDATE alert_subscriptions SET consented_at = now() - interval '200 days'");
    await db.query("UPDATE alert_subscriptions SET ended_at = now() - interval '200 days' WHERE user_id = $1", [endedLongAgo.userId]);
    await db.query("UPDATE alert_subscriptions SET ended_at = now() - interval '1 day' WHERE user_id = $1", [endedRecently.userId]);
    await db.query("UPDATE alert_deliveries SET created_at = now() - interval '200 days'");

    const report = await new RetentionPurger(db).purge(90);
    assert.ok((report.deleted.alert_deliveries ?? 0) >= 1, 'old deliveries purged');
    assert.equal(await count('alert_subscriptions', active.userId), 1, 'active subscription kept');
    assert.equal(await count('alert_recipients', active.userId), 1, 'how to reach an active subscriber kept');
    assert.equal(await count('alert_subscriptions', endedLongAgo.userId), 0);
    assert.equal(await count('alert_recipients', endedLongAgo.userId), 0);
    assert.equal(await count('alert_subscriptions', endedRecently.userId), 1, 'a consent record ended yesterday is kept');
    assert.equal(await count('alert_recipients', endedRecently.userId), 1);
  });
});
