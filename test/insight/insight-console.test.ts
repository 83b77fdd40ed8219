/**
 * Issue 20's "done when": a scripted day of a few hundred conversations in Korean, Japanese and
 * English through the real endpoints (Bot Framework and Telegram through its test double) —
 * answers with 👍, 👎 with a reason, not-sure questions, hand-offs answered early and late and
 * one never, crises — officers answering through the officer API, then every figure of the
 * insight API, the insight page in a real Chromium (charts drawn by Chart.js, zero axe-core
 * violations, screenshots when SCREENSHOT_DIR is set), its CSV export and `madoguchi report`
 * (JSON, CSV, HTML with inlined charts) checked against what was sent; small cells suppressed,
 * officers below supervisor refused, views and exports audited, and the roll-ups surviving
 * `madoguchi purge`. One server, one browser, conversations driven concurrently (PGlite).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { runReport } from '../../bot/commands/report-command';
import { runPurge } from '../../bot/commands/purge-command';
import { hashPassword } from '../../officers/officer-auth';
import { OfficerRepository } from '../../officers/officer-repository';
import { DemandRollup } from '../../insight/demand-rollup';
import type { DemandReport } from '../../insight/demand-report';
import { startReplySink, type ReplySink } from '../helpers/reply-sink';
import { FakeTelegramApi } from '../helpers/fake-telegram-api';
import { Driver, script, type Conversation } from './scripted-demand';
import { t } from '../../locales/i18n';
import { dailyCells, documentFigures, handoffFigures, parityFigures, pct, type TimedHandoff } from './expected-figures';

const CHROMIUM = '/usr/bin/chromium';
const AXE = path.resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
const TG_TOKEN = '123456:insight-test-token';
const TG_SECRET = 'insight-test-secret';
const PASSWORD = 'correct horse battery staple';
const SHIFT_DAYS = 10;
/** Office hours for the test: every day, 00:00–12:00 UTC. */
const OFFICE = { OFFICE_TIMEZONE: 'UTC', OFFICE_OPEN: '00:00', OFFICE_CLOSE: '12:00', OFFICE_DAYS: '0,1,2,3,4,5,6' };

async function axeViolations(page: Page): Promise<string> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(async () => (window as unknown as { axe: { run: (d: Document) => Promise<{ passes: unknown[]; violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document));
  assert.ok(result.passes.length > 10, 'axe did not run its checks');
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, name), fullPage: true });
}

/** The text of every cell of a table on the page, row by row. */
async function tableText(page: Page, id: string): Promise<string[][]> {
  return page.locator(`#${id} tbody tr`).evaluateAll((rows): string[][] => rows.map((r): string[] => Array.from(r.children, (c): string => (c.textContent ?? '').trim())));
}

/** How the page writes a duration in English. */
function duration(s: number | null): string {
  if (s === null) return '–';
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 360) / 10} h`;
}

describe('insight pages and report over a scripted day of residents (PGlite, Chromium)', function () {
  this.timeout(180000);
  let sink: ReplySink;
  let telegram: FakeTelegramApi;
  let container: Container;
  let server: RunningServer;
  let browser: Browser;
  let dataDir: string;
  let convs: Conversation[];
  let handoffs: TimedHandoff[];
  let day: string;
  let api: DemandReport;
  const env: Record<string, string> = {};

  const officerApi = async (token: string, method: string, p: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/officer${p}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.text()) || '{}' };
  };
  const login = async (email: string) => {
    const res = await fetch(`${server.url}/api/officer/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    assert.equal(res.status, 200);
    return ((await res.json()) as { token: string }).token;
  };

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error('chromium is required in CI (apt-get install -y chromium)');
      this.skip();
    }
    sink = await startReplySink();
    telegram = await new FakeTelegramApi(TG_TOKEN).start();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-insight-console-'));
    Object.assign(env, {
      PORT: '0',
      HOST: '127.0.0.1',
      OLLAMA_BASE_URL: 'http://127.0.0.1:1',
      LOG_LEVEL: 'silent',
      BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true',
      RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
      TELEGRAM_BOT_TOKEN: TG_TOKEN,
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      TELEGRAM_API_BASE_URL: telegram.url,
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      ...OFFICE,
    });
    container = await buildContainer(loadConfig(env, null), pino({ level: 'silent' }));
    const log = pino({ level: 'silent' });
    server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, onShutdown: [container.shutdown] });
    const officers = new OfficerRepository(container.db);
    const hash = await hashPassword(PASSWORD, 4);
    for (const role of ['officer', 'supervisor'] as const) await officers.create({ email: `${role}@city.example`, name: `${role} Kim`, role, passwordHash: hash });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  });
  after(async () => {
    await browser?.close();
    await server?.stop().catch(() => undefined);
    await sink?.close();
    await telegram?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('when a few hundred residents converse on two channels in three languages and officers answer, then every turn is answered as scripted', async () => {
    convs = script();
    await new Driver(server.url, sink, telegram, TG_SECRET).run(convs, 12);
    assert.ok(convs.length >= 190, `${convs.length} conversations`);
    assert.ok(convs.every((c) => c.messages > 0));

    // Officers take the hand-offs through the officer API.
    const token = await login('officer@city.example');
    const db = container.db;
    const rows = (await db.query<{ id: string; conversation_id: string; reason: string }>('SELECT id, conversation_id, reason FROM handoffs')).rows;
    const expectedHandoffs = convs.filter((c) => c.kind.startsWith('handoff') || c.kind === 'crisis');
    assert.equal(rows.length, expectedHandoffs.length);
    const plan = new Map<string, { conv: Conversation; claimS: number | null; replyS: number | null; resolveS: number | null }>();
    let crisisN = 0;
    for (const h of rows) {
      const conv = convs.find((c) => c.id === h.conversation_id)!;
      const late = conv.reply === 'late';
      const timing =
        conv.kind === 'crisis'
          ? { claimS: 20, replyS: crisisN++ % 2 === 0 ? 60 : 120, resolveS: 3600 }
          : conv.reply === 'never'
            ? { claimS: null, replyS: null, resolveS: null }
            : { claimS: 30, replyS: conv.kind === 'handoff-doc' ? (late ? 7200 : 90) : late ? 5400 : 45, resolveS: late ? 10800 : 600 };
      plan.set(h.id, { conv, ...timing });
      if (timing.replyS === null) continue;
      assert.equal((await officerApi(token, 'POST', `/handoffs/${h.id}/claim`)).status, 200);
      assert.equal((await officerApi(token, 'POST', `/handoffs/${h.id}/messages`, { text: 'This is the welfare office. How can I help?' })).status, 201);
      assert.equal((await officerApi(token, 'POST', `/handoffs/${h.id}/resolve`, { outcome: 'answered' })).status, 200);
    }

    // The day moves SHIFT_DAYS back (so a purge can take it later), and the officers' timings
    // become the scripted ones — early and late replies without waiting for hours.
    const shift = `${SHIFT_DAYS} days`;
    for (const [table, columns] of [
      ['demand_events', ['created_at']],
      ['demand_feedback', ['created_at']],
      ['handoffs', ['created_at', 'queued_at', 'assigned_at', 'active_at', 'resolved_at', 'updated_at']],
      ['handoff_messages', ['created_at']],
      ['transcript', ['created_at']],
      ['conversation_refs', ['updated_at']],
      ['bot_state', ['updated_at']],
    ] as const) {
      await db.query(`UPDATE ${table} SET ${columns.map((c) => `${c} = ${c} - interval '${shift}'`).join(', ')}`);
    }
    handoffs = [];
    for (const [id, p] of plan) {
      const at = (s: number | null) => (s === null ? null : `created_at + interval '${s} seconds'`);
      if (p.replyS !== null) {
        await db.query(`UPDATE handoffs SET assigned_at = ${at(p.claimS)}, resolved_at = ${at(p.resolveS)}, updated_at = ${at(p.resolveS)} WHERE id = $1`, [id]);
        await db.query(`UPDATE handoff_messages SET created_at = (SELECT created_at FROM handoffs WHERE id = $1) + $2 * interval '1 second' WHERE handoff_id = $1 AND author = 'officer'`, [id, p.replyS]);
      }
      const created = (await db.query<{ created_at: Date | string }>('SELECT created_at FROM handoffs WHERE id = $1', [id])).rows[0].created_at;
      const team = p.conv.kind === 'crisis' ? 'crisis' : p.conv.kind === 'handoff-doc' ? (p.conv.lang === 'en' ? 'civil' : 'welfare') : 'general';
      handoffs.push({ team, lang: p.conv.lang, channel: p.conv.channel, crisis: p.conv.kind === 'crisis', createdAt: new Date(created), claimS: p.claimS, replyS: p.replyS, resolveS: p.resolveS });
    }
    const days = (await db.query<{ d: string }>("SELECT DISTINCT to_char((created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS d FROM demand_events")).rows;
    assert.equal(days.length, 1, 'the scripted day crossed midnight UTC; run again');
    day = days[0].d;
    // The hourly roll-up, as the server runs it.
    await new DemandRollup(db).rollup();
  });

  it('when a supervisor asks the insight API, then every figure matches what was sent, small cells are suppressed and the view is audited', async () => {
    const token = await login('supervisor@city.example');
    const res = await officerApi(token, 'GET', `/insight?from=${day}&to=${day}`);
    assert.equal(res.status, 200, res.body);
    api = JSON.parse(res.body) as DemandReport;
    const min = api.minResidents;
    assert.equal(min, 5);

    // Conversations and messages per channel and language; Telegram × Japanese (3 residents) suppressed.
    const cells = dailyCells(convs);
    assert.deepEqual(
      api.daily.map((d) => ({ channel: d.channel, lang: d.lang, conversations: d.conversations, messages: d.messages, suppressed: d.suppressed })),
      cells.map((c) => ({ channel: c.channel, lang: c.lang, suppressed: c.conversations < min, conversations: c.conversations < min ? null : c.conversations, messages: c.conversations < min ? null : c.messages })),
    );
    assert.deepEqual([api.totals.conversations, api.totals.messages], [convs.length, convs.reduce((a, c) => a + c.messages, 0)]);

    // Documents and domains.
    const docs = documentFigures(convs);
    assert.equal(api.topDocuments.length, docs.size, JSON.stringify([api.topDocuments, [...docs]]));
    for (const d of api.topDocuments) {
      assert.deepEqual({ answered: d.answered, helpful: d.helpful, unhelpful: d.unhelpful, unhelpfulReason: d.unhelpfulReason, unhelpfulSkipped: d.unhelpfulSkipped, suppressed: d.suppressed }, { ...docs.get(d.title), suppressed: false }, d.title);
    }
    assert.ok(api.topDocuments.every((d) => (d.unhelpfulSkipped ?? 0) > 0), 'each 👎d document has residents who pressed Skip');
    const byDomain = (domain: string) => convs.filter((c) => ['up', 'down', 'handoff-doc'].includes(c.kind) && (c.lang === 'en' ? 'civil' : 'welfare') === domain);
    for (const domain of ['welfare', 'civil']) {
      const d = api.topDomains.find((x) => x.domain === domain);
      assert.deepEqual([d?.answered, d?.helpful, d?.unhelpful], [byDomain(domain).length, byDomain(domain).filter((c) => c.kind === 'up').length, byDomain(domain).filter((c) => c.kind === 'down').length], domain);
    }

    // Knowledge gaps: not-sure by (no) document and domain, 👎 by document; low confidence as recorded.
    const low = (await container.db.query<{ doc_id: string; n: number }>("SELECT doc_id, count(*)::int AS n FROM demand_events WHERE answer_status = 'answered' AND confidence_band = 'low' GROUP BY doc_id")).rows;
    const notSure = convs.filter((c) => c.kind === 'notsure').length;
    const none = api.gapsByDocument.find((g) => g.key === '');
    assert.deepEqual([none?.notSure, none?.unhelpful], [notSure, 0]);
    for (const g of api.gapsByDocument.filter((x) => x.key !== '')) {
      assert.equal(g.unhelpful, docs.get(g.title)?.unhelpful, g.title);
      assert.equal(g.lowConfidence, low.find((l) => l.doc_id === g.key)?.n ?? 0, g.title);
    }
    assert.equal(api.gapsByDomain.find((g) => g.key === '')?.notSure, notSure);
    assert.equal(api.gapsByDomain.find((g) => g.key === 'welfare')?.unhelpful, convs.filter((c) => c.kind === 'down' && c.lang !== 'en').length);

    // Topics: not-sure questions grouped by the word they share, 👎 questions by theirs; masked examples and reasons.
    const topic = (name: string | string[]) => api.topics.topics.find((x) => (Array.isArray(name) ? name.includes(x.topic) : x.topic === name));
    const ns = (lang: string) => convs.filter((c) => c.kind === 'notsure' && c.lang === lang).length;
    const down = (lang: string) => convs.filter((c) => c.kind === 'down' && c.lang === lang).length;
    assert.deepEqual([topic('반려견')?.notSure, topic('반려견')?.residents, topic('반려견')?.langs], [ns('ko'), ns('ko'), ['ko']]);
    assert.deepEqual([topic('community')?.notSure, topic('community')?.residents], [ns('en'), ns('en')]);
    assert.equal(topic(['市民', '農園'])?.notSure, ns('ja'));
    assert.deepEqual([topic('기초연금')?.unhelpful, topic('기초연금')?.closest[0]?.docId], [down('ko'), 'hanbit-basic-pension']);
    assert.equal(topic('certificate')?.unhelpful, down('en'));
    assert.equal(topic(['児童', '手当'])?.unhelpful, down('ja'));
    assert.ok((topic('반려견')?.closest.length ?? 0) > 0, 'retrieval names the closest documents');
    const examples = JSON.stringify(api.topics.topics.map((x) => x.examples));
    assert.ok(examples.includes('반려견 등록'), 'masked examples for supervisors');
    assert.ok(examples.includes('[EMAIL]') && !examples.includes('kim.minsu'), 'reasons are masked');
    assert.ok(api.topics.topics.every((x) => x.examples.length <= 3));

    // Hand-offs by team, crisis, weekday, hour and office hours (every day 00:00–12:00 UTC).
    const teams = [...new Set(handoffs.map((h) => h.team))].sort();
    assert.deepEqual(
      api.handoffs.map((h) => ({ team: h.team, handoffs: h.handoffs, firstReplyP50: h.firstReplyP50, firstReplyP90: h.firstReplyP90, resolveP50: h.resolveP50, resolveP90: h.resolveP90, unanswered: h.unanswered })),
      teams.map((team) => ({ team, ...handoffFigures(handoffs.filter((h) => h.team === team)) })),
    );
    const crises = handoffs.filter((h) => h.crisis);
    assert.deepEqual(
      { ...api.crisis },
      { suppressed: false, escalations: crises.length, claimP50: pct(crises.map((h) => h.claimS!), 0.5), claimP90: pct(crises.map((h) => h.claimS!), 0.9), firstReplyP50: pct(crises.map((h) => h.replyS!), 0.5), firstReplyP90: pct(crises.map((h) => h.replyS!), 0.9) },
    );
    assert.equal(api.handoffTiming.timeZone, 'UTC');
    for (const w of api.handoffTiming.byWeekday) {
      const mine = handoffs.filter((h) => h.createdAt.getUTCDay() === w.weekday);
      assert.equal(w.suppressed, mine.length < min, `weekday ${w.weekday}`);
      if (!w.suppressed) assert.deepEqual({ handoffs: w.handoffs, firstReplyP50: w.firstReplyP50 }, { handoffs: mine.length, firstReplyP50: handoffFigures(mine).firstReplyP50 });
    }
    for (const h of api.handoffTiming.byHour) {
      const mine = handoffs.filter((x) => x.createdAt.getUTCHours() === h.hour);
      assert.equal(h.suppressed, mine.length < min, `hour ${h.hour}`);
      if (!h.suppressed) assert.equal(h.handoffs, mine.length);
    }
    for (const o of api.handoffTiming.officeHours) {
      const mine = handoffs.filter((x) => x.createdAt.getUTCHours() < 12 === o.open);
      assert.equal(o.suppressed, mine.length < min);
      if (!o.suppressed) assert.deepEqual({ handoffs: o.handoffs, firstReplyP90: o.firstReplyP90 }, { handoffs: mine.length, firstReplyP90: handoffFigures(mine).firstReplyP90 });
    }

    // Parity per language and channel; Japanese residents' helpful rate is flagged.
    assert.deepEqual(
      api.parity.map((p) => ({ dimension: p.dimension, group: p.group, answerRate: p.answerRate, handoffRate: p.handoffRate, helpfulRate: p.helpfulRate, replyP50: p.replyP50, flags: p.flags })),
      parityFigures(convs, handoffs, min),
    );
    assert.deepEqual(api.parity.find((p) => p.dimension === 'lang' && p.group === 'ja')?.flags, ['helpful_rate']);

    const audit = (await container.db.query<{ action: string; actor_role: string; detail: { from?: string } }>("SELECT action, actor_role, detail FROM audit_log WHERE action LIKE 'insight.%'")).rows;
    assert.ok(audit.some((a) => a.action === 'insight.view' && a.actor_role === 'supervisor' && a.detail.from === day));

    // Filters narrow the figures: Korean only.
    const ko = JSON.parse((await officerApi(token, 'GET', `/insight?from=${day}&to=${day}&lang=ko`)).body) as DemandReport;
    assert.deepEqual([...new Set(ko.daily.map((d) => d.lang))], ['ko']);
    assert.equal(ko.totals.conversations, convs.filter((c) => c.lang === 'ko').length);
    assert.equal((await officerApi(token, 'GET', `/insight?from=${day}&to=2001-01-01`)).status, 400);
  });

  it('when an officer below supervisor asks, then the API, the export and the page refuse', async () => {
    const token = await login('officer@city.example');
    assert.equal((await officerApi(token, 'GET', `/insight?from=${day}&to=${day}`)).status, 403);
    assert.equal((await officerApi(token, 'GET', `/insight/export?table=daily&from=${day}&to=${day}`)).status, 403);
    assert.equal((await fetch(`${server.url}/api/officer/insight`)).status, 401);

    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(`${server.url}/officer/`);
    await page.locator('#login-email').fill('officer@city.example');
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('#login-password').press('Enter');
    await page.locator('#app-view').waitFor({ state: 'visible' });
    assert.equal(await page.locator('#insight-link').isVisible(), false, 'no insight link for an officer');
    await page.goto(`${server.url}/officer/insight/?from=${day}&to=${day}`);
    await page.locator('#refused').waitFor({ state: 'visible' });
    assert.match(await page.locator('#refused').innerText(), /supervisors and administrators/);
    assert.equal(await page.locator('#insight').isVisible(), false);
    await screenshot(page, 'insight-refused.png');
    await page.close();
  });

  it('when a supervisor opens the insight page in Chromium, then its tables, charts and CSV show the same figures, small cells read <5, and axe finds nothing', async () => {
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // The console asks /me before the login (401): that is how it learns to show the form.
      if (m.type() === 'error' && !/status of 401/.test(m.text())) errors.push(m.text());
    });
    await page.goto(`${server.url}/officer/`);
    await page.locator('#login-email').fill('supervisor@city.example');
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('#login-password').press('Enter');
    await page.locator('#insight-link').waitFor({ state: 'visible' });
    await page.locator('#insight-link').click();
    await page.locator('#insight').waitFor({ state: 'visible' });
    // The period of the scripted day.
    await page.locator('#f-from').fill(day);
    await page.locator('#f-to').fill(day);
    await page.locator('#filters button[type="submit"]').click();
    await page.waitForFunction((d) => document.getElementById('status')?.textContent?.includes(`${d} – ${d}`), day);

    const n = (v: number | null) => (v === null ? '–' : v.toLocaleString('en-US'));
    assert.equal(await page.locator('#total-conversations').innerText(), n(convs.length));
    assert.equal(await page.locator('#total-messages').innerText(), n(convs.reduce((a, c) => a + c.messages, 0)));
    assert.deepEqual(
      await tableText(page, 'table-daily'),
      api.daily.map((d) => [d.day, d.channel, d.lang, d.suppressed ? '<5' : n(d.conversations), d.suppressed ? '<5' : n(d.messages)]),
    );
    assert.ok((await tableText(page, 'table-daily')).some((r) => r[1] === 'telegram' && r[2] === 'ja' && r[3] === '<5'), 'the small Telegram × Japanese cell reads <5');
    assert.deepEqual(await tableText(page, 'table-documents'), api.topDocuments.map((d) => [d.title, d.domain, n(d.answered), n(d.helpful), n(d.unhelpful), n(d.unhelpfulReason), n(d.unhelpfulSkipped)]));
    assert.deepEqual(await tableText(page, 'table-domains'), api.topDomains.map((d) => [d.domain, n(d.answered), n(d.helpful), n(d.unhelpful), n(d.unhelpfulReason), n(d.unhelpfulSkipped)]));
    assert.deepEqual(
      await tableText(page, 'table-handoffs'),
      api.handoffs.map((h) => [h.team, n(h.handoffs), duration(h.firstReplyP50), duration(h.firstReplyP90), duration(h.resolveP50), duration(h.resolveP90), n(h.unanswered)]),
    );
    assert.deepEqual(await tableText(page, 'table-crisis'), [[n(api.crisis.escalations), duration(api.crisis.claimP50), duration(api.crisis.claimP90), duration(api.crisis.firstReplyP50), duration(api.crisis.firstReplyP90)]]);
    const pctText = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)} %`);
    const flagNames: Record<string, string> = { answer_rate: 'answer rate', handoff_rate: 'hand-off rate', helpful_rate: 'helpful rate', reply_time: 'time to reply' };
    assert.deepEqual(
      await tableText(page, 'table-parity'),
      api.parity.map((p) => [p.dimension === 'lang' ? 'Language' : 'Channel', p.group, pctText(p.answerRate), pctText(p.handoffRate), pctText(p.helpfulRate), duration(p.replyP50), p.flags.length ? p.flags.map((f) => flagNames[f]).join(', ') : '—']),
    );
    const topics = await tableText(page, 'table-topics');
    assert.deepEqual(topics.map((r) => r.slice(0, 7)), api.topics.topics.map((x) => [x.suppressed ? '(small topic)' : x.topic || '(no shared word)', ...(['residents', 'questions', 'unanswered', 'notSure', 'lowConfidence', 'unhelpful'] as const).map((k) => (x.suppressed ? '<5' : n(x[k])))]));
    assert.deepEqual(await tableText(page, 'table-office_hours'), api.handoffTiming.officeHours.map((o) => [o.open ? 'Within office hours' : 'Outside office hours', ...(o.suppressed ? Array<string>(6).fill('<5') : [n(o.handoffs), duration(o.firstReplyP50), duration(o.firstReplyP90), duration(o.resolveP50), duration(o.resolveP90), n(o.unanswered)])]));
    assert.ok(await page.locator('.examples q', { hasText: '[EMAIL]' }).count(), 'masked reasons among the examples');

    // Charts drawn by Chart.js from the same figures (suppressed cells left out).
    const charts = await page.evaluate(() => {
      const C = (window as unknown as { Chart: { getChart(id: string): { data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] } } | undefined } }).Chart;
      return Object.fromEntries(['chart-dailyChannel', 'chart-documents', 'chart-topics', 'chart-handoffs', 'chart-hour', 'chart-parity'].map((id) => [id, C.getChart(id)?.data]));
    });
    const byChannel = Object.fromEntries(charts['chart-dailyChannel']!.datasets.map((d) => [d.label, d.data.reduce<number>((a, v) => a + (v ?? 0), 0)]));
    assert.deepEqual(byChannel, { emulator: convs.filter((c) => c.channel === 'emulator').length, telegram: convs.filter((c) => c.channel === 'telegram' && c.lang !== 'ja').length });
    assert.deepEqual(charts['chart-documents']!.datasets[0].data, api.topDocuments.slice(0, 10).map((d) => d.answered));
    assert.equal(charts['chart-hour']!.datasets[0].data.length, 24);
    assert.ok(charts['chart-parity']!.labels.includes('Language: ja'));
    assert.ok(charts['chart-topics']!.labels.includes('반려견'));

    // CSV export of a table, as the link downloads it (the session cookie), audited.
    const csv = await page.evaluate(async () => (await fetch((document.getElementById('csv-daily') as HTMLAnchorElement).href)).text());
    const lines = csv.trim().split('\n');
    assert.equal(lines[0], 'day,channel,lang,conversations,messages');
    assert.deepEqual(lines.slice(1), api.daily.map((d) => [d.day, d.channel, d.lang, d.suppressed ? 'suppressed' : d.conversations, d.suppressed ? 'suppressed' : d.messages].join(',')));
    const exported = (await container.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'insight.export' AND detail->>'table' = 'daily'")).rows[0].n;
    assert.equal(exported, 1);

    assert.equal(await axeViolations(page), '');
    await screenshot(page, 'insight-en.png');
    if (process.env.SCREENSHOT_DIR) {
      for (const id of ['daily', 'topics', 'handoffs', 'timing', 'parity']) await page.locator(`#section-${id}`).screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `insight-en-${id}.png`) });
    }
    // Korean interface: the same figures under Korean labels.
    await page.locator('#lang-select').selectOption('ko');
    await page.waitForFunction(() => document.documentElement.lang === 'ko' && document.title === '민원 수요 분석');
    assert.equal(await page.locator('#heading-parity').innerText(), '언어·채널별 형평성');
    assert.equal(await axeViolations(page), '');
    await screenshot(page, 'insight-ko.png');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('when madoguchi report runs for the day, then JSON, CSV and the self-contained HTML give the same figures, and after madoguchi purge the roll-ups still do', async () => {
    await server.stop();
    const saved = { ...process.env };
    Object.assign(process.env, OFFICE);
    try {
      const run = async (format: 'json' | 'csv' | 'html') => (await runReport({ from: day, to: day, format, dataDir, databaseUrl: '' })).text;
      const report = JSON.parse(await run('json')) as DemandReport;
      // The console's figures — the closest documents by the same retrieval — without the masked examples a report never carries.
      const noExamples = (r: DemandReport) => ({ ...r, generatedAt: '', topics: { ...r.topics, topics: r.topics.topics.map((x) => ({ ...x, examples: [] })) } });
      assert.deepEqual(noExamples(report), noExamples(api));
      assert.ok(report.topics.topics.every((x) => x.examples.length === 0));

      const csv = await run('csv');
      const tg = api.daily.find((d) => d.channel === 'telegram' && d.lang === 'ja')!;
      assert.match(csv, new RegExp(`\\ndaily,${day}/telegram/ja,conversations,suppressed\\n`));
      assert.ok(tg.suppressed);
      const general = api.handoffs.find((h) => h.team === 'general')!;
      assert.match(csv, new RegExp(`\\nhandoffs,general,firstReplyP90,${general.firstReplyP90}\\n`));
      assert.match(csv, /\nparity,lang:ja,flags,helpful_rate\n/);

      const html = await run('html');
      assert.doesNotMatch(html, /<script[^>]*\bsrc=|<link\b|<img\b|<iframe\b|@import/, 'self-contained: nothing fetched');
      const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.setContent(html, { waitUntil: 'load' });
      const drawn = await page.evaluate((): boolean[] => Array.from(document.querySelectorAll('canvas'), (c): boolean => Boolean((window as unknown as { Chart: { getChart(c: HTMLCanvasElement): unknown } }).Chart.getChart(c))));
      assert.ok(drawn.length >= 8 && drawn.every(Boolean), 'every chart drawn by the inlined Chart.js');
      assert.deepEqual(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:')), []);
      const totals = await page.locator('.totals dd').allInnerTexts();
      assert.deepEqual(totals, [String(convs.length), String(convs.reduce((a, c) => a + c.messages, 0))]);
      assert.ok((await page.locator('td.s').count()) > 0, 'small cells read <5');
      assert.equal(await axeViolations(page), '');
      await screenshot(page, 'insight-report.png');
      if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, 'insight-report-top.png') });
      await page.close();

      const purged = await runPurge({ days: '5', dataDir, databaseUrl: '' });
      assert.ok((purged.deleted.demand_events ?? 0) > 200 && (purged.deleted.demand_feedback ?? 0) > 100, JSON.stringify(purged.deleted));
      const again = JSON.parse(await run('json')) as DemandReport;
      // Every figure comes from the roll-ups; the topics, read from the transcripts the purge took,
      // from the archive written before it — the same words, counts and closest documents.
      assert.deepEqual({ ...again, generatedAt: '', topics: null }, { ...report, generatedAt: '', topics: null });
      const shown = (r: DemandReport) => r.topics.topics.filter((x) => !x.suppressed);
      assert.ok(shown(report).length >= 4);
      assert.deepEqual(shown(again), shown(report));
      assert.deepEqual(again.topics.archived, { from: day, to: day });
      const archivedHtml = await run('html');
      assert.ok(archivedHtml.includes(t('en', 'insight.topics.archived', { from: day, to: day })), 'the HTML report says where the topics come from');
      assert.ok(archivedHtml.includes('반려견'));
    } finally {
      for (const k of Object.keys(OFFICE)) if (saved[k] === undefined) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
