import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { register } from '../../bot/commands/serve-command';
import { register as registerPurge } from '../../bot/commands/purge-command';
import { register as registerResident } from '../../bot/commands/resident-command';
import { register as registerOfficer } from '../../bot/commands/officer-command';
import { runCli } from '../helpers/run-cli';

describe('one process per embedded data folder (serve and the other commands)', () => {
  it('when a live server already holds the embedded data folder, then a second one refuses to start', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-serve-'));
    const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
    try {
      fs.writeFileSync(path.join(dataDir, 'madoguchi.pid'), JSON.stringify({ pid: process.pid, port: 3978 }));
      process.env.DATA_DIR = dataDir;
      process.env.DATABASE_URL = '';
      const { err, code } = await runCli(register, ['serve']);
      assert.equal(code, 1);
      assert.match(err, new RegExp(`another Madoguchi server \\(pid ${process.pid}, port 3978\\) is using`));
      assert.deepEqual(fs.readdirSync(dataDir), ['madoguchi.pid']);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('when a live server holds the embedded data folder, then commands that would open it refuse and touch nothing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-serve-'));
    const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
    try {
      fs.writeFileSync(path.join(dataDir, 'madoguchi.pid'), JSON.stringify({ pid: process.pid, port: 3978 }));
      process.env.DATA_DIR = dataDir;
      process.env.DATABASE_URL = '';
      const runs = [
        await runCli(registerPurge, ['purge']),
        await runCli(registerResident, ['resident', 'delete', '--channel', 'line', '--user', 'U1']),
        await runCli(registerOfficer, ['officer', 'list']),
      ];
      for (const { err, code } of runs) {
        assert.equal(code, 1, err);
        assert.match(err, new RegExp(`a Madoguchi server \\(pid ${process.pid}, port 3978\\) is using .*stop the server first`));
      }
      assert.deepEqual(fs.readdirSync(dataDir), ['madoguchi.pid']);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
