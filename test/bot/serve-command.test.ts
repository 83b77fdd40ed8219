import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { register } from '../../bot/commands/serve-command';
import { register as registerPurge } from '../../bot/commands/purge-command';
import { register as registerResident } from '../../bot/commands/resident-command';
import { register as registerOfficer } from '../../bot/commands/officer-command';
import { claimDataFolder } from '../../bot/commands/command-database';
import { runCli } from '../helpers/run-cli';

/**
 * Runs `fn` with DATA_DIR set to a fresh folder whose pid file names this (live) process as a
 * server on port 3978, and DATABASE_URL empty (the embedded database); restores both afterwards.
 */
async function withHeldFolder(fn: (dataDir: string) => Promise<void>): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-serve-'));
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
  try {
    fs.writeFileSync(path.join(dataDir, 'madoguchi.pid'), JSON.stringify({ pid: process.pid, port: 3978 }));
    process.env.DATA_DIR = dataDir;
    process.env.DATABASE_URL = '';
    await fn(dataDir);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('one process per embedded data folder (serve and the other commands)', () => {
  it('when a live server already holds the embedded data folder, then a second one refuses to start', () =>
    withHeldFolder(async (dataDir) => {
      const { err, code } = await runCli(register, ['serve']);
      assert.equal(code, 1);
      assert.match(err, new RegExp(`another Madoguchi server \\(pid ${process.pid}, port 3978\\) is using`));
      assert.deepEqual(fs.readdirSync(dataDir), ['madoguchi.pid']);
    }));

  it('when a live server holds the embedded data folder, then commands that would open it refuse and touch nothing', () =>
    withHeldFolder(async (dataDir) => {
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
    }));

  describe('claimDataFolder', () => {
    let dataDir: string;
    beforeEach(() => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-claim-'));
    });
    afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const pidFile = () => JSON.parse(fs.readFileSync(path.join(dataDir, 'madoguchi.pid'), 'utf8')) as { pid: number; port: number };

    it('when the folder is free, then the claim records this process, then its port, and release frees it', () => {
      const claim = claimDataFolder(dataDir);
      assert.ok(claim);
      assert.deepEqual(pidFile(), { pid: process.pid, port: 0 });
      assert.equal(claimDataFolder(dataDir), null, 'a live holder keeps it');
      claim.setPort(4321);
      assert.deepEqual(pidFile(), { pid: process.pid, port: 4321 });
      claim.release();
      assert.deepEqual(fs.readdirSync(dataDir), []);
    });

    it('when the pid file was left by a process that is gone, then it is replaced', async () => {
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
      fs.writeFileSync(path.join(dataDir, 'madoguchi.pid'), JSON.stringify({ pid: Number(stdout), port: 3978 }));
      const claim = claimDataFolder(dataDir);
      assert.ok(claim);
      assert.equal(pidFile().pid, process.pid);
      claim.release();
    });

    it('when several servers start on one folder at the same moment, then exactly one gets it', async function () {
      this.timeout(30000);
      // Each child claims, says so and keeps its claim until all have answered.
      const script = `const { claimDataFolder } = require(${JSON.stringify(path.resolve(__dirname, '../../bot/commands/command-database'))});
        process.stdout.write(claimDataFolder(${JSON.stringify(dataDir)}) ? 'claimed' : 'refused');
        setInterval(() => undefined, 1000);`;
      const children = Array.from({ length: 4 }, () => spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script]));
      let runs: { stdout: string }[];
      try {
        runs = await Promise.all(children.map((child) => new Promise<{ stdout: string }>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve({ stdout: chunk.toString() })))));
      } finally {
        for (const child of children) child.kill();
      }
      assert.deepEqual(runs.map((r) => r.stdout).sort(), ['claimed', 'refused', 'refused', 'refused']);
    });
  });
});
