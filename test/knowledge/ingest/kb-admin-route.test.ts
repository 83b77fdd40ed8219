import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import type { Server } from 'node:http';
import { loadConfig } from '../../../bot/config';
import { runKbImport, summaryLines } from '../../../bot/commands/kb-command';
import { createKbAdminRouter } from '../../../bot/routes/kb-admin-route';
import type { ImportProgress } from '../../../knowledge/ingest/kb-importer';
import { KnowledgeBase } from '../../../knowledge/retrieval/knowledge-base';
import type { Database } from '../../../storage/database';
import { openDatabase } from '../../../storage/open-database';

const MALFORMED = path.join(__dirname, '..', '..', 'fixtures', 'kb', 'malformed');

describe('kb import through the running server', () => {
  let db: Database;
  let server: Server;
  let port: number;
  let dataDir: string;

  before(async () => {
    db = await openDatabase({ databaseUrl: '', dataDir: '', inMemory: true });
    const app = express();
    app.use(createKbAdminRouter(new KnowledgeBase({ db, pollIntervalMs: 0 })));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-data-'));
    fs.writeFileSync(path.join(dataDir, 'madoguchi.pid'), JSON.stringify({ pid: process.pid, port }));
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('when a server holds the data folder, then the CLI imports through it with streamed progress and a summary', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: '', DEFAULT_LANGUAGE: 'en' }, null);
    const events: ImportProgress[] = [];
    const notes: string[] = [];
    const summary = await runKbImport(config, MALFORMED, (e) => events.push(e), (n) => notes.push(n));
    assert.match(notes[0], new RegExp(`port ${port}`));
    assert.deepEqual(summary.added, ['good-doc']);
    assert.equal(summary.rejected.length, 5);
    assert.ok(events.some((e) => e.phase === 'document'));
    const lines = summaryLines(config, summary);
    assert.match(lines[0], /1 added, 0 updated, 0 unchanged, 0 removed, 5 rejected/);
    assert.ok(lines.some((l) => /rejected bad-lang\.md:4: lang:/.test(l)));
  });

  it('when a request comes through a proxy or names no folder, then it is refused', async () => {
    const proxied = await fetch(`http://127.0.0.1:${port}/admin/kb/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
      body: JSON.stringify({ dir: MALFORMED }),
    });
    assert.equal(proxied.status, 403);
    const bad = await fetch(`http://127.0.0.1:${port}/admin/kb/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"dir":"/no/such/dir"}' });
    assert.equal(bad.status, 400);
    const list = await fetch(`http://127.0.0.1:${port}/admin/kb/documents`);
    assert.deepEqual(((await list.json()) as { id: string }[]).map((d) => d.id), ['good-doc']);
  });
});
