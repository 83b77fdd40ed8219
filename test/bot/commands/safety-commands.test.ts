/**
 * `madoguchi purge` and `madoguchi resident export|delete`, run through commander against an
 * embedded database in a temporary DATA_DIR: they print JSON and do what they say.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { register as registerPurge } from '../../../bot/commands/purge-command';
import { register as registerResident } from '../../../bot/commands/resident-command';
import { openDatabase } from '../../../storage/open-database';
import { runCli } from '../../helpers/run-cli';

function run(args: string[]) {
  return runCli((program) => {
    registerPurge(program);
    registerResident(program);
  }, args);
}

describe('safety commands', function () {
  this.timeout(60_000);
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
  let dir = '';

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-cmd-'));
    process.env.DATA_DIR = dir;
    process.env.DATABASE_URL = '';
    const db = await openDatabase({ databaseUrl: '', dataDir: dir });
    const old = new Date(Date.now() - 200 * 86_400_000).toISOString();
    await db.query(`INSERT INTO transcript (channel_id, conversation_id, user_id, direction, text, created_at) VALUES ('line','c-old','U-old','in','old', $1)`, [old]);
    await db.query(`INSERT INTO transcript (channel_id, conversation_id, user_id, direction, text) VALUES ('line','c1','U1','in','hello [PHONE]')`);
    await db.query(`INSERT INTO bot_state (key, data, etag) VALUES ('line/users/U1', '{}', '1')`);
    await db.close();
  });
  after(() => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when `purge --days 90` runs, then it prints what it deleted as JSON', async () => {
    const { out, code } = await run(['purge', '--days', '90']);
    assert.equal(code, undefined);
    const report = JSON.parse(out) as { days: number; deleted: Record<string, number>; total: number };
    assert.equal(report.days, 90);
    assert.equal(report.deleted.transcript, 1);
  });

  it('when `resident export` runs, then it prints the resident’s rows; `resident delete` erases them', async () => {
    const exported = JSON.parse((await run(['resident', 'export', '--channel', 'line', '--user', 'U1'])).out) as { tables: Record<string, unknown[]> };
    assert.equal(exported.tables.transcript.length, 1);
    assert.equal(exported.tables.bot_state.length, 1);
    const deleted = JSON.parse((await run(['resident', 'delete', '--channel', 'line', '--user', 'U1'])).out) as { total: number };
    assert.equal(deleted.total, 2);
    const again = JSON.parse((await run(['resident', 'export', '--channel', 'line', '--user', 'U1'])).out) as { tables: Record<string, unknown[]> };
    assert.ok(Object.values(again.tables).every((rows) => rows.length === 0));
  });

  it('when --days is not a positive integer, then it fails with exit code 1', async () => {
    const { code, err } = await run(['purge', '--days', 'zero']);
    assert.equal(code, 1);
    assert.match(err, /--days must be a positive integer/);
  });
});
