/**
 * The whole hand-off loop against the real server (container + HTTP host, embedded PGlite on disk,
 * LINE configured against the fake LINE API, no LLM): a resident on LINE asks for a person, is told
 * their place, an officer takes the case in the console (headless Chromium) or through the HTTP API,
 * replies by push, the bot stays silent meanwhile, the officer resolves and the bot answers again.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { addOfficer } from '../../bot/commands/officer-command';
import { HandoffRepository } from '../../officers/handoff-repository';
import { t } from '../../locales/i18n';
import { FakeLineApi } from '../helpers/fake-line-api';
import { LINE_SECRET, LINE_TOKEN, NURSERY_DEADLINE, NURSERY_DOC, api, lineTextWebhook, lineUserId, officeOpenNowEnv, officerToken, postLine, settle, until, writeKb } from './integration-helpers';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'correct horse battery staple';
const log = pino({ level: 'silent' });

interface Handoff {
  id: string;
  status: string;
  conversationId: string;
  channelId: string;
}

describe('the hand-off loop end to end (LINE → officer → LINE, real server)', function () {
  this.timeout(60000);
  let fake: FakeLineApi;
  let env: Record<string, string>;
  let running: { container: Container; server: RunningServer } | null = null;
  /** Reply token → LINE user, to attribute replies to residents. */
  const tokenOwner = new Map<string, string>();

  async function boot(): Promise<void> {
    const config = loadConfig(env, null);
    const container = await buildContainer(config, log);
    const server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, beginShutdown: container.beginShutdown, onShutdown: [container.shutdown] });
    running = { container, server };
  }
  const url = (): string => running!.server.url;

  /** Texts the fake LINE API received for `userId`, by reply token or push, in order. */
  function delivered(userId: string): { via: 'reply' | 'push'; text: string }[] {
    return fake.requests.flatMap((r) => {
      const body = r.body as { replyToken?: string; to?: string; messages?: { text?: string }[] } | undefined;
      const via = r.path === '/v2/bot/message/reply' ? 'reply' : r.path === '/v2/bot/message/push' ? 'push' : null;
      if (!via || !body) return [];
      const owner = via === 'reply' ? tokenOwner.get(body.replyToken ?? '') : body.to;
      return owner === userId ? (body.messages ?? []).map((m) => ({ via, text: m.text ?? '' })) : [];
    });
  }
  async function residentSays(userId: string, text: string): Promise<void> {
    const hook = lineTextWebhook(userId, text);
    tokenOwner.set(hook.replyToken, userId);
    assert.equal(await postLine(url(), hook), 200);
  }
  async function waitDelivered(userId: string, pred: (m: { via: string; text: string }) => boolean, what: string): Promise<{ via: string; text: string }> {
    await until(() => delivered(userId).some(pred), `${what} (delivered: ${JSON.stringify(delivered(userId))})`);
    return delivered(userId).find(pred)!;
  }
  const queuedCount = async (): Promise<number> => (await new HandoffRepository(running!.container.db).list('queued')).length;
  const openHandoffOf = (userId: string) => new HandoffRepository(running!.container.db).findOpen('line', userId);
  const queueText = (position: number) => t('ja', 'core.handoff.queuedWithinHours', { position, minutes: position * 8 });

  before(async () => {
    fake = await new FakeLineApi(LINE_TOKEN).start();
    env = {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-loop-')),
      DATABASE_URL: '',
      LLM_ENABLED: 'false',
      OLLAMA_BASE_URL: 'http://127.0.0.1:1',
      KB_DIR: writeKb({ 'sakuradai-nursery-admission.md': NURSERY_DOC }),
      DEFAULT_LANGUAGE: 'ja',
      REGION: 'JP',
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
      LINE_API_BASE_URL: fake.url,
      ...officeOpenNowEnv(),
    };
    await boot();
  });
  after(async () => {
    await running?.server.stop();
    await fake?.stop();
    fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
    fs.rmSync(env.KB_DIR, { recursive: true, force: true });
  });

  describe('with the console in headless Chromium', () => {
    let browser: Browser | undefined;
    before(async function () {
      if (!fs.existsSync(CHROMIUM)) {
        if (process.env.CI) throw new Error('chromium is required in CI (apt-get install -y chromium)');
        console.warn('  (skipping browser loop: /usr/bin/chromium missing; apt-get install -y chromium)');
        this.skip();
      }
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      });
    });
    after(async () => {
      await browser?.close();
    });

    it('when a LINE resident asks for a person, then the officer sees it live, claims, replies by push, the bot stays silent until resolve, and then answers again with a citation', async () => {
      await addOfficer(running!.container.db, { email: 'sato@city.example', name: 'Sato Hana', role: 'officer' }, async () => PASSWORD, 4);
      const page = await browser!.newPage({ locale: 'en-US' });
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));

      // The officer is logged in before the resident writes: the case must arrive without a reload.
      await page.goto(`${url()}/officer`);
      await page.locator('#login-email').fill('sato@city.example');
      await page.locator('#login-password').fill(PASSWORD);
      await page.locator('#login-form button').click();
      await page.locator('#app-view').waitFor({ state: 'visible' });

      const resident = lineUserId();
      const ahead = await queuedCount();
      await residentSays(resident, '担当者と話したい');
      const queued = await waitDelivered(resident, (m) => m.text === queueText(ahead + 1), 'the queue position by reply token');
      assert.equal(queued.via, 'reply');
      const handoff = await openHandoffOf(resident);
      assert.equal(handoff?.status, 'queued');

      const item = page.locator(`.queue-item[data-id="${handoff.id}"]`);
      await item.waitFor({ timeout: 10000 });
      await item.click();
      await page.locator('#case-view').waitFor({ state: 'visible' });
      assert.match(await page.locator('#transcript').innerText(), /担当者と話したい/);

      await page.locator('#claim').click();
      await until(async () => (await page.locator('#f-status').innerText()) === 'Assigned', 'status Assigned');
      await waitDelivered(resident, (m) => m.via === 'push' && m.text === t('ja', 'handoff.officerJoined'), 'the officer-joined notice by push');

      const reply = '担当の佐藤です。ご用件をお聞かせください。';
      await page.locator('#reply-text').fill(reply);
      await page.locator('#send').click();
      const pushed = await waitDelivered(resident, (m) => m.text === reply, "the officer's reply");
      assert.equal(pushed.via, 'push', 'an officer reply has no reply token: it must go by push');
      await until(async () => (await page.locator('#f-status').innerText()) === 'In conversation', 'status In conversation');

      // While the officer has the case, the bot says nothing, but the officer sees the message live.
      const before = delivered(resident).length;
      await residentSays(resident, '児童手当の申請について相談したいです');
      await until(async () => (await page.locator('#messages').innerText()).includes('児童手当の申請について相談したいです'), 'the resident message in the console');
      await settle(500);
      assert.deepEqual(delivered(resident).slice(before), [], 'the bot must stay silent while an officer has the conversation');

      await page.locator('#outcome').fill('説明済み');
      await page.locator('#resolve-form button').click();
      await until(async () => (await page.locator('#f-status').innerText()) === 'Resolved', 'status Resolved');
      await waitDelivered(resident, (m) => m.via === 'push' && m.text === t('ja', 'handoff.backToBot'), 'the back-to-bot notice');
      assert.equal(await openHandoffOf(resident), null);

      const beforeAnswer = delivered(resident).length;
      await residentSays(resident, '保育所の申込みはいつまで？');
      await until(() => delivered(resident).length > beforeAnswer, 'the bot answer');
      const answer = delivered(resident).slice(beforeAnswer).map((m) => m.text).join('\n');
      assert.equal(delivered(resident)[beforeAnswer].via, 'reply');
      assert.ok(answer.includes(NURSERY_DEADLINE), `expected the deadline quoted, got: ${answer}`);
      assert.match(answer, /\[1\] 保育所の入所申込み/);
      assert.ok(answer.includes('https://city.example/sakuradai/nursery'), answer);
      assert.deepEqual(pageErrors, []);
      await page.close();
    });
  });

  it('when the loop runs through the HTTP API only and the server restarts before the claim, then nothing queued is lost and the loop completes', async () => {
    await addOfficer(running!.container.db, { email: 'ito@city.example', name: 'Ito Ken', role: 'officer' }, async () => PASSWORD, 4);
    const token = await officerToken(url(), 'ito@city.example', PASSWORD);
    const resident = lineUserId();
    const ahead = await queuedCount();
    await residentSays(resident, '担当者と話したい');
    await waitDelivered(resident, (m) => m.text === queueText(ahead + 1), 'the queue position');
    const id = (await openHandoffOf(resident))!.id;
    // A second message while waiting is kept for the officer (acknowledged at most every 5 minutes, so not now).
    await residentSays(resident, '住民税の減免について聞きたいです');
    const repo = new HandoffRepository(running!.container.db);
    await until(async () => (await repo.messages(id)).some((m) => m.text === '住民税の減免について聞きたいです'), 'the waiting message stored');

    await running!.server.stop();
    running = null;
    await boot();

    // The session survives the restart too (sessions live in the database).
    const list = await api<{ handoffs: Handoff[] }>(url(), 'GET', '/api/officer/handoffs?status=queued', token);
    assert.equal(list.status, 200);
    assert.ok(list.body.handoffs.some((h) => h.id === id && h.conversationId === resident), JSON.stringify(list.body));
    const detail = await api<{ messages: { author: string; text: string }[]; transcript: { text: string }[] }>(url(), 'GET', `/api/officer/handoffs/${id}`, token);
    assert.ok(detail.body.messages.some((m) => m.author === 'resident' && m.text === '住民税の減免について聞きたいです'), JSON.stringify(detail.body.messages));
    assert.ok(detail.body.transcript.some((l) => l.text === '担当者と話したい'));

    const claim = await api<{ handoff: Handoff }>(url(), 'POST', `/api/officer/handoffs/${id}/claim`, token);
    assert.equal(claim.status, 200);
    assert.equal(claim.body.handoff.status, 'assigned');
    const text = '伊藤です。減免の申請書をお送りします。';
    const sent = await api<{ message: { delivery: string } }>(url(), 'POST', `/api/officer/handoffs/${id}/messages`, token, { text });
    assert.equal(sent.status, 201);
    assert.equal(sent.body.message.delivery, 'sent');
    assert.equal((await waitDelivered(resident, (m) => m.text === text, 'the officer reply')).via, 'push');

    const before = delivered(resident).length;
    await residentSays(resident, 'ありがとうございます');
    await until(async () => (await api<{ messages: { text: string }[] }>(url(), 'GET', `/api/officer/handoffs/${id}`, token)).body.messages.some((m) => m.text === 'ありがとうございます'), 'the resident line at the officer');
    await settle(500);
    assert.deepEqual(delivered(resident).slice(before), [], 'the bot must stay silent while an officer has the conversation');

    const resolved = await api<{ handoff: Handoff }>(url(), 'POST', `/api/officer/handoffs/${id}/resolve`, token, { outcome: '申請書を送付' });
    assert.equal(resolved.status, 200);
    assert.equal(resolved.body.handoff.status, 'resolved');
    await waitDelivered(resident, (m) => m.text === t('ja', 'handoff.backToBot'), 'the back-to-bot notice');

    const beforeAnswer = delivered(resident).length;
    await residentSays(resident, '保育所の申込みはいつまで？');
    await until(() => delivered(resident).length > beforeAnswer, 'the bot answer');
    const answer = delivered(resident).slice(beforeAnswer).map((m) => m.text).join('\n');
    assert.ok(answer.includes(NURSERY_DEADLINE) && /\[1\]/.test(answer), answer);
  });

  it('when callers lack a session, the role or the conversation token, then they get 401 or 403 and see nothing', async () => {
    for (const route of ['/api/officer/handoffs?status=queued', '/api/officer/events', '/api/officer/me']) {
      assert.equal((await api(url(), 'GET', route)).status, 401, route);
      assert.equal((await api(url(), 'GET', route, 'not-a-session-token')).status, 401, route);
    }
    assert.equal((await api(url(), 'POST', '/api/officer/handoffs/00000000-0000-0000-0000-000000000000/claim')).status, 401);

    const db = running!.container.db;
    await addOfficer(db, { email: 'officer-authz@city.example', name: 'Officer', role: 'officer' }, async () => PASSWORD, 4);
    await addOfficer(db, { email: 'admin-authz@city.example', name: 'Admin', role: 'admin' }, async () => PASSWORD, 4);
    const officer = await officerToken(url(), 'officer-authz@city.example', PASSWORD);
    const admin = await officerToken(url(), 'admin-authz@city.example', PASSWORD);
    const newOfficer = { email: 'new@city.example', name: 'New', role: 'officer', password: 'another long passphrase' };
    assert.equal((await api(url(), 'POST', '/api/officer/officers', officer, newOfficer)).status, 403);
    assert.equal((await api(url(), 'GET', '/api/officer/audit', officer)).status, 403, 'the audit log is for supervisors');
    assert.equal((await api(url(), 'POST', '/api/officer/officers', admin, newOfficer)).status, 201, 'the same request succeeds for an admin');

    // Web chat: one conversation's token never opens another's history.
    const open = async () => (await api<{ conversationId: string; token: string }>(url(), 'POST', '/webchat/api/conversations')).body;
    const a = await open();
    const b = await open();
    assert.equal((await api(url(), 'POST', `/webchat/api/conversations/${a.conversationId}/messages`, a.token, { text: '保育所の申込みはいつまで？' })).status, 202);
    await until(async () => (await api<{ messages: unknown[] }>(url(), 'GET', `/webchat/api/conversations/${a.conversationId}/history`, a.token)).body.messages.length >= 2, 'the web chat answer');
    const stolen = await api(url(), 'GET', `/webchat/api/conversations/${a.conversationId}/history`, b.token);
    assert.equal(stolen.status, 401);
    assert.ok(!JSON.stringify(stolen.body).includes('保育所'));
    assert.equal((await api(url(), 'GET', `/webchat/api/conversations/${a.conversationId}/history`)).status, 401);
    assert.equal((await api(url(), 'GET', `/webchat/api/conversations/${a.conversationId}/events`, b.token)).status, 401);
  });
});
