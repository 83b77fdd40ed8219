/**
 * The widget in a real headless Chromium: demo page served by Express with the real web chat
 * endpoint, axe-core with zero violations (closed, open, after an answer), keyboard-only use,
 * a streamed answer announced once, and the transcript restored after a reload.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createDemoPageRouter } from '../../../adapters/webchat/demo-page';
import { WebchatAdapter } from '../../../adapters/webchat/webchat-adapter';
import { InProcessWebchatBus } from '../../../adapters/webchat/webchat-bus';
import { ANSWERS, languageBot } from '../helpers/language-bot';
import { MemoryTranscript } from '../helpers/memory-transcript';
import { serve, type Served } from '../helpers/serve';

const CHROMIUM = '/usr/bin/chromium';
const AXE = path.resolve(__dirname, '..', '..', '..', 'node_modules', 'axe-core', 'axe.min.js');

interface AxeResult {
  passes: unknown[];
  violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
}

async function axe(page: Page): Promise<AxeResult['violations']> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document) => Promise<AxeResult> } };
    return w.axe.run(document);
  });
  assert.ok(result.passes.length > 10, 'axe did not run its checks');
  return result.violations;
}

function describeViolations(v: AxeResult['violations']): string {
  return v.map((x) => `${x.id} (${x.impact}): ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}

describe('web chat widget in headless Chromium', function () {
  this.timeout(60000);
  let browser: Browser;
  let served: Served;
  let adapter: WebchatAdapter;

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error('chromium is required in CI (apt-get install -y chromium)');
      console.warn('  (skipping browser test: /usr/bin/chromium missing; apt-get install -y chromium)');
      this.skip();
    }
    const transcript = new MemoryTranscript();
    adapter = new WebchatAdapter({ tokenSecret: 'browser-test-secret', bus: new InProcessWebchatBus(), transcript, log: pino({ level: 'silent' }) });
    adapter.use(transcript);
    served = await serve(adapter, languageBot({ stream: true, delayMs: 50 }), (app) => app.use(createDemoPageRouter({ defaultLang: 'en' })));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  after(async () => {
    await browser?.close();
    await adapter?.drain();
    await served?.close();
  });

  it('when a resident uses the widget with the keyboard only, then it passes axe, answers in Korean, announces the streamed answer once and restores the history after a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${served.url}/?lang=ko`);
    const launcher = page.locator('.mdg-launcher');
    await launcher.waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'ko');
    assert.equal(await page.getAttribute('.mdg-root', 'lang'), 'ko');
    let violations = await axe(page);
    assert.equal(violations.length, 0, describeViolations(violations));

    // Keyboard: Tab to the launcher and open it with Enter; focus moves into the input.
    await launcher.focus();
    await page.keyboard.press('Enter');
    await page.locator('#mdg-panel').waitFor({ state: 'visible' });
    assert.equal(await launcher.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('.mdg-launcher-text').innerText(), '민원 챗봇 닫기', 'the open launcher says it closes the chat');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'mdg-input');
    violations = await axe(page);
    assert.equal(violations.length, 0, describeViolations(violations));

    // Record what the live region would announce: added nodes that are not aria-hidden.
    await page.evaluate(() => {
      const w = window as unknown as { announced: string[] };
      w.announced = [];
      const log = document.querySelector('[role="log"]');
      new MutationObserver((records) => {
        for (const r of records) {
          for (const n of Array.from(r.addedNodes)) {
            if (n instanceof HTMLElement && n.closest('[aria-hidden="true"]') === null) w.announced.push(n.textContent ?? '');
          }
        }
      }).observe(log as Node, { childList: true, subtree: true, characterData: true });
    });
    await page.keyboard.type('아동수당은 어떻게 신청하나요?');
    await page.keyboard.press('Enter');
    const answer = page.locator('.mdg-msg-bot:not(.mdg-streaming)', { hasText: ANSWERS.ko });
    await answer.waitFor({ timeout: 10000 });
    assert.equal(await answer.locator('a[href="https://city.example/child-allowance"]').count(), 1);
    assert.equal(await page.locator('.mdg-streaming').count(), 0, 'partial bubble replaced by the final one');
    const announced = await page.evaluate(() => (window as unknown as { announced: string[] }).announced);
    assert.equal(announced.filter((t) => t.includes(ANSWERS.ko)).length, 1, `announced once: ${JSON.stringify(announced)}`);
    const suggestions = page.locator('.mdg-suggestion');
    assert.deepEqual(await suggestions.allTextContents(), ['Office hours', 'Talk to a person']);
    violations = await axe(page);
    assert.equal(violations.length, 0, describeViolations(violations));

    // Escape closes and gives focus back to the launcher.
    await page.keyboard.press('Escape');
    await page.locator('#mdg-panel').waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('mdg-launcher')), true);
    assert.equal(await launcher.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('.mdg-launcher-text').innerText(), '민원 챗봇 열기');

    // Reload: the conversation comes back from the history endpoint.
    await page.reload();
    await page.locator('.mdg-launcher').click();
    await page.locator('.mdg-msg-bot', { hasText: ANSWERS.ko }).waitFor({ timeout: 10000 });
    assert.equal(await page.locator('.mdg-msg-user', { hasText: '아동수당은 어떻게 신청하나요?' }).count(), 1);
    await page.close();
  });

  it('when the page is narrow (a phone) in Japanese, then the open panel fills the screen and still passes axe', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 700 }, isMobile: true });
    await page.goto(`${served.url}/?lang=ja`);
    await page.locator('.mdg-launcher').click();
    const box = await page.locator('#mdg-panel').boundingBox();
    assert.ok(box && box.width >= 370 && box.height >= 690, JSON.stringify(box));
    assert.equal(await page.locator('.mdg-send').textContent(), '送信');
    const violations = await axe(page);
    assert.equal(violations.length, 0, describeViolations(violations));
    await page.close();
  });
});
