/**
 * The officer console in a real headless Chromium against the real officer API: keyboard login, a
 * queued hand-off appearing live over SSE, claim, a drafted and edited reply reaching the resident's
 * channel, a resident message arriving live, resolve — with axe-core reporting zero violations.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openDatabase } from '../../storage/open-database';
import type { Database } from '../../storage/database';
import { escalation, listen, officerFixture, residentSays, until, type OfficerFixture } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const AXE = path.resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');

interface AxeResult {
  passes: unknown[];
  violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
}

async function axeViolations(page: Page): Promise<string> {
  // Evaluated through the DevTools protocol: the page's CSP (no inline scripts) stays in force.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document) => Promise<AxeResult> } };
    return w.axe.run(document);
  });
  assert.ok(result.passes.length > 10, 'axe did not run its checks');
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

/** Saves a screenshot when SCREENSHOT_DIR is set (to look at the page; nothing is compared). */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, name), fullPage: true });
}

describe('officer console in headless Chromium', function () {
  this.timeout(90000);
  let browser: Browser;
  let db: Database;
  let f: OfficerFixture;
  let server: Awaited<ReturnType<typeof listen>>;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error('chromium is required in CI (apt-get install -y chromium)');
      console.warn('  (skipping browser test: /usr/bin/chromium missing; apt-get install -y chromium)');
      this.skip();
    }
    db = await openDatabase({ databaseUrl: '', dataDir: '', inMemory: true });
    f = await officerFixture(db, {
      realClock: true,
      suggester: { suggest: async () => ({ text: 'You can apply at the community centre.', citations: [{ title: 'Housing benefit', url: 'https://city.example/housing' }] }) },
    });
    // The host's CSP (bot/app.ts): no inline scripts, so a CSP violation would break the console.
    const host = express();
    host.use(helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'connect-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'frame-ancestors': ["'self'"] } } }));
    host.use(f.app);
    server = await listen(host);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await f?.stop();
    await db?.close();
  });

  it('when an officer logs in with the keyboard, sees a hand-off arrive live, claims, replies and resolves, then the resident gets every message and axe finds nothing', async () => {
    const officer = await f.createOfficer('officer', 'console@city.example');
    const page = await browser.newPage({ locale: 'en-US' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
    });
    await page.goto(`${server.url}/officer`);
    await page.locator('#login-email').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'login-email', 'focus starts in the e-mail field');
    assert.equal(await axeViolations(page), '');

    // Log in with the keyboard only.
    await page.keyboard.type('console@city.example');
    await page.keyboard.press('Tab');
    await page.keyboard.type('correct horse battery');
    await page.keyboard.press('Enter');
    await page.locator('#app-view').waitFor({ state: 'visible' });
    await page.locator('#queue-empty').waitFor({ state: 'visible' });

    // A resident asks for a person: the hand-off appears without a reload.
    const req = escalation('browser-1');
    await residentSays(f, req, 'My housing benefit stopped. I want to appeal.');
    const ticket = await f.gateway.escalate({ ...req, priority: 'urgent', reason: 'appeal_or_complaint' });
    const item = page.locator(`.queue-item[data-id="${ticket.handoffId}"]`);
    await item.waitFor({ timeout: 5000 });
    assert.match(await item.innerText(), /Urgent/);
    assert.match(await item.innerText(), /waiting 0 min/);
    assert.match(await page.locator('#announcer').innerText(), /new hand-off/i);

    // Open it with the keyboard: focus moves to the case.
    await item.focus();
    await page.keyboard.press('Enter');
    await page.locator('#case-view').waitFor({ state: 'visible' });
    await until(async () => (await page.evaluate(() => document.activeElement?.id)) === 'case-heading');
    assert.match(await page.locator('#transcript').innerText(), /housing benefit stopped/);
    assert.match(await page.locator('#f-summary').innerText(), /appeal/);

    await page.locator('#claim').click();
    await until(async () => (await page.locator('#f-status').innerText()) === 'Assigned');
    assert.equal((await f.handoffs.require(ticket.handoffId)).assignedOfficerId, officer.id);

    // Draft from the knowledge base, edit, send.
    await page.locator('#suggest').click();
    await until(async () => (await page.locator('#reply-text').inputValue()).includes('community centre'));
    await page.locator('#reply-text').fill('Hello, I am Officer Kim. You can appeal within 90 days.');
    await page.locator('#send').click();
    const line = f.senders.get('line')!;
    await until(() => line.sent.some((m) => m.text === 'Hello, I am Officer Kim. You can appeal within 90 days.'));
    await until(async () => (await page.locator('#f-status').innerText()) === 'In conversation');

    // The resident answers on LINE: it shows up live and is announced.
    await f.gateway.onResidentMessage('line', 'browser-1', 'Thank you, how do I send the form?', 'en');
    await until(async () => (await page.locator('#messages').innerText()).includes('how do I send the form'));
    await until(async () => /new message/i.test(await page.locator('#announcer').innerText()));

    // Internal note, never sent.
    await page.locator('#note-text').fill('Resident may need help with the form.');
    await page.locator('#note-form button').click();
    await until(async () => (await page.locator('#messages').innerText()).includes('Resident may need help'));
    assert.ok(!line.sent.some((m) => m.text.includes('Resident may need help')));

    assert.equal(await axeViolations(page), '');

    await page.locator('#outcome').fill('Explained the appeal form');
    await page.locator('#resolve-form button').click();
    await until(async () => (await page.locator('#f-status').innerText()) === 'Resolved');
    assert.match(line.sent.at(-1)!.text, /talking to the bot again/);
    assert.equal(await f.gateway.openPhase('line', 'browser-1'), null);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('when a case has a transcript longer than its box, then the transcript scrolls from the keyboard, has a name, and axe finds nothing (scrollable-region-focusable)', async () => {
    await f.createOfficer('officer', 'long@city.example');
    const req = escalation('browser-long');
    const lines = Array.from({ length: 40 }, (_, i) => `Question ${i + 1} about my housing benefit and the documents I need to bring.`);
    await residentSays(f, req, ...lines);
    const ticket = await f.gateway.escalate({ ...req, reason: 'asked_for_person' });
    const page = await browser.newPage({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/officer`);
    await page.locator('#login-email').fill('long@city.example');
    await page.locator('#login-password').fill('correct horse battery');
    await page.locator('#login-form button').click();
    await page.locator(`.queue-item[data-id="${ticket.handoffId}"]`).click();
    await page.locator('#case-view').waitFor({ state: 'visible' });
    const transcript = page.locator('#transcript');
    await until(async () => (await transcript.innerText()).includes('Question 40'));
    const box = await transcript.evaluate((e) => ({ scrollHeight: e.scrollHeight, clientHeight: e.clientHeight }));
    assert.ok(box.scrollHeight > box.clientHeight, `the transcript must overflow for this test: ${JSON.stringify(box)}`);

    assert.equal(await axeViolations(page), '');
    assert.equal(await transcript.getAttribute('tabindex'), '0');
    assert.equal(await page.getByRole('list', { name: 'Transcript (personal data masked)' }).count(), 1, 'the region is named by its heading');
    // Keyboard only: focus it and scroll it with the arrow keys.
    await transcript.focus();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'transcript');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
    await until(async () => (await transcript.evaluate((e) => e.scrollTop)) > 0);
    await screenshot(page, 'console-long-transcript.png');
    await page.close();
  });

  it('when the console is switched to Korean and Japanese, then the interface is translated and still passes axe', async () => {
    await f.createOfficer('supervisor', 'ko@city.example');
    const page = await browser.newPage();
    await page.goto(`${server.url}/officer/`);
    await page.locator('#login-email').waitFor();
    await page.selectOption('#lang-select', 'ko');
    await until(async () => (await page.locator('#login-heading').innerText()) === '담당자 로그인');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    await page.locator('#login-email').fill('ko@city.example');
    await page.locator('#login-password').fill('wrong');
    await page.locator('#login-form button').click();
    await until(async () => (await page.locator('#login-error').innerText()).includes('올바르지 않습니다'));
    await page.locator('#login-password').fill('correct horse battery');
    await page.locator('#login-form button').click();
    await page.locator('#app-view').waitFor({ state: 'visible' });
    assert.match(await page.locator('#whoami').innerText(), /관리자/);
    assert.equal(await axeViolations(page), '');
    await page.selectOption('#lang-select', 'ja');
    await until(async () => (await page.locator('#queue-heading').innerText()) === '取り次ぎ');
    assert.equal(await axeViolations(page), '');
    await page.close();
  });
});
