import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { openDatabase } from '../../storage/open-database';
import type { Database } from '../../storage/database';
import { addOfficer, register, resetOfficerPassword } from '../../bot/commands/officer-command';
import { OfficerRepository } from '../../officers/officer-repository';
import { runCli as runCommand } from '../helpers/run-cli';

function runCli(args: string[], password: string | null) {
  return runCommand((program) => register(program, async () => password), ['officer', ...args]);
}

describe('madoguchi officer', function () {
  this.timeout(60000);
  let db: Database;
  before(async () => {
    db = await openDatabase({ databaseUrl: '', dataDir: '', inMemory: true });
  });
  after(async () => db?.close());

  it('when no password is piped, then one is generated, printed once and works; the hash is bcrypt', async () => {
    const r = await addOfficer(db, { email: 'gen@city.example', name: 'Gen Lee', role: 'supervisor' }, async () => null, 4);
    assert.equal(r.officer.role, 'supervisor');
    assert.equal(r.password?.length, 20);
    const stored = await new OfficerRepository(db).findForLogin('gen@city.example');
    assert.match(stored!.passwordHash, /^\$2[aby]\$04\$/);
    assert.equal(await bcrypt.compare(r.password, stored!.passwordHash), true);
  });

  it('when a password is piped, then it is used and not printed; a short one or a bad role is refused', async () => {
    const r = await addOfficer(db, { email: 'piped@city.example', name: 'Pi Ped', role: 'officer' }, async () => 'a long enough secret', 4);
    assert.equal(r.password, undefined);
    await assert.rejects(addOfficer(db, { email: 'short@city.example', name: 'S', role: 'officer' }, async () => 'short', 4), /at least 12/);
    await assert.rejects(addOfficer(db, { email: 'role@city.example', name: 'R', role: 'root' }, async () => null, 4), /--role/);
    await assert.rejects(addOfficer(db, { email: 'piped@city.example', name: 'Dup', role: 'officer' }, async () => null, 4), /already exists/);
  });

  it('when a password is reset, then the old one stops working and the lock is cleared', async () => {
    const repo = new OfficerRepository(db);
    await addOfficer(db, { email: 'reset@city.example', name: 'Re Set', role: 'officer' }, async () => 'the first password', 4);
    const o = (await repo.findForLogin('reset@city.example'))!;
    await repo.recordFailure(o.id, 1, new Date(Date.now() + 60_000));
    const r = await resetOfficerPassword(db, 'reset@city.example', async () => null, 4);
    const after = (await repo.findForLogin('reset@city.example'))!;
    assert.equal(after.lockedUntil, null);
    assert.equal(await bcrypt.compare('the first password', after.passwordHash), false);
    assert.equal(await bcrypt.compare(r.password!, after.passwordHash), true);
  });

  it('when run as a command on the configured database, then add and list print JSON and errors exit with 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-officer-'));
    const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
    process.env.DATA_DIR = dir;
    process.env.DATABASE_URL = '';
    try {
      const add = await runCli(['add', '--email', 'cli@city.example', '--name', 'Cli Choi', '--role', 'admin'], null);
      assert.equal(add.code, undefined, add.err);
      const created = JSON.parse(add.out) as { officer: { email: string; role: string }; password: string };
      assert.equal(created.officer.role, 'admin');
      assert.equal(typeof created.password, 'string');
      const list = await runCli(['list'], null);
      assert.deepEqual((JSON.parse(list.out) as { email: string }[]).map((o) => o.email), ['cli@city.example']);
      assert.ok(!list.out.includes('password'), 'hashes are never printed');
      const bad = await runCli(['reset-password', '--email', 'nobody@city.example'], null);
      assert.equal(bad.code, 1);
      assert.match(bad.err, /no officer/);
    } finally {
      Object.assign(process.env, saved);
      if (saved.DATA_DIR === undefined) delete process.env.DATA_DIR;
      if (saved.DATABASE_URL === undefined) delete process.env.DATABASE_URL;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
