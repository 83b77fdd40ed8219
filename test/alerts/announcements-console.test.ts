/**
 * The console's announcements page in headless Chromium (Debian's /usr/bin/chromium) against the
 * real server (container, embedded PGlite in memory): a publisher logs in, composes an announcement
 * and sees how many residents it would reach per channel; she cannot approve her own; a second
 * publisher approves it and watches the delivery counts reach "sent"; the page passes axe.
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
import { PublisherRepository } from '../../alerts/publisher-repository';
import { officeOpenNowEnv } from '../integration/integration-helpers';
import { resident, subscribe, testStore, until } from './alert-fixtures';

const CHROMIUM = '/usr/bin/chromium';
const AXE = path.resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
const SHOTS = process.env.SCREENSHOT_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-announcements-'));
const PASSWORD = 'correct horse battery staple';
const log = pino({ level: 'silent' });

async function axeViolations(page: Page): Promise<string> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document) => Promise<{ passes: unknown[]; violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } };
    return w.axe.run(document);
  });
  assert.ok(result.passes.length > 10, 'axe did not run its checks');
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

describe('the announcements page in headless Chromium (real server)', function () {
  this.timeout(120000);
  let browser: Browser;
  let container: Container;
  let server: RunningServer;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error('chromium is required in CI (apt-get install -y chromium)');
      console.warn('  (skipping browser test: /usr/bin/chromium missing)');
      this.skip();
    }
    const config = loadConfig(
      { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: '', LLM_ENABLED: 'false', OLLAMA_BASE_URL: 'http://127.0.0.1:1', ALERTS_QUIET_HOURS: 'off', ALERTS_POLL_MS: '50', ...officeOpenNowEnv() },
      null,
    );
    container = await buildContainer(config, log, { inMemoryDatabase: true });
    server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, beginShutdown: container.beginShutdown, onShutdown: [container.shutdown] });
    const a = await addOfficer(container.db, { email: 'writer@city.example', name: 'Writer', role: 'officer' }, async () => PASSWORD, 4);
    const b = await addOfficer(container.db, { email: 'checker@city.example', name: 'Checker', role: 'officer' }, async () => PASSWORD, 4);
    const publishers = new PublisherRepository(container.db);
    await publishers.grant(a.officer.id, 'admin');
    await publishers.grant(b.officer.id, 'admin');
    // Two web chat residents follow health news.
    const store = testStore(container.db);
    for (let i = 0; i < 2; i++) await subscribe(store, resident('webchat'), ['domain:health']);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function loggedIn(email: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${server.url}/officer/`);
    await page.locator('#login-email').fill(email);
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('#login-form button').click();
    await page.locator('#announcements-link').waitFor({ state: 'visible' });
    await page.locator('#announcements-link').click();
    await page.locator('#compose-panel').waitFor({ state: 'visible' });
    return page;
  }

  it('when a publisher composes and another approves, then the page shows the recipients per channel, then the deliveries sent', async () => {
    const writer = await loggedIn('writer@city.example');
    await until(async () => (await writer.locator('#c-topics input').count()) > 0, 'the topics to load');
    await writer.locator('#c-title').fill('Flu shots');
    await writer.locator('#c-text-en').fill('Flu vaccinations have started at the health centre.');
    await writer.locator('#c-text-ko').fill('보건소에서 독감 예방접종을 시작했습니다.');
    await writer.locator('#c-topics input[value="domain:health"]').check();
    await writer.locator('#compose button[type=submit]').click();
    await writer.locator('#detail').waitFor({ state: 'visible' });
    await until(async () => (await writer.locator('#status').innerText()).includes('2 residents'), 'the saved message');
    const preview = await writer.locator('#detail-counts').innerText();
    assert.match(preview, /Web chat\s+2/);
    assert.ok(await writer.locator('#approve').isHidden(), 'its author cannot approve it (four-eyes)');
    assert.equal(await axeViolations(writer), '', 'no accessibility violations');
    await writer.screenshot({ path: path.join(SHOTS, 'announcements-composed.png'), fullPage: true });

    const checker = await loggedIn('checker@city.example');
    await checker.locator('#list tbody button').first().click();
    await checker.locator('#approve').waitFor({ state: 'visible' });
    await checker.locator('#approve').click();
    await until(async () => (await checker.locator('#detail-facts').innerText()).includes('Done'), 'the announcement to be sent', 20000);
    const counts = await checker.locator('#detail-counts').innerText();
    assert.match(counts, /Web chat\s+0\s+0\s+0\s+2\s+0\s+0/, counts);
    await checker.screenshot({ path: path.join(SHOTS, 'announcements-sent.png'), fullPage: true });
  });
});
