/**
 * The web chat widget in headless Chromium against the real server (container + HTTP host,
 * embedded PGlite, no LLM) while an officer takes the conversation through the officer API: the
 * demo page names the sample documents' city, the launcher says what it does, an officer's reply
 * is labelled and styled apart from the bot's, no "writing an answer" indicator shows while the
 * officer has the chat, and after a reload the answer's sources and the officer's label are back.
 * Set SCREENSHOT_DIR to keep screenshots of the widget.
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
import { addOfficer } from '../../bot/commands/officer-command';
import { NURSERY_DEADLINE, NURSERY_DOC, api, officeOpenNowEnv, officerToken, settle, until, writeKb } from './integration-helpers';

const CHROMIUM = '/usr/bin/chromium';
const AXE = path.resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
const PASSWORD = 'correct horse battery staple';
const NURSERY_URL = 'https://city.example/sakuradai/nursery';
const log = pino({ level: 'silent' });

interface AxeResult {
  passes: unknown[];
  violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
}

async function axeViolations(page: Page): Promise<string> {
  // Evaluated through the DevTools protocol: the host's CSP (no inline scripts) stays in force.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document) => Promise<AxeResult> } };
    return w.axe.run(document);
  });
  assert.ok(result.passes.length > 10, 'axe did not run its checks');
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, name) });
}

/** Records, in the page, whether the typing indicator is ever shown from now on. */
async function watchTyping(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { typingShown: boolean; typingWatch?: MutationObserver };
    const typing = document.querySelector('.mdg-typing') as HTMLElement;
    w.typingShown = !typing.hidden;
    w.typingWatch?.disconnect();
    w.typingWatch = new MutationObserver(() => {
      if (!typing.hidden) w.typingShown = true;
    });
    w.typingWatch.observe(typing, { attributes: true, attributeFilter: ['hidden'] });
  });
}
const typingWasShown = (page: Page): Promise<boolean> => page.evaluate(() => (window as unknown as { typingShown: boolean }).typingShown);

describe('the web chat widget while an officer has the conversation (real server, headless Chromium)', function () {
  this.timeout(120000);
  let env: Record<string, string>;
  let running: { container: Container; server: RunningServer } | undefined;
  let browser: Browser | undefined;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error('chromium is required in CI (apt-get install -y chromium)');
      console.warn('  (skipping browser test: /usr/bin/chromium missing; apt-get install -y chromium)');
      this.skip();
    }
    env = {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-webchat-officer-')),
      DATABASE_URL: '',
      LLM_ENABLED: 'false',
      OLLAMA_BASE_URL: 'http://127.0.0.1:1',
      KB_DIR: writeKb({ 'sakuradai-nursery-admission.md': NURSERY_DOC }),
      DEFAULT_LANGUAGE: 'ja',
      REGION: 'JP',
      ...officeOpenNowEnv(),
    };
    const container = await buildContainer(loadConfig(env, null), log);
    const server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, beginShutdown: container.beginShutdown, onShutdown: [container.shutdown] });
    running = { container, server };
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  after(async () => {
    await browser?.close();
    await running?.server.stop();
    if (env?.DATA_DIR) fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
    if (env?.KB_DIR) fs.rmSync(env.KB_DIR, { recursive: true, force: true });
  });

  it('when the demo page is opened in each language, then it names the city the bundled sample documents of that language are about', async () => {
    const sampleKb = path.resolve(__dirname, '..', '..', 'knowledge', 'sample-kb');
    const docs = fs.readdirSync(sampleKb).filter((f) => f.endsWith('.md')).map((f) => fs.readFileSync(path.join(sampleKb, f), 'utf8'));
    for (const lang of ['ko', 'ja', 'en']) {
      const res = await fetch(`${running!.server.url}/?lang=${lang}`);
      assert.equal(res.status, 200);
      const city = /<p class="city-name">([^<]+)<\/p>/.exec(await res.text())?.[1];
      assert.ok(city, `no city name on the ${lang} page`);
      const about = docs.filter((d) => d.includes(`\nlang: ${lang}\n`) && d.includes(city));
      assert.ok(about.length >= 3, `the ${lang} demo page names "${city}", which no bundled ${lang} sample document is about`);
    }
  });

  it('when an officer takes the chat, then their reply is labelled and styled apart from the bot, no typing indicator shows, and a reload keeps the label and the sources', async () => {
    const url = running!.server.url;
    const page = await browser!.newPage({ locale: 'ja-JP', viewport: { width: 1100, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${url}/?lang=ja`);

    // The launcher says what pressing it will do, and aria-expanded follows.
    const launcher = page.locator('.mdg-launcher');
    await launcher.waitFor();
    assert.equal((await launcher.innerText()).trim().endsWith('相談チャットを開く'), true);
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    await launcher.click();
    await page.locator('#mdg-panel').waitFor({ state: 'visible' });
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    assert.match(await launcher.innerText(), /相談チャットを閉じる/);
    assert.doesNotMatch(await launcher.innerText(), /開く/);
    await launcher.click();
    await page.locator('#mdg-panel').waitFor({ state: 'hidden' });
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    assert.match(await launcher.innerText(), /相談チャットを開く/);
    await launcher.click();
    await page.locator('#mdg-panel').waitFor({ state: 'visible' });

    // The bot answers with its sources as links.
    const input = page.locator('#mdg-input');
    await input.fill('保育所の申込みはいつまで？');
    await input.press('Enter');
    const answer = page.locator('.mdg-msg-bot', { hasText: NURSERY_DEADLINE });
    await answer.waitFor({ timeout: 20000 });
    assert.equal(await answer.locator(`.mdg-cites a[href="${NURSERY_URL}"]`).count(), 1);

    // The resident asks for a person; an officer claims and replies through the officer API.
    await input.fill('担当者と話したい');
    await input.press('Enter');
    await page.locator('.mdg-msg-bot', { hasText: '担当職員におつなぎしました' }).waitFor({ timeout: 10000 });
    const conversationId = await page.evaluate(() => (JSON.parse(localStorage.getItem('madoguchi.webchat') ?? '{}') as { conversationId?: string }).conversationId);
    assert.ok(conversationId);
    await addOfficer(running!.container.db, { email: 'sato-webchat@city.example', name: 'Sato Hana', role: 'officer' }, async () => PASSWORD, 4);
    const token = await officerToken(url, 'sato-webchat@city.example', PASSWORD);
    const queued = await api<{ handoffs: { id: string; channelId: string; conversationId: string }[] }>(url, 'GET', '/api/officer/handoffs?status=queued', token);
    const handoff = queued.body.handoffs.find((h) => h.channelId === 'webchat' && h.conversationId === conversationId);
    assert.ok(handoff, JSON.stringify(queued.body));
    assert.equal((await api(url, 'POST', `/api/officer/handoffs/${handoff.id}/claim`, token)).status, 200);
    const reply = '担当の佐藤です。保育所の申込みについてご説明します。';
    assert.equal((await api(url, 'POST', `/api/officer/handoffs/${handoff.id}/messages`, token, { text: reply })).status, 201);

    const officerMsg = page.locator('.mdg-msg-officer', { hasText: reply });
    await officerMsg.waitFor({ timeout: 10000 });
    assert.equal(await officerMsg.locator('.mdg-author').textContent(), '職員: ', 'a visible label (the colon is for screen readers)');
    assert.equal(await page.locator('.mdg-msg-bot', { hasText: reply }).count(), 0, "the officer's reply is not shown as the bot's");
    const [botBg, officerBg] = await Promise.all([answer, officerMsg].map((l) => l.evaluate((e) => getComputedStyle(e).backgroundColor)));
    assert.notEqual(officerBg, botBg, 'officer and bot messages look different');

    // The resident writes to the officer: no bot answer is coming, so no typing indicator.
    await watchTyping(page);
    await input.fill('児童手当についても相談したいです');
    await input.press('Enter');
    await until(
      async () => (await api<{ messages: { text: string }[] }>(url, 'GET', `/api/officer/handoffs/${handoff.id}`, token)).body.messages.some((m) => m.text === '児童手当についても相談したいです'),
      'the resident message at the officer',
    );
    await settle(1500);
    assert.equal(await typingWasShown(page), false, 'the "writing an answer" indicator showed while an officer has the chat');
    assert.notEqual(await page.locator('#mdg-panel .mdg-status').innerText(), 'チャットボットが回答を作成しています');

    assert.equal(await axeViolations(page), '');
    await screenshot(page, 'webchat-officer-message.png');

    // Reload: the history keeps who wrote what and the answer's sources.
    await page.reload();
    await page.locator('#mdg-panel').waitFor({ state: 'visible' });
    const restoredOfficer = page.locator('.mdg-msg-officer', { hasText: reply });
    await restoredOfficer.waitFor({ timeout: 10000 });
    assert.equal(await restoredOfficer.locator('.mdg-author').textContent(), '職員: ');
    const restoredAnswer = page.locator('.mdg-msg-bot', { hasText: NURSERY_DEADLINE });
    assert.equal(await restoredAnswer.locator(`.mdg-cites a[href="${NURSERY_URL}"]`).count(), 1, 'the sources come back as links after a reload');
    assert.doesNotMatch(await restoredAnswer.locator('.mdg-text').innerText(), /出典\s*\[1\]/, 'the footer is not repeated as plain text');
    assert.equal(await page.locator('.mdg-msg-user', { hasText: '児童手当についても相談したいです' }).count(), 1);
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    assert.match(await launcher.innerText(), /相談チャットを閉じる/);
    assert.equal(await axeViolations(page), '');
    await restoredAnswer.locator('.mdg-cites').scrollIntoViewIfNeeded();
    await screenshot(page, 'webchat-after-reload.png');
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
});
