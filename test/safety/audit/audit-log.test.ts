/**
 * The append-only audit log, on both drivers: append, list with filters, JSON and CSV export,
 * and the database itself refusing UPDATE, DELETE and TRUNCATE.
 */
import assert from 'node:assert/strict';
import { DRIVERS, requirePostgres, type TestDatabase } from '../../helpers/test-databases';
import { AuditLog } from '../../../safety/audit/audit-log';

for (const driver of DRIVERS) {
  describe(`AuditLog on ${driver.name}`, function () {
    let t: TestDatabase;
    let audit: AuditLog;

    before(async function () {
      if (driver.name === 'postgres') await requirePostgres(this);
      t = await driver.open();
      audit = new AuditLog(t.db);
      await audit.append({ actorId: 'o1', actorRole: 'officer', action: 'handoff.read', target: 'handoff:h1', detail: { lines: 4 } });
      await audit.append({ actorId: 'o2', actorRole: 'supervisor', action: 'handoff.claim', target: 'handoff:h2' });
      await audit.append({ actorId: 'o1', actorRole: 'officer', action: '=cmd()', target: 'handoff:h1', detail: { note: 'a "quoted", value' } });
    });
    after(async () => t?.dispose());

    it('when entries are listed, then they come newest first and filters apply', async () => {
      const all = await audit.list();
      assert.deepEqual(all.map((e) => e.action), ['=cmd()', 'handoff.claim', 'handoff.read']);
      assert.deepEqual((await audit.list({ actorId: 'o1' })).map((e) => e.target), ['handoff:h1', 'handoff:h1']);
      assert.equal((await audit.list({ target: 'handoff:h2' }))[0].actorRole, 'supervisor');
      assert.deepEqual(all[2].detail, { lines: 4 });
      assert.match(all[0].at, /^\d{4}-\d{2}-\d{2}T/);
      assert.equal((await audit.list({ since: new Date(Date.now() + 60_000).toISOString() })).length, 0);
    });

    it('when exported, then JSON lines parse back and CSV quotes cells and defuses formulas', async () => {
      const json = await audit.export('json');
      assert.equal(json.trim().split('\n').map((l) => JSON.parse(l) as { action: string }).length, 3);
      const csv = await audit.export('csv');
      const lines = csv.trim().split('\r\n');
      assert.equal(lines[0], 'id,at,actorId,actorRole,action,target,detail');
      assert.ok(lines[1].includes(`"'=cmd()"`), lines[1]);
      assert.ok(lines[1].includes('""note""'), 'quotes doubled');
    });

    it('when anything tries to UPDATE, DELETE or TRUNCATE the audit log, then the database rejects it', async () => {
      await assert.rejects(t.db.query("UPDATE audit_log SET action = 'x'"), /append-only/);
      await assert.rejects(t.db.query('DELETE FROM audit_log'), /append-only/);
      await assert.rejects(t.db.query('TRUNCATE audit_log'), /append-only/);
      assert.equal((await audit.list()).length, 3);
      assert.equal(typeof (audit as unknown as Record<string, unknown>).delete, 'undefined', 'the repository has no delete path');
    });
  });
}
