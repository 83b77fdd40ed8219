/**
 * The officer HTTP API over a real socket: authentication (Bearer and cookie), CSRF, login back-off,
 * roles, the whole claim → reply → resolve flow, audit entries, scoping, and the OpenAPI document.
 */
import assert from 'node:assert/strict';
import express, { type Router } from 'express';
import { AuditLog } from '../../safety/audit/audit-log';
import { OfficerAuth } from '../../officers/officer-auth';
import { HandoffService } from '../../officers/handoff-service';
import { ResidentMessenger } from '../../officers/resident-messenger';
import { openDatabase } from '../../storage/open-database';
import type { Database } from '../../storage/database';
import { createOfficerApiRouter } from '../../officers/officer-api-router';
import { officerOpenApi } from '../../officers/openapi';
import { createAnnouncementRoutes, type AnnouncementRoutesDeps } from '../../alerts/announcement-routes';
import { createInsightRouter } from '../../insight/insight-routes';
import { escalation, listen, officerFixture, residentSays, type OfficerFixture } from './helpers';

interface Res {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

describe('officer API', function () {
  this.timeout(30000);
  let db: Database;
  let f: OfficerFixture;
  let server: { url: string; close(): Promise<void> };

  async function call(method: string, path: string, opts: { token?: string; cookie?: string; csrf?: string; body?: unknown } = {}): Promise<Res> {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.url}/api/officer${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = { raw: text };
    }
    return { status: res.status, body, headers: res.headers };
  }
  async function login(email: string, password = 'correct horse battery'): Promise<{ token: string; csrf: string; cookie: string }> {
    const r = await call('POST', '/login', { body: { email, password } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
    return { token: String(r.body.token), csrf: String(r.body.csrfToken), cookie };
  }

  before(async () => {
    db = await openDatabase({ databaseUrl: '', dataDir: '', inMemory: true });
  });
  after(async () => db?.close());
  beforeEach(async () => {
    await db.exec('TRUNCATE handoff_messages, handoffs, officer_sessions, officers, transcript, conversation_refs CASCADE');
    f = await officerFixture(db, { suggester: { suggest: async (q) => ({ text: `Draft answer to: ${q}`, citations: [{ title: 'Housing benefit guide', url: 'https://city.example/h' }] }) } });
    server = await listen(f.app);
  });
  afterEach(async () => {
    await server?.close();
    await f?.stop();
  });

  it('when there is no session, then every protected route answers 401 JSON', async () => {
    for (const [m, p] of [
      ['GET', '/me'],
      ['GET', '/handoffs'],
      ['GET', '/events'],
      ['POST', '/handoffs/00000000-0000-4000-8000-000000000000/claim'],
      ['GET', '/audit'],
      ['POST', '/officers'],
    ] as const) {
      const r = await call(m, p);
      assert.equal(r.status, 401, `${m} ${p}`);
      assert.equal(typeof r.body.error, 'string');
    }
    assert.equal((await call('GET', '/me', { token: 'forged-token' })).status, 401);
  });

  it('when an officer logs in, then the cookie is HttpOnly, SameSite=Strict, Path=/ and both the cookie and the Bearer token work', async () => {
    const o = await f.createOfficer('officer', 'kim@city.example');
    const r = await call('POST', '/login', { body: { email: 'KIM@city.example', password: 'correct horse battery' } });
    assert.equal(r.status, 200);
    const setCookie = r.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^mdg_officer=/);
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Strict/i);
    assert.match(setCookie, /Path=\//);
    assert.doesNotMatch(setCookie, /Secure/i, 'plain http in tests');
    const me = await call('GET', '/me', { cookie: setCookie.split(';')[0] });
    assert.equal((me.body.officer as { id: string }).id, o.id);
    assert.equal(me.body.csrfToken, r.body.csrfToken);
    assert.equal((await call('GET', '/me', { token: String(r.body.token) })).status, 200);
  });

  it('when the request arrives over TLS through a trusted proxy, then the cookie is Secure', async () => {
    await f.createOfficer('officer', 'tls@city.example');
    f.app.set('trust proxy', 'loopback');
    const res = await fetch(`${server.url}/api/officer/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email: 'tls@city.example', password: 'correct horse battery' }),
    });
    assert.match(res.headers.get('set-cookie') ?? '', /;\s*Secure/i);
  });

  it('when a cookie-authenticated POST has no or a wrong CSRF token, then 403; with it, or with a Bearer token, it passes', async () => {
    const o = await f.createOfficer('officer');
    const s = await login(o.email);
    const t = await f.gateway.escalate(escalation('csrf'));
    assert.equal((await call('POST', `/handoffs/${t.handoffId}/claim`, { cookie: s.cookie })).status, 403);
    assert.equal((await call('POST', `/handoffs/${t.handoffId}/claim`, { cookie: s.cookie, csrf: 'wrong' })).status, 403);
    assert.equal((await f.handoffs.require(t.handoffId)).status, 'queued');
    assert.equal((await call('POST', `/handoffs/${t.handoffId}/claim`, { cookie: s.cookie, csrf: s.csrf })).status, 200);
    const t2 = await f.gateway.escalate(escalation('csrf2'));
    assert.equal((await call('POST', `/handoffs/${t2.handoffId}/claim`, { token: s.token })).status, 200);
  });

  it('when the password is wrong many times, then only this client waits (429 with Retry-After, doubling), the account is not locked, and an unknown e-mail gets the same answers', async () => {
    const o = await f.createOfficer('officer', 'lock@city.example');
    const attempt = (email: string, password = 'nope') => call('POST', '/login', { body: { email, password } });
    const answers = async (email: string) => {
      const out: [number, unknown, string | null][] = [];
      for (let i = 0; i < 7; i++) {
        const r = await attempt(email);
        out.push([r.status, r.body, r.headers.get('retry-after')]);
      }
      return out;
    };
    const known = await answers(o.email);
    const unknown = await answers('nobody@city.example');
    assert.deepEqual(known.map(([s]) => s), [401, 401, 401, 401, 401, 401, 429], 'five free failures, the sixth sets a 1 s wait');
    assert.deepEqual(unknown, known, 'same statuses, bodies and Retry-After for an e-mail without an account');
    assert.equal((await attempt(o.email, 'correct horse battery')).status, 429, 'this client waits even with the right password');
    f.clock.advance(1100);
    assert.equal((await attempt(o.email)).status, 401, 'after the wait it may try again');
    const second = await attempt(o.email, 'correct horse battery');
    assert.equal(second.status, 429);
    assert.equal(second.headers.get('retry-after'), '2', 'the wait doubles');
    f.clock.advance(2100);
    assert.equal((await attempt(o.email, 'correct horse battery')).status, 200);
    assert.ok(!f.audit.actions().includes('officer.locked'));
    assert.equal(f.audit.actions().filter((a) => a === 'officer.login_failed').length, 13);
  });

  it('when an officer tries supervisor or admin actions, then 403; a supervisor reads the audit log and an admin creates officers', async () => {
    const officer = await login((await f.createOfficer('officer')).email);
    const supervisor = await login((await f.createOfficer('supervisor')).email);
    const admin = await login((await f.createOfficer('admin')).email);
    assert.equal((await call('GET', '/audit', { token: officer.token })).status, 403);
    assert.equal((await call('GET', '/audit/export', { token: officer.token })).status, 403);
    assert.equal((await call('POST', '/officers', { token: officer.token, body: { email: 'x@city.example', name: 'X', role: 'admin' } })).status, 403);
    assert.equal((await call('POST', '/officers', { token: supervisor.token, body: { email: 'x@city.example', name: 'X', role: 'admin' } })).status, 403);
    const t = await f.gateway.escalate(escalation('roles'));
    await call('POST', `/handoffs/${t.handoffId}/claim`, { token: supervisor.token });
    // Not the assignee and not a supervisor: cannot reply, resolve or transfer.
    assert.equal((await call('POST', `/handoffs/${t.handoffId}/messages`, { token: officer.token, body: { text: 'hi' } })).status, 403);
    assert.equal((await call('POST', `/handoffs/${t.handoffId}/resolve`, { token: officer.token, body: { outcome: 'x' } })).status, 403);
    const others = (await call('GET', '/officers', { token: officer.token })).body.officers as { id: string; email?: string }[];
    assert.equal(others[0].email, undefined, 'officers do not see e-mail addresses');
    assert.equal((await call('POST', `/handoffs/${t.handoffId}/transfer`, { token: officer.token, body: { officerId: others[0].id } })).status, 403);
    const audit = await call('GET', '/audit', { token: supervisor.token });
    assert.equal(audit.status, 200);
    assert.ok((audit.body.entries as unknown[]).length > 0);
    const csv = await fetch(`${server.url}/api/officer/audit/export?format=csv`, { headers: { authorization: `Bearer ${supervisor.token}` } });
    assert.match(csv.headers.get('content-disposition') ?? '', /attachment/);
    assert.match(await csv.text(), /^id,at,actorId,actorRole,action,target,detail\n/);
    const created = await call('POST', '/officers', { token: admin.token, body: { email: 'new@city.example', name: 'New Park', role: 'officer' } });
    assert.equal(created.status, 201);
    assert.equal(typeof created.body.password, 'string');
    assert.equal((await call('POST', '/login', { body: { email: 'new@city.example', password: created.body.password } })).status, 200);
    assert.equal((await call('POST', '/officers', { token: admin.token, body: { email: 'new@city.example', name: 'Dup', role: 'officer' } })).status, 409);
  });

  it('when an officer works a case through the API, then the resident gets the reply on LINE, the transcript is scoped to the case and every read and action is audited', async () => {
    const req = escalation('res-a');
    await residentSays(f, req, 'My phone is [PHONE]. I need help with rent.');
    await residentSays(f, escalation('res-b'), 'Secret of resident B');
    const t = await f.gateway.escalate(req);
    const o = await f.createOfficer('officer');
    const s = await login(o.email);

    const queue = await call('GET', '/handoffs?status=queued', { token: s.token });
    const item = (queue.body.handoffs as Record<string, unknown>[])[0];
    assert.equal(item.id, t.handoffId);
    assert.equal(item.priority, 'normal');
    assert.equal(item.lang, 'en');
    assert.equal(item.channelId, 'line');
    assert.equal(typeof item.waitingSeconds, 'number');
    assert.match(String(item.summary), /rent/);
    assert.equal(item.reference, null);

    assert.equal((await call('POST', `/handoffs/${t.handoffId}/claim`, { token: s.token })).status, 200);
    const detail = await call('GET', `/handoffs/${t.handoffId}`, { token: s.token });
    const transcript = detail.body.transcript as { text: string; conversationId: string }[];
    assert.ok(transcript.some((l) => l.text.includes('[PHONE]')));
    assert.ok(transcript.every((l) => l.conversationId === 'res-a'), 'only this conversation');
    assert.ok(!JSON.stringify(detail.body).includes('Secret of resident B'));

    const suggestion = await call('GET', `/handoffs/${t.handoffId}/suggestion`, { token: s.token });
    assert.match(String((suggestion.body.suggestion as { text: string }).text), /rent/);
    const sent = await call('POST', `/handoffs/${t.handoffId}/messages`, { token: s.token, body: { text: 'We can help. Which month?' } });
    assert.equal(sent.status, 201);
    assert.equal((sent.body.message as { delivery: string }).delivery, 'sent');
    assert.equal((await call('POST', `/handoffs/${t.handoffId}/notes`, { token: s.token, body: { text: 'Check rent arrears file' } })).status, 201);
    assert.equal((await call('POST', `/handoffs/${t.handoffId}/resolve`, { token: s.token, body: { outcome: 'referred to housing team' } })).status, 200);

    const line = f.senders.get('line')!.sent.map((m) => m.text);
    assert.ok(line.includes('We can help. Which month?'));
    assert.ok(!line.includes('Check rent arrears file'), 'notes are never sent');
    const actions = f.audit.entries.filter((e) => e.target === `handoff:${t.handoffId}`).map((e) => e.action);
    assert.deepEqual(actions, ['handoff.claim', 'handoff.read', 'handoff.draft', 'handoff.message', 'handoff.note', 'handoff.resolve']);
  });

  it('when a hand-off id is malformed, unknown or a message id belongs to another case, then 404 without details', async () => {
    const o = await f.createOfficer('officer');
    const s = await login(o.email);
    assert.equal((await call('GET', '/handoffs/1', { token: s.token })).status, 404);
    assert.equal((await call('GET', "/handoffs/' OR 1=1 --", { token: s.token })).status, 404);
    assert.equal((await call('GET', '/handoffs/6f1c1f9e-3f0a-4c1e-9b1a-1d2e3f4a5b6c', { token: s.token })).status, 404);
    const a = await f.gateway.escalate(escalation('x1'));
    const b = await f.gateway.escalate(escalation('x2'));
    await f.service.claim(a.handoffId, o);
    f.senders.get('line')!.failing = true;
    await call('POST', `/handoffs/${a.handoffId}/messages`, { token: s.token, body: { text: 'x' } });
    const msgId = (await f.handoffs.messages(a.handoffId)).find((m) => m.author === 'officer')!.id;
    assert.equal((await call('POST', `/handoffs/${b.handoffId}/messages/${msgId}/retry`, { token: s.token })).status, 404);
  });

  it('when input is invalid, then 400 with a JSON error; an oversized body is 413', async () => {
    const s = await login((await f.createOfficer('officer')).email);
    assert.equal((await call('GET', '/handoffs?status=everything', { token: s.token })).status, 400);
    const t = await f.gateway.escalate(escalation('bad'));
    assert.equal((await call('POST', `/handoffs/${t.handoffId}/resolve`, { token: s.token, body: { outcome: '' } })).status, 400);
    assert.equal((await call('POST', '/login', { body: { email: 'x' } })).status, 400);
    assert.equal((await call('POST', `/handoffs/${t.handoffId}/notes`, { token: s.token, body: { text: 'x'.repeat(70_000) } })).status, 413);
    assert.equal((await call('POST', `/handoffs/${t.handoffId}/messages`, { token: s.token, body: { text: 'not mine' } })).status, 409);
  });

  it('when the OpenAPI document is read, then it is 3.1 and documents every route of the router with its method', async () => {
    assert.equal((await call('GET', '/openapi.json')).status, 401, 'officers only');
    const s = await login((await f.createOfficer('officer')).email);
    const doc = await call('GET', '/openapi.json', { token: s.token });
    assert.equal(doc.body.openapi, '3.1.0');
    const paths = officerOpenApi.paths as Record<string, Record<string, unknown>>;
    const router = createOfficerApiRouter({ auth: f.auth, service: f.service, officers: f.officersRepo, events: f.events, audit: f.audit });
    // The announcement routes (alerts/) are mounted beside the officer router, under the same prefix.
    const announcements = createAnnouncementRoutes({ authenticate: (_req: unknown, _res: unknown, next: () => void) => next(), fourEyes: true, audit: f.audit } as unknown as AnnouncementRoutesDeps);
    // The insight routes (insight/) are mounted at /insight beside it too.
    const insight = createInsightRouter({ guards: [], actor: () => ({ actorId: '', actorRole: '' }), audit: f.audit, build: () => Promise.reject(new Error('unused')), refresh: () => Promise.resolve() });
    const routes = [...collectRoutes(router), ...collectRoutes(announcements), ...collectRoutes(insight).map(([m, p]): [string, string] => [m, `/insight${p === '/' ? '' : p}`])];
    assert.ok(routes.length >= 20, `found ${routes.length} routes`);
    const missing = routes.filter(([method, path]) => !paths[path.replace(/:(\w+)/g, '{$1}')]?.[method]);
    assert.deepEqual(missing, []);
    const documented = Object.entries(paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    assert.equal(documented.length, routes.length, 'no stale paths in the document');
  });
});

/** Walks an Express 5 router (and nested routers) for `[method, path]` pairs. */
function collectRoutes(router: Router): [string, string][] {
  const out: [string, string][] = [];
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) for (const m of Object.keys(layer.route.methods)) out.push([m, layer.route.path]);
      else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk((router as unknown as { stack: Layer[] }).stack);
  return out;
}

describe('officer API with the safety module audit log', function () {
  this.timeout(30000);
  it('when wired with the append-only AuditLog, then logins and transcript reads land there and supervisors export them as CSV', async () => {
    const db = await openDatabase({ databaseUrl: '', dataDir: '', inMemory: true });
    const f = await officerFixture(db);
    const audit = new AuditLog(db);
    const auth = new OfficerAuth({ officers: f.officersRepo, audit, sessionSecret: 'test-secret', bcryptRounds: 4 });
    const messenger = new ResidentMessenger({ senderFor: (c) => f.senders.get(c), refs: f.refs, transcript: f.transcript });
    const service = new HandoffService({ handoffs: f.handoffs, officers: f.officersRepo, events: f.events, audit, transcript: f.transcript, refs: f.refs, messenger });
    const app = express();
    app.use('/api/officer', createOfficerApiRouter({ auth, service, officers: f.officersRepo, events: f.events, audit }));
    const server = await listen(app);
    try {
      await f.createOfficer('supervisor', 'sup@city.example');
      const login = await fetch(`${server.url}/api/officer/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'sup@city.example', password: 'correct horse battery' }),
      });
      const { token } = (await login.json()) as { token: string };
      const t = await f.gateway.escalate(escalation('audited'));
      assert.equal((await fetch(`${server.url}/api/officer/handoffs/${t.handoffId}`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
      const csv = await fetch(`${server.url}/api/officer/audit/export?format=csv`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      const text = await csv.text();
      assert.match(text, /handoff\.read/);
      assert.match(text, /officer\.login/);
      const entries = await audit.list({ target: `handoff:${t.handoffId}` });
      assert.deepEqual(entries.map((e) => e.action), ['handoff.read']);
    } finally {
      await server.close();
      await f.stop();
      await db.close();
    }
  });
});
