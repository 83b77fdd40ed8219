/**
 * Editing an announcement before it goes out, and the publisher role, through the real server
 * (container + HTTP host, embedded PGlite in memory): a publisher edits a draft's texts, targets,
 * schedule, expiry and link, checked by the same schemas as a new one, and sees the recipients
 * again; an edit withdraws an earlier approval, and neither the author nor an editor may approve it
 * (four-eyes); a stale revision, or an announcement already being sent, is refused; everything is
 * audited. Admins list, grant and revoke the publisher role; others are refused. Then, on both
 * databases, an edit racing the planner either wins (nothing planned on the old approval) or loses.
 */
import assert from 'node:assert/strict';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { addOfficer } from '../../bot/commands/officer-command';
import { AnnouncementRepository } from '../../alerts/announcement-repository';
import { AlertOutbox } from '../../alerts/outbox';
import { AlertError } from '../../alerts/alert-errors';
import { api, officeOpenNowEnv, officerToken } from '../integration/integration-helpers';
import { DRIVERS, requirePostgres } from '../helpers/test-databases';
import { resident, subscribe, testStore, until } from './alert-fixtures';

const log = pino({ level: 'silent' });
const PASSWORD = 'correct horse battery staple';
const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

interface Stored {
  id: string;
  status: string;
  title: string;
  texts: Record<string, string>;
  topics: string[];
  langs: string[];
  linkUrl: string | null;
  sendAt: string | null;
  expiresAt: string | null;
  revision: number;
  editors: string[];
  approvedBy: string | null;
}
interface EditAnswer {
  announcement: Stored;
  recipients: Record<string, number>;
  approvalWithdrawn: boolean;
  error?: string;
}
interface Officers {
  officers: { id: string; email: string; role: string; publisher: boolean; via: string | null; grantedBy: string | null }[];
  error?: string;
}

describe('editing announcements and granting the publisher role (real server)', function () {
  this.timeout(60000);
  let container: Container;
  let server: RunningServer;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const call = <T>(who: string, method: string, route: string, body?: unknown) => api<T>(server.url, method, `/api/officer${route}`, tokens[who], body);
  const audited = async (target: string) =>
    (await call<{ entries: { action: string; actorId: string; detail: Record<string, unknown> | null }[] }>('admin', 'GET', `/audit?target=${encodeURIComponent(target)}`)).body.entries;
  const compose = async (body: Record<string, unknown> = {}) => {
    const created = await call<EditAnswer>('author', 'POST', '/announcements', {
      title: 'Flu shots',
      texts: { en: 'Flu vaccinations have started.' },
      topics: ['domain:health'],
      ...body,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    return created.body.announcement;
  };

  before(async () => {
    const config = loadConfig(
      { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: '', LLM_ENABLED: 'false', OLLAMA_BASE_URL: 'http://127.0.0.1:1', ALERTS_QUIET_HOURS: 'off', ALERTS_POLL_MS: '50', ...officeOpenNowEnv() },
      null,
    );
    container = await buildContainer(config, log, { inMemoryDatabase: true });
    server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, beginShutdown: container.beginShutdown, onShutdown: [container.shutdown] });
    const people: [string, 'officer' | 'supervisor' | 'admin'][] = [
      ['admin', 'admin'],
      ['author', 'officer'],
      ['editor', 'officer'],
      ['checker', 'officer'],
      ['plain', 'officer'],
      ['supervisor', 'supervisor'],
    ];
    for (const [who, role] of people) {
      ids[who] = (await addOfficer(container.db, { email: `${who}@city.example`, name: who, role }, async () => PASSWORD, 4)).officer.id;
      tokens[who] = await officerToken(server.url, `${who}@city.example`, PASSWORD);
    }
    for (const who of ['author', 'editor', 'checker']) assert.equal((await call('admin', 'PUT', `/publishers/${ids[who]}`)).status, 201);
    // Web chat residents: two follow health (one reads Korean), one follows culture in Japanese.
    const store = testStore(container.db);
    await subscribe(store, resident('webchat'), ['domain:health'], 'en');
    await subscribe(store, resident('webchat'), ['domain:health'], 'ko');
    await subscribe(store, resident('line'), ['domain:culture'], 'ja');
  });
  after(async () => {
    await server?.stop();
  });

  it('when a publisher edits a draft, then its texts, targets, schedule, expiry and link change, the recipients are counted again and the edit is audited', async () => {
    const draft = await compose();
    assert.equal(draft.revision, 1);
    const edited = await call<EditAnswer>('editor', 'PATCH', `/announcements/${draft.id}`, {
      title: 'Culture week',
      texts: { ja: '文化週間が始まります。', en: 'Culture week begins.' },
      topics: ['domain:culture'],
      langs: ['ja'],
      linkUrl: 'https://city.example/culture',
      sendAt: inHours(2),
      expiresAt: inHours(48),
      revision: 1,
    });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    const a = edited.body.announcement;
    assert.equal(a.title, 'Culture week');
    assert.deepEqual(a.texts, { ja: '文化週間が始まります。', en: 'Culture week begins.' });
    assert.deepEqual([a.topics, a.langs, a.linkUrl], [['domain:culture'], ['ja'], 'https://city.example/culture']);
    assert.ok(a.sendAt && a.expiresAt && Date.parse(a.expiresAt) > Date.parse(a.sendAt));
    assert.equal(a.revision, 2);
    assert.deepEqual(a.editors, [ids.editor]);
    assert.equal(a.status, 'pending_approval');
    assert.equal(edited.body.approvalWithdrawn, false);
    assert.deepEqual(edited.body.recipients, { line: 1 }, 'the one Japanese culture follower, no longer the health followers');

    // A partial edit keeps the rest; null clears an optional field.
    const cleared = await call<EditAnswer>('author', 'PATCH', `/announcements/${draft.id}`, { linkUrl: null, langs: [] });
    assert.equal(cleared.status, 200, JSON.stringify(cleared.body));
    assert.equal(cleared.body.announcement.linkUrl, null);
    assert.equal(cleared.body.announcement.title, 'Culture week');
    assert.deepEqual(cleared.body.announcement.editors, [ids.editor, ids.author]);

    const entries = (await audited(`announcement:${draft.id}`)).filter((e) => e.action === 'announcement.edit');
    assert.equal(entries.length, 2);
    const first = entries.find((e) => e.actorId === ids.editor)!;
    assert.deepEqual(first.detail?.fields, ['title', 'texts', 'topics', 'langs', 'linkUrl', 'sendAt', 'expiresAt']);
    assert.equal(first.detail?.revision, 2);
  });

  it('when an edit is invalid, stale or not allowed, then it is refused and nothing changes', async () => {
    const draft = await compose();
    const refused = async (who: string, body: unknown, status: number, message?: RegExp) => {
      const res = await call<{ error: string }>(who, 'PATCH', `/announcements/${draft.id}`, body);
      assert.equal(res.status, status, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
      if (message) assert.match(res.body.error, message);
    };
    await refused('author', { topics: ['weather'] }, 400, /topics\.0/);
    await refused('author', { langs: ['ja'] }, 400, /langs: every targeted language needs its text/);
    await refused('author', { texts: {} }, 400, /texts/);
    await refused('author', { expiresAt: new Date(Date.now() - 60_000).toISOString() }, 400, /expiresAt/);
    await refused('author', { sendAt: inHours(10), expiresAt: inHours(5) }, 400, /expiresAt: must be in the future and after sendAt/);
    await refused('author', { linkUrl: 'javascript:alert(1)' }, 400, /linkUrl/);
    await refused('author', { status: 'approved' }, 400);
    await refused('author', { revision: 1 }, 400, /nothing to change/);
    await refused('author', { title: 'Stale', revision: 7 }, 409, /changed since revision 7/);
    await refused('plain', { title: 'Not a publisher' }, 403, /publisher/);
    await refused('supervisor', { title: 'Reads, does not write' }, 403, /publisher/);
    assert.equal((await call('author', 'PATCH', '/announcements/00000000-0000-4000-8000-000000000000', { title: 'x' })).status, 404);
    const unchanged = (await call<EditAnswer>('author', 'GET', `/announcements/${draft.id}`)).body.announcement;
    assert.equal(unchanged.title, 'Flu shots');
    assert.equal(unchanged.revision, 1);
  });

  it('when an approved announcement waiting for its time is edited, then the approval is withdrawn and only a publisher who neither wrote nor edited it may approve the new revision', async () => {
    const draft = await compose({ sendAt: inHours(3) });
    assert.equal((await call('checker', 'POST', `/announcements/${draft.id}/approve`)).status, 200);
    const edited = await call<EditAnswer>('editor', 'PATCH', `/announcements/${draft.id}`, { texts: { en: 'Flu vaccinations start on Monday.' } });
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.approvalWithdrawn, true);
    assert.equal(edited.body.announcement.status, 'pending_approval');
    assert.equal(edited.body.announcement.approvedBy, null);
    const audit = (await audited(`announcement:${draft.id}`)).find((e) => e.action === 'announcement.edit');
    assert.equal(audit?.detail?.approvalWithdrawnFrom, ids.checker);

    for (const who of ['author', 'editor']) {
      const self = await call<{ error: string }>(who, 'POST', `/announcements/${draft.id}/approve`);
      assert.equal(self.status, 403, `${who} may not approve`);
      assert.match(self.body.error, /four-eyes/);
    }
    const stale = await call<{ error: string }>('checker', 'POST', `/announcements/${draft.id}/approve`, { revision: 1 });
    assert.equal(stale.status, 409, 'the approver read revision 1; revision 2 is what would go out');
    const approved = await call<EditAnswer>('checker', 'POST', `/announcements/${draft.id}/approve`, { revision: 2 });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.announcement.status, 'approved');
    const rows = await container.db.query('SELECT 1 FROM alert_deliveries WHERE announcement_id = $1', [draft.id]);
    assert.equal(rows.rows.length, 0, 'nothing planned before its time');
  });

  it('when an announcement is being sent or was sent, then it can no longer be edited', async () => {
    const draft = await compose();
    assert.equal((await call('checker', 'POST', `/announcements/${draft.id}/approve`)).status, 200);
    await until(async () => (await call<EditAnswer>('author', 'GET', `/announcements/${draft.id}`)).body.announcement.status === 'done', 'the announcement to be sent');
    const late = await call<{ error: string }>('author', 'PATCH', `/announcements/${draft.id}`, { title: 'Too late' });
    assert.equal(late.status, 409);
    assert.match(late.body.error, /done and can no longer be edited/);
  });

  it('when an admin opens the publishers list, grants and revokes, then each officer shows whether and how they hold the role, and others are refused', async () => {
    const list = async () => (await call<Officers>('admin', 'GET', '/publishers')).body.officers;
    const row = async (who: string) => (await list()).find((o) => o.id === ids[who]);
    assert.deepEqual([(await row('admin'))?.via, (await row('author'))?.via, (await row('plain'))?.via], ['admin', 'grant', null]);
    assert.equal((await row('author'))?.grantedBy, ids.admin);
    assert.equal((await row('plain'))?.email, 'plain@city.example');

    for (const who of ['supervisor', 'author', 'plain']) {
      assert.equal((await call(who, 'GET', '/publishers')).status, 403, `${who} cannot list`);
      assert.equal((await call(who, 'PUT', `/publishers/${ids.plain}`)).status, 403, `${who} cannot grant`);
      assert.equal((await call(who, 'DELETE', `/publishers/${ids.author}`)).status, 403, `${who} cannot revoke`);
    }
    assert.equal((await call('plain', 'POST', '/announcements', { title: 'x', texts: { en: 'x' } })).status, 403);
    assert.equal((await call('admin', 'PUT', `/publishers/${ids.plain}`)).status, 201);
    assert.equal((await row('plain'))?.via, 'grant');
    assert.equal((await call('plain', 'POST', '/announcements', { title: 'x', texts: { en: 'x' } })).status, 201, 'the granted officer composes');
    assert.equal((await call('admin', 'DELETE', `/publishers/${ids.plain}`)).status, 204);
    assert.equal((await call('admin', 'DELETE', `/publishers/${ids.plain}`)).status, 404);
    assert.equal((await row('plain'))?.publisher, false);
    assert.equal((await call('plain', 'POST', '/announcements', { title: 'x', texts: { en: 'x' } })).status, 403, 'revoked');
    assert.deepEqual(
      (await audited(`officer:${ids.plain}`)).filter((e) => e.action.startsWith('publisher.')).map((e) => [e.action, e.actorId]),
      [
        ['publisher.revoke', ids.admin],
        ['publisher.grant', ids.admin],
      ],
    );
  });

  it('when an officer reads the OpenAPI document, then the edit and the publishers list are described', async () => {
    const doc = await call<{ paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } }>('plain', 'GET', '/openapi.json');
    assert.ok(doc.body.paths['/announcements/{id}']?.patch, 'PATCH /announcements/{id}');
    assert.ok(doc.body.components.schemas.AnnouncementPatch);
    assert.ok(doc.body.paths['/publishers']?.get);
  });
});

for (const driver of DRIVERS) {
  describe(`an edit racing the planner (${driver.name})`, function () {
    this.timeout(60000);
    let db: Awaited<ReturnType<(typeof DRIVERS)[number]['open']>>;
    before(async function () {
      if (driver.name === 'postgres') await requirePostgres(this);
      db = await driver.open();
    });
    after(async () => db?.dispose());

    it('when an approved announcement is edited while an instance starts sending it, then either the edit withdraws the approval and nothing is planned, or sending started and the edit is refused', async () => {
      const repo = new AnnouncementRepository(db.db);
      const outbox = new AlertOutbox(db.db, 'Testville');
      const store = testStore(db.db);
      for (let i = 0; i < 3; i++) await subscribe(store, resident('webchat'), ['domain:health']);
      const outcomes = { edit: 0, plan: 0 };
      for (let i = 0; i < 20; i++) {
        const input = { title: `Race ${i}`, texts: { en: 'Old words' }, topics: ['domain:health'], langs: [] };
        const a = await repo.create(input, { officerId: 'author' });
        await repo.approve(a.id, 'checker', true);
        const [edit, planned] = await Promise.allSettled([repo.edit(a.id, { ...input, texts: { en: 'New words' } }, 'editor', 1), outbox.plan(a.id)]);
        // A planner that found the row locked by the edit leaves it to be resumed, as a worker does.
        if ((await outbox.unfinishedPlanning()).includes(a.id)) await outbox.continuePlanning(a.id);
        const rows = (await db.db.query('SELECT 1 FROM alert_deliveries WHERE announcement_id = $1', [a.id])).rows.length;
        const after = (await repo.get(a.id))!;
        if (edit.status === 'fulfilled') {
          outcomes.edit++;
          assert.equal(planned.status === 'fulfilled' && planned.value, null, 'the planner found no approval');
          assert.equal(rows, 0, 'nothing planned on the withdrawn approval');
          assert.deepEqual([after.status, after.texts.en, after.approvedBy], ['pending_approval', 'New words', null]);
        } else {
          outcomes.plan++;
          assert.ok(edit.reason instanceof AlertError && edit.reason.status === 409, String(edit.reason));
          assert.equal(rows, 3);
          assert.equal(after.texts.en, 'Old words');
        }
      }
      assert.equal(outcomes.edit + outcomes.plan, 20);
    });
  });
}
