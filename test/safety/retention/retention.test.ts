/**
 * Retention and residents' rights on both drivers: the purge deletes rows past RETENTION_DAYS from
 * every resident-data table (keeping open hand-offs), export returns one resident's rows and
 * nobody else's, delete erases them in all tables and is audited; the scheduler runs and stops.
 */
import assert from 'node:assert/strict';
import { DRIVERS, requirePostgres, type TestDatabase } from '../../helpers/test-databases';
import type { Database } from '../../../storage/database';
import { RetentionPurger } from '../../../safety/retention/retention-purger';
import { ResidentData } from '../../../safety/retention/resident-data';
import { RetentionScheduler } from '../../../safety/retention/retention-scheduler';
import { AuditLog } from '../../../safety/audit/audit-log';

const DAY = 86_400_000;

/** Seeds one resident's conversation, `ageDays` old. */
async function seed(db: Database, user: string, conv: string, ageDays: number, handoffStatus = 'resolved'): Promise<void> {
  const at = new Date(Date.now() - ageDays * DAY).toISOString();
  await db.query(`INSERT INTO transcript (channel_id, conversation_id, user_id, direction, text, created_at) VALUES ('line', $1, $2, 'in', 'hello', $3)`, [conv, user, at]);
  for (const key of [`line/users/${user}`, `line/conversations/${conv}`]) {
    await db.query(`INSERT INTO bot_state (key, data, etag, updated_at) VALUES ($1, '{}', '1', $2)`, [key, at]);
  }
  await db.query(`INSERT INTO conversation_refs (channel_id, conversation_id, user_id, reference, updated_at) VALUES ('line', $1, $2, '{}', $3)`, [conv, user, at]);
  await db.query(
    `INSERT INTO handoffs (id, channel_id, conversation_id, user_id, lang, reason, priority, status, created_at, updated_at) VALUES ($1, 'line', $2, $3, 'ko', 'asked_for_person', 'normal', $4, $5, $5)`,
    [`h-${user}`, conv, user, handoffStatus, at],
  );
  await db.query(`INSERT INTO handoff_messages (handoff_id, author, text, created_at) VALUES ($1, 'resident', 'hi', $2)`, [`h-${user}`, at]);
  await db.query(`INSERT INTO eligibility_profiles (channel_id, user_id, profile, updated_at) VALUES ('line', $1, '{}', $2)`, [user, at]);
  await db.query(`INSERT INTO webhook_events (platform, event_id, received_at) VALUES ('line', $1, $2)`, [`ev-${user}`, at]);
}

async function count(db: Database, table: string): Promise<number> {
  return Number((await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
}

const TABLES = ['transcript', 'bot_state', 'conversation_refs', 'handoffs', 'handoff_messages', 'eligibility_profiles', 'webhook_events'];

for (const driver of DRIVERS) {
  describe(`Retention on ${driver.name}`, function () {
    let t: TestDatabase;

    beforeEach(async function () {
      if (driver.name === 'postgres') await requirePostgres(this);
      t = await driver.open();
    });
    afterEach(async () => t?.dispose());

    it('when the purge runs, then rows older than the retention go from every table and recent ones stay', async () => {
      await seed(t.db, 'old', 'c-old', 100);
      await seed(t.db, 'new', 'c-new', 5);
      await seed(t.db, 'open', 'c-open', 100, 'queued');
      const report = await new RetentionPurger(t.db).purge(90);
      for (const table of TABLES) assert.ok((report.deleted[table] ?? 0) >= 1, `${table} purged: ${JSON.stringify(report.deleted)}`);
      assert.equal(report.deleted.handoffs, 1, 'the open hand-off is kept');
      assert.equal(report.deleted.handoff_messages, 1);
      const kept = await t.db.query<{ user_id: string }>('SELECT DISTINCT user_id FROM transcript ORDER BY user_id');
      assert.deepEqual(kept.rows.map((r) => r.user_id), ['new']);
      assert.equal(await count(t.db, 'handoffs'), 2);
      await assert.rejects(new RetentionPurger(t.db).purge(0), RangeError);
    });

    it('when a resident asks for an export, then every table with their data is returned and nobody else’s', async () => {
      await seed(t.db, 'U1', 'c1', 1);
      await seed(t.db, 'U2', 'c2', 1);
      const audit = new AuditLog(t.db);
      const exported = await new ResidentData(t.db, audit).export('line', 'U1', { actorId: 'cli', actorRole: 'operator' });
      assert.deepEqual(exported.conversationIds, ['c1']);
      for (const table of ['transcript', 'bot_state', 'conversation_refs', 'handoffs', 'handoff_messages', 'eligibility_profiles']) {
        assert.ok(exported.tables[table]?.length >= 1, `${table} exported`);
      }
      assert.equal(exported.tables.bot_state.length, 2);
      assert.ok(!JSON.stringify(exported).includes('U2'), 'no other resident in the export');
      assert.equal((await audit.list({ action: 'resident.export' })).length, 1);
    });

    it('when a resident asks for deletion, then their rows go from every table, others stay, and it is audited', async () => {
      await seed(t.db, 'U1', 'c1', 1);
      await seed(t.db, 'U2', 'c2', 1);
      const audit = new AuditLog(t.db);
      const result = await new ResidentData(t.db, audit).delete('line', 'U1', { actorId: 'cli', actorRole: 'operator' });
      assert.equal(result.deleted.bot_state, 2);
      for (const table of ['transcript', 'conversation_refs', 'handoffs', 'handoff_messages', 'eligibility_profiles']) assert.equal(result.deleted[table], 1, table);
      const again = await new ResidentData(t.db).export('line', 'U1');
      assert.ok(Object.values(again.tables).every((rows) => rows.length === 0));
      assert.equal(await count(t.db, 'transcript'), 1);
      assert.deepEqual((await audit.list({ action: 'resident.delete' })).map((e) => e.target), ['resident:line/U1']);
    });
  });
}

describe('RetentionScheduler', () => {
  it('when started, then it purges at once and on the interval, and stop() ends it', async () => {
    const calls: number[] = [];
    const purger = { purge: (days: number) => (calls.push(days), Promise.resolve({ days, cutoff: '', deleted: {}, total: 0 })) };
    const scheduler = new RetentionScheduler({ purger, days: 30, intervalMs: 20 });
    scheduler.start();
    await new Promise((r) => setTimeout(r, 70));
    scheduler.stop();
    const seen = calls.length;
    assert.ok(seen >= 2, `ran ${seen} times`);
    assert.ok(calls.every((d) => d === 30));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(calls.length, seen, 'no run after stop()');
  });

  it('when a purge fails, then the error is logged and not thrown', async () => {
    const errors: object[] = [];
    const scheduler = new RetentionScheduler({
      purger: { purge: () => Promise.reject(new Error('db down')) },
      days: 30,
      log: { info: () => undefined, error: (obj) => errors.push(obj) },
    });
    assert.equal(await scheduler.runOnce(), null);
    assert.equal(errors.length, 1);
  });
});
