/**
 * The console's publishers page and the editing of an announcement, in headless Chromium (Debian's
 * /usr/bin/chromium) against the real server (container, embedded PGlite in memory): an admin
 * grants and revokes the publisher role on the publishers page, which refuses an officer; a
 * publisher edits an approved announcement still waiting for its time — texts and topic — and sees
 * the approval withdrawn and the recipients counted again; another publisher approves the new
 * revision. Both pages pass axe; screenshots go to SCREENSHOT_DIR (or a temporary folder).
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
const SHOTS = process.env.SCREENSHOT_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-announcement-edit-'));
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

describe('the publishers page and editing an announcement in headless Chromium (real server)', function () {
  this.timeout(120000);
  let browser: Browser;
  let container: Container;
  let server: RunningServer;
  const ids: Record<string, string> = {};

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
    for (const [who, name, role] of [
      ['admin', 'Park Admin', 'admin'],
      ['writer', 'Writer', 'officer'],
      ['checker', 'Checker', 'officer'],
      ['plain', 'Plain', 'officer'],
    ] as const) {
      ids[who] = (await addOfficer(container.db, { email: `${who}@city.example`, name, role }, async () => PASSWORD, 4)).officer.id;
    }
    // Two web chat residents follow health news; one LINE resident follows culture.
    const store = testStore(container.db);
    for (let i = 0; i < 2; i++) await subscribe(store, resident('webchat'), ['domain:health']);
    await subscribe(store, resident('line'), ['domain:culture'], 'ja');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function loggedIn(email: string, then = '#compose-panel'): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${server.url}/officer/`);
    await page.locator('#login-email').fill(email);
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('#login-form button').click();
    await page.locator('#announcements-link').waitFor({ state: 'visible' });
    await page.locator('#announcements-link').click();
    await page.locator(then).waitFor({ state: 'visible' });
    return page;
  }
  const audit = async (target: string) =>
    (await container.db.query<{ action: string; actor_id: string; detail: Record<string, unknown> }>('SELECT action, actor_id, detail FROM audit_log WHERE target = $1 ORDER BY id', [target])).rows;

  it('when an admin grants and revokes the publisher role on the publishers page, then the table and the role follow, each change audited, and an officer is refused the page', async () => {
    const admin = await loggedIn('admin@city.example');
    await admin.locator('#publishers-link').click();
    await admin.locator('#officers tbody tr').first().waitFor();
    const row = (name: string) => admin.locator('#officers tbody tr', { has: admin.locator('th', { hasText: new RegExp(`^${name}$`) }) });
    assert.match(await row('Park Admin').innerText(), /Yes \(admins always are\)/);
    assert.equal(await row('Park Admin').locator('button').count(), 0, 'an admin always publishes: nothing to change');
    for (const name of ['Writer', 'Checker', 'Plain']) {
      await admin.getByRole('button', { name: `Grant the publisher role to ${name}` }).click();
      await until(async () => (await admin.locator('#status').innerText()) === `${name} is now a publisher.`, `${name} granted`);
    }
    await admin.getByRole('button', { name: 'Revoke the publisher role from Plain' }).click();
    await until(async () => (await admin.locator('#status').innerText()) === 'Plain is no longer a publisher.', 'Plain revoked');
    assert.match(await row('Writer').innerText(), /Yes, granted by Park Admin on/);
    assert.match(await row('Plain').innerText(), /\bNo\b/);
    assert.ok(await admin.getByRole('button', { name: 'Grant the publisher role to Plain' }).isVisible(), 'Plain can be granted again');

    const publishers = new PublisherRepository(container.db);
    assert.deepEqual(
      await Promise.all(['writer', 'checker', 'plain'].map((w) => publishers.isPublisher({ id: ids[w], role: 'officer' }))),
      [true, true, false],
    );
    assert.deepEqual(
      (await audit(`officer:${ids.plain}`)).map((e) => [e.action, e.actor_id]),
      [
        ['publisher.grant', ids.admin],
        ['publisher.revoke', ids.admin],
      ],
    );
    assert.equal(await axeViolations(admin), '', 'no accessibility violations');
    await admin.screenshot({ path: path.join(SHOTS, 'publishers.png'), fullPage: true });
    await admin.locator('#lang-select').selectOption('ko');
    await until(async () => (await admin.locator('#officers-heading').innerText()) === '공지를 발송할 수 있는 사람', 'the page in Korean');
    assert.match(await row('Plain').innerText(), /담당자\s+없음\s+부여/);
    assert.equal(await axeViolations(admin), '', 'no accessibility violations in Korean');
    await admin.screenshot({ path: path.join(SHOTS, 'publishers-ko.png'), fullPage: true });

    // An officer who is not an admin is refused (the page and the API behind it).
    const plain = await loggedIn('plain@city.example', '#refused');
    assert.ok(await plain.locator('#publishers-link').isHidden(), 'no link for a non-admin');
    await plain.goto(`${server.url}/officer/publishers/`);
    await plain.locator('#refused').waitFor({ state: 'visible' });
    assert.equal(await plain.locator('#refused').innerText(), 'Only admins grant and revoke the publisher role.');
    assert.ok(await plain.locator('#officers').isHidden());
  });

  it('when a publisher edits an approved announcement waiting for its time, then the approval is withdrawn, the recipients are counted again and another publisher approves the new revision', async () => {
    const writer = await loggedIn('writer@city.example');
    await until(async () => (await writer.locator('#c-topics input').count()) > 0, 'the topics to load');
    await writer.locator('#c-title').fill('Flu shots');
    await writer.locator('#c-text-en').fill('Flu vaccinations start at the health centre.');
    await writer.locator('#c-topics input[value="domain:health"]').check();
    // In three hours (the browser's own clock and zone, as the officer would type it).
    // (A string: tsx would wrap a function's inner helpers in a __name the page lacks.)
    const later = await writer.evaluate<string>(
      "(() => { const d = new Date(Date.now() + 3 * 3600000); const p = (n) => String(n).padStart(2, '0'); return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()); })()",
    );
    await writer.locator('#c-send-at').fill(later);
    await writer.locator('#compose-submit').click();
    await until(async () => (await writer.locator('#status').innerText()).includes('2 residents'), 'the saved message');

    const checker = await loggedIn('checker@city.example');
    await checker.locator('#list tbody button').first().click();
    await checker.locator('#approve').waitFor({ state: 'visible' });
    await checker.locator('#approve').click();
    await until(async () => (await checker.locator('#detail-facts').innerText()).includes('Approved'), 'the approval');

    // The writer reopens it (approved, not yet sent) and edits the text and the topic.
    await writer.locator('#list tbody button').first().click();
    await until(async () => (await writer.locator('#detail-facts').innerText()).includes('Approved'), 'the writer to see it approved');
    await writer.locator('#edit').click();
    assert.equal(await writer.locator('#compose-heading').innerText(), 'Edit “Flu shots”');
    assert.equal(await writer.evaluate(() => document.activeElement?.id), 'compose-heading', 'focus moves to the form');
    assert.match(await writer.locator('#edit-note').innerText(), /Saving withdraws the approval/);
    assert.equal(await writer.locator('#c-text-en').inputValue(), 'Flu vaccinations start at the health centre.');
    assert.equal(await writer.locator('#c-send-at').inputValue(), later, 'the schedule is filled in');
    assert.ok(await writer.locator('#c-topics input[value="domain:health"]').isChecked());
    await writer.locator('#c-text-en').fill('Culture week begins on Monday.');
    await writer.locator('#c-text-ja').fill('月曜日から文化週間です。');
    await writer.locator('#c-topics input[value="domain:health"]').uncheck();
    await writer.locator('#c-topics input[value="domain:culture"]').check();
    assert.equal(await axeViolations(writer), '', 'no accessibility violations while editing');
    await writer.screenshot({ path: path.join(SHOTS, 'announcement-editing.png'), fullPage: true });
    await writer.locator('#compose-submit').click();
    await until(async () => (await writer.locator('#status').innerText()).includes('earlier approval is withdrawn'), 'the saved edit');
    assert.match(await writer.locator('#status').innerText(), /revision 2\. .* would reach 1 residents now/);
    assert.equal(await writer.locator('#compose-heading').innerText(), 'New announcement', 'the form is back to composing');
    await until(async () => (await writer.locator('#detail-facts').innerText()).includes('Culture week begins on Monday.'), 'the edited text in the detail');
    const facts = await writer.locator('#detail-facts').innerText();
    assert.match(facts, /Awaiting approval/);
    assert.match(facts, /revision 2/);
    assert.match(await writer.locator('#detail-counts').innerText(), /LINE\s+1/);
    assert.doesNotMatch(await writer.locator('#detail-counts').innerText(), /Web chat/);
    assert.ok(await writer.locator('#approve').isHidden(), 'its author and editor cannot approve it');
    await writer.screenshot({ path: path.join(SHOTS, 'announcement-edited.png'), fullPage: true });

    const id = (await container.db.query<{ id: string }>("SELECT id FROM alert_announcements WHERE title = 'Flu shots'")).rows[0].id;
    const edit = (await audit(`announcement:${id}`)).find((e) => e.action === 'announcement.edit');
    assert.equal(edit?.actor_id, ids.writer);
    assert.equal(edit?.detail.approvalWithdrawnFrom, ids.checker);
    assert.deepEqual(edit?.detail.fields, ['texts', 'topics']);

    // The checker sees it awaiting approval again and approves the new revision.
    await checker.locator('#list tbody button').first().click();
    await until(async () => (await checker.locator('#detail-facts').innerText()).includes('Culture week begins on Monday.'), 'the checker to see the edit');
    await checker.locator('#approve').waitFor({ state: 'visible' });
    await checker.locator('#approve').click();
    await until(async () => (await checker.locator('#status').innerText()).includes('Approved'), 'the second approval');
    const stored = (await container.db.query<{ status: string; approved_by: string; revision: number }>('SELECT status, approved_by, revision FROM alert_announcements WHERE id = $1', [id])).rows[0];
    assert.deepEqual([stored.status, stored.approved_by, stored.revision], ['approved', ids.checker, 2]);
  });
});
