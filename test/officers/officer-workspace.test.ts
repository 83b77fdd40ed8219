/**
 * The officers' workspace through the real server (container + HTTP host, embedded PGlite in
 * memory, the bundled knowledge base, no LLM; an Emulator resident whose replies go to a local
 * sink): document search across languages, asking the documents, and the drafted reply built from
 * the whole conversation — never sent by itself.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BUNDLED_KB_DIR, loadConfig } from '../../bot/config';
import { runEligibility } from '../../bot/commands/eligibility-command';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { addOfficer } from '../../bot/commands/officer-command';
import { HandoffRepository } from '../../officers/handoff-repository';
import { t } from '../../locales/i18n';
import { emulatorActivity, startReplySink, type ReplySink } from '../helpers/reply-sink';
import { OllamaTestServer } from '../helpers/ollama-test-server';
import { api, officeOpenNowEnv, officerToken, until } from '../integration/integration-helpers';

const log = pino({ level: 'silent' });
/** A Hanbit resident of 70 living alone on a small income: some programmes fit, some do not. */
const SCREEN_FACTS = { age: 70, householdSize: 1, income: { amount: 800000, currency: 'KRW', period: 'month' }, residence: { area: 'hanbit', years: 3 } };
const CHROMIUM = '/usr/bin/chromium';
const AXE = path.resolve(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
/** Screenshots for a person to look at (SCREENSHOT_DIR, or a temporary folder). */
const SHOTS = process.env.SCREENSHOT_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-desk-'));

async function axeViolations(page: Page): Promise<string> {
  // Evaluated through the DevTools protocol: the page's CSP (no inline scripts) stays in force.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(AXE, 'utf8'));
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document) => Promise<{ passes: unknown[]; violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } };
    return w.axe.run(document);
  });
  assert.ok(result.passes.length > 10, 'axe did not run its checks');
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n');
}
const PASSWORD = 'correct horse battery staple';

interface Hit {
  docId: string;
  title: string;
  section: string | null;
  text: string;
  url: string | null;
  updated: string | null;
  lang: string;
  score: number;
}

async function boot(env: Record<string, string>): Promise<{ container: Container; server: RunningServer }> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: '', BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true', ...officeOpenNowEnv(), ...env }, null);
  const container = await buildContainer(config, log, { inMemoryDatabase: true });
  const server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, beginShutdown: container.beginShutdown, onShutdown: [container.shutdown] });
  return { container, server };
}

describe('officer workspace through the real server (no LLM)', function () {
  this.timeout(120000);
  let running: { container: Container; server: RunningServer };
  let sink: ReplySink;
  let token: string;
  const url = () => running.server.url;

  before(async () => {
    sink = await startReplySink();
    running = await boot({ LLM_ENABLED: 'false', OLLAMA_BASE_URL: 'http://127.0.0.1:1' });
    await addOfficer(running.container.db, { email: 'desk@city.example', name: 'Desk Officer', role: 'officer' }, async () => PASSWORD, 4);
    token = await officerToken(url(), 'desk@city.example', PASSWORD);
  });
  after(async () => {
    await running?.server.stop();
    await sink?.close();
  });

  async function residentSays(conversationId: string, text: string): Promise<void> {
    const before = sink.received.filter((r) => r.activity.type === 'message').length;
    const res = await fetch(`${url()}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(emulatorActivity(sink, conversationId, text)) });
    assert.equal(res.status, 200);
    await sink.waitForMessages(before + 1);
  }
  const toResident = (conversationId: string) => sink.received.filter((r) => r.activity.type === 'message' && r.path.includes(encodeURIComponent(conversationId))).map((r) => r.activity.text ?? '');

  it('when an officer searches in Korean for after-school care, then the Japanese document ranks first with its title, section, text, link and date, and the search is audited', async () => {
    const res = await api<{ lang: string; results: Hit[] }>(url(), 'GET', `/api/officer/knowledge/search?q=${encodeURIComponent('방과후 돌봄 신청')}`, token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.lang, 'ko');
    const top = res.body.results[0];
    assert.equal(top.docId, 'sakuradai-afterschool-club');
    assert.equal(top.lang, 'ja');
    assert.match(top.title, /放課後児童クラブ/);
    assert.equal(typeof top.section, 'string');
    assert.ok(top.text.length > 20);
    assert.equal(top.url, null, 'this document names no page');
    assert.equal(top.updated, '2025-04-01');
    const scores = res.body.results.map((r) => r.score);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'ranked best first');

    const audit = await running.container.db.query<{ action: string; detail: { q: string; results: number } }>("SELECT action, detail FROM audit_log WHERE action = 'knowledge.search'");
    assert.ok(audit.rows.some((r) => r.detail.q === '방과후 돌봄 신청' && r.detail.results === res.body.results.length));
  });

  it('when an officer searches in English for a Korean programme the glossary names, then the Korean document is found', async () => {
    const res = await api<{ results: Hit[] }>(url(), 'GET', `/api/officer/knowledge/search?q=${encodeURIComponent('basic pension documents')}&limit=3`, token);
    assert.equal(res.status, 200);
    assert.ok(res.body.results.length <= 3);
    assert.equal(res.body.results[0].docId, 'hanbit-basic-pension');
    assert.equal(res.body.results[0].lang, 'ko');
    assert.equal(res.body.results[0].url, 'https://www.hanbit.example.kr/welfare/basic-pension');
    assert.match(String(res.body.results[0].updated), /^\d{4}-\d{2}-\d{2}$/);
  });

  it('when the search has no session or no query, then 401 and 400', async () => {
    assert.equal((await api(url(), 'GET', '/api/officer/knowledge/search?q=x')).status, 401);
    assert.equal((await api(url(), 'GET', '/api/officer/knowledge/search?q=', token)).status, 400);
    assert.equal((await api(url(), 'GET', '/api/officer/knowledge/search?q=x&limit=500', token)).status, 400);
  });

  it('when an officer asks the documents without an LLM, then the answer quotes the passage in the asked language with its citation', async () => {
    const res = await api<{ lang: string; answer: { text: string; mode: string; citations: { docId: string; url?: string }[] } | null }>(url(), 'POST', '/api/officer/knowledge/ask', token, {
      question: 'How do I apply for the single-parent allowance?',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.lang, 'en');
    assert.equal(res.body.answer?.mode, 'extractive');
    assert.equal(res.body.answer?.citations[0].docId, 'sakuradai-single-parent-allowance');
    assert.match(res.body.answer.text, /\[1\]/);
  });

  it('when the resident last said "I want to talk to a human officer", then the draft answers their earlier question in their language, is audited as a draft, and only what the officer sends reaches them', async () => {
    const conversation = 'draft-1';
    await residentSays(conversation, 'How do I apply for a library card in Maple Bay?');
    await residentSays(conversation, 'I want to talk to a human officer');
    const handoff = await new HandoffRepository(running.container.db).findOpen('emulator', conversation);
    assert.equal(handoff?.status, 'queued');
    assert.equal((await api(url(), 'POST', `/api/officer/handoffs/${handoff.id}/claim`, token)).status, 200);
    const sentBefore = toResident(conversation).length;

    const res = await api<{ suggestion: { text: string; draft: boolean; lang: string; basedOn: string[]; citations: { title: string; url?: string }[] } | null }>(
      url(),
      'GET',
      `/api/officer/handoffs/${handoff.id}/suggestion`,
      token,
    );
    assert.equal(res.status, 200);
    const draft = res.body.suggestion!;
    assert.equal(draft.draft, true);
    assert.equal(draft.lang, 'en');
    assert.deepEqual(draft.basedOn, ['How do I apply for a library card in Maple Bay?']);
    assert.match(draft.citations[0].title, /Library/i);
    assert.doesNotMatch(draft.text, /Disability/i);
    assert.match(draft.text, /^Hello/);
    assert.match(draft.text, /Sources\n\[1\] .*Library/i);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(toResident(conversation).length, sentBefore, 'a draft is never sent by itself');

    const audit = await running.container.db.query<{ action: string; detail: Record<string, unknown> }>('SELECT action, detail FROM audit_log WHERE target = $1 ORDER BY id', [`handoff:${handoff.id}`]);
    const drafted = audit.rows.find((r) => r.action === 'handoff.draft');
    assert.equal(drafted?.detail.draft, true);
    assert.equal(drafted?.detail.sent, false);

    const edited = `${draft.text.split('\n\n')[0]}\n\nYou can get a library card at any Maple Bay branch with photo ID.`;
    assert.equal((await api(url(), 'POST', `/api/officer/handoffs/${handoff.id}/messages`, token, { text: edited, fromDraft: true })).status, 201);
    await until(() => toResident(conversation).length > sentBefore, 'the reply at the resident');
    assert.deepEqual(toResident(conversation).slice(sentBefore), [edited]);
    const sent = await running.container.db.query<{ detail: Record<string, unknown> }>("SELECT detail FROM audit_log WHERE target = $1 AND action = 'handoff.message'", [`handoff:${handoff.id}`]);
    assert.equal(sent.rows[0]?.detail.fromDraft, true);
  });

  describe('in the console (headless Chromium)', () => {
    let browser: Browser | undefined;
    before(async function () {
      if (!fs.existsSync(CHROMIUM)) {
        if (process.env.CI) throw new Error('chromium is required in CI (apt-get install -y chromium)');
        console.warn('  (skipping browser test: /usr/bin/chromium missing; apt-get install -y chromium)');
        this.skip();
      }
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      });
    });
    after(async () => browser?.close());

    it('when an officer claims a Korean case, searches in English, inserts the Japanese passage, edits and sends, then the resident receives exactly the edited text and axe finds nothing', async () => {
      const conversation = 'browser-desk';
      await residentSays(conversation, '방과후 돌봄은 어떻게 신청하나요?');
      await residentSays(conversation, '상담원 연결해 주세요');
      const handoff = await new HandoffRepository(running.container.db).findOpen('emulator', conversation);
      assert.equal(handoff?.status, 'queued');

      const page = await browser!.newPage({ locale: 'en-US', viewport: { width: 1440, height: 1000 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
      });
      // Every request of the console succeeds, except the session probe before login and the favicon.
      page.on('response', (r) => {
        if (r.status() >= 400 && !/\/api\/officer\/me$|favicon/.test(r.url())) errors.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${url()}/officer/`);
      await page.locator('#login-email').fill('desk@city.example');
      await page.locator('#login-password').fill(PASSWORD);
      await page.locator('#login-form button').click();
      await page.locator('#app-view').waitFor({ state: 'visible' });
      await page.locator(`.queue-item[data-id="${handoff.id}"]`).click();
      await page.locator('#case-view').waitFor({ state: 'visible' });

      // Claim with the keyboard shortcut.
      await page.keyboard.press('Alt+KeyC');
      await until(async () => (await page.locator('#f-status').innerText()) === 'Assigned', 'claimed');
      // The resident is told an officer joined; from here on they get only what the officer sends.
      await until(() => toResident(conversation).includes(t('ko', 'handoff.officerJoined')), 'the joined notice');
      const sentBefore = toResident(conversation).length;

      // "Search with the resident's question": their need, not "상담원 연결해 주세요".
      await page.locator('#desk-from-case').click();
      await until(async () => (await page.locator('#desk-query').inputValue()) === '방과후 돌봄은 어떻게 신청하나요?', 'the question in the search box');
      await page.locator('#desk-results .hit').first().waitFor();

      // The officer searches in English; the document is Japanese, the resident Korean.
      await page.keyboard.press('Alt+KeyK');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('after-school club application');
      await page.keyboard.press('Enter');
      await until(async () => /After-School/.test(await page.locator('#desk-results .hit-title').first().innerText()), 'the Japanese document first');
      const first = page.locator('#desk-results .hit').first();
      assert.match(await first.locator('.meta').innerText(), /JA/);
      assert.match(await first.locator('.meta').innerText(), /updated 2025-04-01/);
      assert.equal(await axeViolations(page), '');
      await page.screenshot({ path: path.join(SHOTS, 'desk-results.png'), fullPage: true });

      // Alt+I inserts the first passage with its source.
      await page.keyboard.press('Alt+KeyI');
      const inserted = await page.locator('#reply-text').inputValue();
      assert.match(inserted, /放課後児童クラブ/);
      assert.match(inserted, /— .*After-School Childcare Club.*\(2025-04-01\)/);
      // The officer edits: a greeting of their own in Korean above the passage.
      await page.locator('#reply-text').press('Control+Home');
      await page.keyboard.type('안녕하세요. 아래는 사쿠라다이시의 안내문입니다.\n');
      // The team's Korean address template (kept by the supervisor above) goes at the end.
      await page.locator('#reply-text').press('Control+End');
      await page.locator('#tpl-team').selectOption('welfare');
      await page.locator('#tpl-list li', { hasText: '한빛시청 본관 2층 복지정책과' }).locator('.tpl-insert').click();
      assert.match(await page.locator('#reply-text').inputValue(), /\(2025-04-01\)\n\n한빛시청 본관 2층 복지정책과$/);
      const edited = (await page.locator('#reply-text').inputValue()).trim();
      await page.screenshot({ path: path.join(SHOTS, 'desk-inserted.png'), fullPage: true });
      await page.keyboard.press('Control+Enter');
      await until(() => toResident(conversation).length > sentBefore, 'the reply at the resident');
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(toResident(conversation).slice(sentBefore), [edited], 'exactly what the officer sent, nothing else');
      await until(async () => (await page.locator('#f-status').innerText()) === 'In conversation', 'active');

      // The resident asked something the documents only half answer: flag it for the content team.
      await page.locator('#gap-note').fill('No Korean document on after-school care in Hanbit');
      await page.locator('#gap-flag').click();
      await until(async () => (await page.locator('#status').innerText()).includes('Knowledge gap flagged'), 'flagged');
      const gap = await running.container.db.query<{ note: string; question: string }>('SELECT note, question FROM knowledge_gaps WHERE handoff_id = $1', [handoff.id]);
      assert.deepEqual(gap.rows, [{ note: 'No Korean document on after-school care in Hanbit', question: '방과후 돌봄은 어떻게 신청하나요?' }]);
      assert.equal(await axeViolations(page), '');

      // Alt+R resolves once the outcome is written.
      await page.locator('#outcome').fill('Explained the after-school club application');
      await page.keyboard.press('Alt+KeyR');
      await until(async () => (await page.locator('#f-status').innerText()) === 'Resolved', 'resolved');
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('when an officer screens facts in the console, then the verdicts are those of `madoguchi eligibility` and axe finds nothing', async () => {
      const page = await browser!.newPage({ locale: 'en-US', viewport: { width: 1440, height: 1000 } });
      await page.goto(`${url()}/officer/`);
      await page.locator('#login-email').fill('desk@city.example');
      await page.locator('#login-password').fill(PASSWORD);
      await page.locator('#login-form button').click();
      await page.locator('#app-view').waitFor({ state: 'visible' });
      await page.locator('#screen-box summary').click();
      await page.locator('#sf-age').fill('70');
      await page.locator('#sf-household').fill('1');
      await page.locator('#sf-income').fill('800000');
      await page.locator('#sf-area').fill('hanbit');
      await page.locator('#sf-years').fill('3');
      await page.locator('#screen-run').click();
      await page.locator('#screen-results li').first().waitFor();
      const shown = await page.locator('#screen-results li').evaluateAll((items) => items.map((li) => ({ id: li.getAttribute('data-id'), status: li.getAttribute('data-status') })));
      const cli = runEligibility({ kb: BUNDLED_KB_DIR, profile: JSON.stringify(SCREEN_FACTS), lang: 'en' }).rows;
      assert.deepEqual(shown, cli.map(({ id, status }) => ({ id, status })));
      assert.equal(await axeViolations(page), '');
      await page.screenshot({ path: path.join(SHOTS, 'desk-screening.png'), fullPage: true });
      await page.close();
    });

    it('when a supervisor adds a template in the console, then it is stored, listed for the team, the gap export is offered, and axe finds nothing in Japanese', async () => {
      const page = await browser!.newPage({ locale: 'ja-JP', viewport: { width: 1440, height: 1000 } });
      await page.goto(`${url()}/officer/`);
      await page.locator('#login-email').fill('lead@city.example');
      await page.locator('#login-password').fill(PASSWORD);
      await page.locator('#login-form button').click();
      await page.locator('#app-view').waitFor({ state: 'visible' });
      await until(async () => (await page.locator('#desk-heading').innerText()) === '市の公式文書', 'Japanese console');
      await page.locator('#tpl-manage summary').click();
      await page.locator('#tpl-form-team').fill('welfare');
      await page.locator('#tpl-form-lang').selectOption('ja');
      await page.locator('#tpl-form-kind').selectOption('documents');
      await page.locator('#tpl-form-text').fill('本人確認書類と印鑑をお持ちください。');
      await page.locator('#tpl-form button').click();
      await until(async () => (await page.locator('#tpl-list').innerText()).includes('本人確認書類と印鑑'), 'listed for the team in Japanese');
      const stored = await running.container.db.query<{ text: string }>("SELECT text FROM reply_templates WHERE team = 'welfare' AND lang = 'ja' AND kind = 'documents'");
      assert.equal(stored.rows[0]?.text, '本人確認書類と印鑑をお持ちください。');
      assert.equal(await page.locator('#gap-export a').getAttribute('href'), '/api/officer/knowledge/gaps/export?format=csv');
      assert.equal(await axeViolations(page), '');
      await page.screenshot({ path: path.join(SHOTS, 'desk-supervisor-ja.png'), fullPage: true });
      await page.close();
    });
  });

  it('when a supervisor keeps a team\'s Korean templates, then officers read them, the team\'s draft opens and closes with them, and officers cannot change them', async () => {
    await addOfficer(running.container.db, { email: 'lead@city.example', name: 'Lead', role: 'supervisor' }, async () => PASSWORD, 4);
    const lead = await officerToken(url(), 'lead@city.example', PASSWORD);
    const greeting = await api<{ template: { id: string } }>(url(), 'PUT', '/api/officer/templates', lead, { team: 'welfare', lang: 'ko', kind: 'greeting', text: '안녕하세요, 복지정책과 상담원입니다.' });
    assert.equal(greeting.status, 200, JSON.stringify(greeting.body));
    assert.equal((await api(url(), 'PUT', '/api/officer/templates', lead, { team: 'welfare', lang: 'ko', kind: 'closing', text: '더 궁금하신 점은 언제든지 물어보세요.' })).status, 200);
    assert.equal((await api(url(), 'PUT', '/api/officer/templates', lead, { team: 'welfare', lang: 'ko', kind: 'address', text: '한빛시청 2층 복지정책과' })).status, 200);
    // Saving again replaces the slot.
    assert.equal((await api(url(), 'PUT', '/api/officer/templates', lead, { team: 'welfare', lang: 'ko', kind: 'address', text: '한빛시청 본관 2층 복지정책과' })).status, 200);
    assert.equal((await api(url(), 'PUT', '/api/officer/templates', token, { team: 'welfare', lang: 'ko', kind: 'greeting', text: 'x' })).status, 403);
    assert.equal((await api(url(), 'PUT', '/api/officer/templates', lead, { team: 'welfare', lang: 'ko', kind: 'signature', text: 'x' })).status, 400);
    const listed = await api<{ templates: { kind: string; text: string }[] }>(url(), 'GET', '/api/officer/templates?team=welfare&lang=ko', token);
    assert.deepEqual(listed.body.templates.map((x) => x.kind), ['greeting', 'address', 'closing']);
    assert.equal(listed.body.templates[1].text, '한빛시청 본관 2층 복지정책과');

    const conversation = 'draft-team';
    await residentSays(conversation, '기초연금 신청할 때 필요한 서류가 뭐예요?');
    await residentSays(conversation, '담당자와 통화하고 싶어요');
    const handoff = await new HandoffRepository(running.container.db).findOpen('emulator', conversation);
    assert.ok(handoff);
    assert.equal((await api(url(), 'POST', `/api/officer/handoffs/${handoff.id}/claim`, token)).status, 200);
    const res = await api<{ suggestion: { text: string; lang: string; basedOn: string[] } }>(url(), 'GET', `/api/officer/handoffs/${handoff.id}/suggestion?team=welfare`, token);
    assert.equal(res.body.suggestion.lang, 'ko');
    assert.deepEqual(res.body.suggestion.basedOn, ['기초연금 신청할 때 필요한 서류가 뭐예요?']);
    assert.match(res.body.suggestion.text, /^안녕하세요, 복지정책과 상담원입니다\.\n\n/);
    assert.match(res.body.suggestion.text, /출처\n\[1\] 기초연금/);
    assert.match(res.body.suggestion.text, /\n\n더 궁금하신 점은 언제든지 물어보세요\.$/);

    assert.equal((await api(url(), 'DELETE', `/api/officer/templates/${greeting.body.template.id}`, token)).status, 403);
    assert.equal((await api(url(), 'DELETE', `/api/officer/templates/${greeting.body.template.id}`, lead)).status, 204);
    assert.equal((await api(url(), 'DELETE', `/api/officer/templates/${greeting.body.template.id}`, lead)).status, 404);
  });

  it('when an officer flags that the documents lack something, then the flag keeps the note and the resident\'s need, and only supervisors list and export it as CSV', async () => {
    const conversation = 'gap-1';
    await residentSays(conversation, 'Can I get help paying for my dog\'s vet bills?');
    await residentSays(conversation, 'I want to talk to a person');
    const handoff = await new HandoffRepository(running.container.db).findOpen('emulator', conversation);
    assert.ok(handoff);
    const flagged = await api<{ gap: { id: number; question: string; note: string } }>(url(), 'POST', `/api/officer/handoffs/${handoff.id}/gaps`, token, { note: '=No document on pet costs; residents ask monthly' });
    assert.equal(flagged.status, 201, JSON.stringify(flagged.body));
    assert.equal(flagged.body.gap.question, "Can I get help paying for my dog's vet bills?");
    assert.equal((await api(url(), 'POST', `/api/officer/handoffs/${handoff.id}/gaps`, token, { note: '' })).status, 400);
    assert.equal((await api(url(), 'GET', '/api/officer/knowledge/gaps', token)).status, 403);
    assert.equal((await api(url(), 'GET', '/api/officer/knowledge/gaps/export', token)).status, 403);
    const lead = await officerToken(url(), 'lead@city.example', PASSWORD);
    const listed = await api<{ gaps: { note: string; officerName: string }[] }>(url(), 'GET', '/api/officer/knowledge/gaps', lead);
    assert.equal(listed.body.gaps[0].officerName, 'Desk Officer');
    const csv = await fetch(`${url()}/api/officer/knowledge/gaps/export?format=csv`, { headers: { authorization: `Bearer ${lead}` } });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
    assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="knowledge-gaps-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (await csv.text()).trim().split('\n');
    assert.equal(lines[0], 'id,createdAt,handoffId,officer,lang,question,note');
    assert.match(lines[1], new RegExp(`"${handoff.id}","Desk Officer","en","Can I get help paying for my dog's vet bills\\?","'=No document on pet costs; residents ask monthly"$`));
  });

  it('when an officer screens entered facts, then every verdict, reason and missing fact equals `madoguchi eligibility`, and the audit keeps only which facts were given', async () => {
    for (const lang of ['en', 'ko'] as const) {
      const res = await api<{ results: { id: string; title: string; status: string; reasons: string[]; missing: string[] }[]; replyText: string }>(url(), 'POST', '/api/officer/screening', token, { facts: SCREEN_FACTS, lang });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const cli = runEligibility({ kb: BUNDLED_KB_DIR, profile: JSON.stringify(SCREEN_FACTS), lang }).rows;
      assert.deepEqual(res.body.results.map(({ id, status, reasons, missing }) => ({ id, status, reasons, missing })), cli);
      assert.ok(cli.some((r) => r.status === 'eligible') && cli.some((r) => r.status === 'not_eligible'), 'the facts give both verdicts');
      assert.match(res.body.replyText, new RegExp(t(lang, 'eligibility.result.finalDecision').slice(0, 12)));
    }
    assert.equal((await api(url(), 'POST', '/api/officer/screening', token, { facts: { age: -3 } })).status, 400);
    assert.equal((await api(url(), 'POST', '/api/officer/screening', token, { facts: { shoeSize: 42 } })).status, 400);
    const audit = await running.container.db.query<{ detail: { facts: string[] } }>("SELECT detail FROM audit_log WHERE action = 'eligibility.screen'");
    assert.deepEqual(audit.rows[0].detail.facts, ['age', 'householdSize', 'income', 'residence']);
    assert.ok(!JSON.stringify(audit.rows).includes('800000'), 'no fact values in the audit log');
  });

  it('when the resident said nothing but "a person, please", then there is no draft and nothing is sent', async () => {
    const conversation = 'draft-2';
    await residentSays(conversation, '상담원 연결해 주세요');
    const handoff = await new HandoffRepository(running.container.db).findOpen('emulator', conversation);
    assert.ok(handoff);
    const res = await api<{ suggestion: unknown }>(url(), 'GET', `/api/officer/handoffs/${handoff.id}/suggestion`, token);
    assert.equal(res.status, 200);
    assert.equal(res.body.suggestion, null);
  });
});

describe('officer workspace with an LLM (Ollama wire-protocol test server)', function () {
  this.timeout(120000);
  let ollama: OllamaTestServer;
  let sink: ReplySink;
  let running: { container: Container; server: RunningServer };

  before(async () => {
    ollama = new OllamaTestServer({
      // The resident's draft is asked in English, the officer's question in Japanese.
      reply: (req) => (req.messages.some((m) => m.content.includes('library card')) ? 'Bring photo ID to any Maple Bay library branch [1].' : '市役所こども家庭課の窓口で申請します [1]。'),
    });
    sink = await startReplySink();
    const ollamaUrl = await ollama.start();
    running = await boot({ OLLAMA_BASE_URL: ollamaUrl, OLLAMA_TIMEOUT_MS: '3000' });
    await addOfficer(running.container.db, { email: 'llm@city.example', name: 'LLM Officer', role: 'officer' }, async () => PASSWORD, 4);
  });
  after(async () => {
    await running?.server.stop();
    await ollama?.stop();
    await sink?.close();
  });

  it('when Ollama is reachable, then the draft for the resident\'s earlier question is written by the LLM, framed and cited, and not sent', async () => {
    const token = await officerToken(running.server.url, 'llm@city.example', PASSWORD);
    for (const text of ['How do I get a library card in Maple Bay?', 'I want to talk to a human officer']) {
      const before = sink.received.filter((r) => r.activity.type === 'message').length;
      await fetch(`${running.server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(emulatorActivity(sink, 'llm-draft', text)) });
      await sink.waitForMessages(before + 1);
    }
    const handoff = await new HandoffRepository(running.container.db).findOpen('emulator', 'llm-draft');
    assert.ok(handoff);
    const sent = sink.received.length;
    const res = await api<{ suggestion: { text: string; mode: string; citations: { title: string }[] } }>(running.server.url, 'GET', `/api/officer/handoffs/${handoff.id}/suggestion`, token);
    // The bot already answered this question with the LLM: the draft reuses that answer from the cache.
    assert.ok(['llm', 'cache'].includes(res.body.suggestion.mode), res.body.suggestion.mode);
    assert.match(res.body.suggestion.text, /^Hello[^\n]*\n\nBring photo ID to any Maple Bay library branch \[1\]/);
    assert.match(res.body.suggestion.text, /Sources\n\[1\] .*Library/i);
    assert.equal(sink.received.length, sent, 'nothing sent');
  });

  it('when Ollama is reachable, then the officer\'s question is answered by the answer chain, grounded and cited', async () => {
    const token = await officerToken(running.server.url, 'llm@city.example', PASSWORD);
    const res = await api<{ answer: { text: string; mode: string; citations: { docId: string }[] } | null }>(running.server.url, 'POST', '/api/officer/knowledge/ask', token, {
      question: 'ひとり親の手当はどう申請しますか',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.answer?.mode, 'llm');
    assert.match(res.body.answer.text, /こども家庭課/);
    assert.equal(res.body.answer?.citations[0].docId, 'sakuradai-single-parent-allowance');
    const chat = ollama.chatRequests().at(-1)!;
    assert.ok(chat.messages.some((m) => m.content.includes('ひとり親')), 'the question reached the chain');
  });
});
