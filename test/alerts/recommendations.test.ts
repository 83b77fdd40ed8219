/**
 * Recommendations and document-change drafts through the real server (container + HTTP host,
 * embedded PGlite in memory, no LLM): `kb import` through the server's admin route changes a
 * program's eligibility rules and a followed document; drafts appear for review — a "you may be
 * eligible" campaign for exactly the consenting residents whose kept profile now fits, with their
 * reasons, and an "updated" notice for the document's followers — and nothing is sent until a
 * publisher approves.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { addOfficer } from '../../bot/commands/officer-command';
import { SqlProfileStore } from '../../eligibility/sql-profile-store';
import { api, officeOpenNowEnv, officerToken } from '../integration/integration-helpers';
import { resident, subscribe, testStore, until } from './alert-fixtures';

const log = pino({ level: 'silent' });
const PASSWORD = 'correct horse battery staple';

const allowance = (minAge: number) => `---
id: tiny-senior-allowance
title: Tiny Senior Allowance
lang: en
domain: welfare
region: KR
updated: 2026-03-01
apply: Call the welfare desk.
eligibility:
  age: { min: ${minAge} }
---
# Tiny Senior Allowance

A monthly allowance for older residents.
`;
const notice = (hours: string) => `---
id: tiny-city-hall
title: City hall hours
lang: en
domain: civil
region: KR
updated: 2026-03-01
---
# City hall hours

The city hall is open ${hours}.
`;

describe('recommendations and drafts from knowledge-base changes (real server)', function () {
  this.timeout(90000);
  let container: Container;
  let server: RunningServer;
  let kbDir: string;

  before(async () => {
    kbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-alerts-rec-'));
    fs.writeFileSync(path.join(kbDir, 'tiny-senior-allowance.md'), allowance(70));
    fs.writeFileSync(path.join(kbDir, 'tiny-city-hall.md'), notice('from 9 to 6'));
    const config = loadConfig(
      { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: '', KB_DIR: kbDir, LLM_ENABLED: 'false', OLLAMA_BASE_URL: 'http://127.0.0.1:1', ALERTS_QUIET_HOURS: 'off', ALERTS_POLL_MS: '50', KB_MAX_REMOVE_SHARE: '1', ...officeOpenNowEnv() },
      null,
    );
    container = await buildContainer(config, log, { inMemoryDatabase: true });
    server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, beginShutdown: container.beginShutdown, onShutdown: [container.shutdown] });
  });
  after(async () => {
    await server?.stop();
    if (kbDir) fs.rmSync(kbDir, { recursive: true, force: true });
  });

  it('when an import changes a program\'s rules and a followed document, then drafts are made for review only for consenting matching residents, and nothing is sent before approval', async () => {
    const { db } = container;
    await until(async () => (await db.query('SELECT 1 FROM alert_kb_seen')).rows.length === 2, 'the drafter to record the documents at start-up');
    const store = testStore(db);
    const profiles = new SqlProfileStore(db);
    const fitsNow = resident('webchat'); // 67, wants recommendations
    const noConsent = resident('webchat'); // 67, subscribed to everything but not to recommendations
    const tooYoung = resident('webchat'); // 50, wants recommendations
    const noProfile = resident('webchat'); // wants recommendations, kept no profile
    const fitBefore = resident('webchat'); // 75: already fitted the old rule
    const follower = resident('webchat'); // follows the city hall page
    await subscribe(store, fitsNow, ['recommendations']);
    await subscribe(store, noConsent, ['all']);
    await subscribe(store, tooYoung, ['recommendations']);
    await subscribe(store, noProfile, ['recommendations']);
    await subscribe(store, fitBefore, ['recommendations']);
    await subscribe(store, follower, ['program:tiny-city-hall']);
    await profiles.save('webchat', fitsNow.userId, { age: 67 });
    await profiles.save('webchat', noConsent.userId, { age: 67 });
    await profiles.save('webchat', tooYoung.userId, { age: 50 });
    await profiles.save('webchat', fitBefore.userId, { age: 75 });

    // The city lowers the age limit and changes the opening hours; `kb import` goes through the running server.
    fs.writeFileSync(path.join(kbDir, 'tiny-senior-allowance.md'), allowance(65));
    fs.writeFileSync(path.join(kbDir, 'tiny-city-hall.md'), notice('from 8 to 8'));
    const res = await fetch(`${server.url}/admin/kb/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dir: kbDir }) });
    assert.match(await res.text(), /"phase":"done"/);

    const drafts = async () =>
      (await db.query<{ id: string; kind: string; status: string; topics: string[]; origin: string; doc_id: string }>("SELECT id, kind, status, topics, origin, doc_id FROM alert_announcements WHERE origin = 'kb_import' ORDER BY kind")).rows;
    await until(async () => (await drafts()).length === 2, 'two drafts');
    const [change, recommendation] = await drafts();
    assert.equal(change?.kind, 'announcement');
    assert.deepEqual(change?.topics, ['program:tiny-city-hall']);
    assert.equal(recommendation?.kind, 'recommendation');
    assert.equal(recommendation?.doc_id, 'tiny-senior-allowance');
    for (const d of [change, recommendation]) assert.equal(d?.status, 'pending_approval');
    const targets = (await db.query<{ user_id: string; detail: { reasons: string[]; apply?: string } }>('SELECT user_id, detail FROM alert_targets WHERE announcement_id = $1', [recommendation.id])).rows;
    assert.deepEqual(
      targets.map((t) => t.user_id),
      [fitsNow.userId],
      'only the consenting resident whose kept profile now fits',
    );
    assert.ok(targets[0].detail.reasons.some((r) => r.includes('67') && r.includes('65')), JSON.stringify(targets[0].detail));

    // Nothing is sent without an approving person.
    await new Promise((r) => setTimeout(r, 400));
    assert.equal((await db.query('SELECT 1 FROM alert_deliveries')).rows.length, 0);

    await addOfficer(db, { email: 'rec-admin@city.example', name: 'Admin', role: 'admin' }, async () => PASSWORD, 4);
    const token = await officerToken(server.url, 'rec-admin@city.example', PASSWORD);
    const shown = await api<{ targets: { userId: string; detail: { reasons: string[] } }[]; recipients: Record<string, number> }>(server.url, 'GET', `/api/officer/announcements/${recommendation.id}`, token);
    assert.equal(shown.body.targets.length, 1, 'the reviewer sees who and why');
    assert.deepEqual(shown.body.recipients, { webchat: 1 });
    assert.equal((await api(server.url, 'POST', `/api/officer/announcements/${recommendation.id}/approve`, token)).status, 200);
    await until(async () => (await db.query("SELECT 1 FROM alert_deliveries WHERE announcement_id = $1 AND status = 'sent'", [recommendation.id])).rows.length === 1, 'the recommendation to be sent');
    const sent = await db.query<{ text: string }>("SELECT text FROM transcript WHERE conversation_id = $1 AND author = 'system'", [fitsNow.userId]);
    assert.equal(sent.rows.length, 1);
    assert.match(sent.rows[0].text, /Tiny Senior Allowance/);
    assert.match(sent.rows[0].text, /Call the welfare desk/);
    assert.ok(sent.rows[0].text.includes(targets[0].detail.reasons[0]), 'with the reasons');

    // A second import without changes drafts nothing new.
    await (await fetch(`${server.url}/admin/kb/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dir: kbDir }) })).text();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await drafts()).length, 2);
  });
});
