/**
 * Safety and routing through the real Bot Framework endpoint: the container, Express, the
 * CloudAdapter and the learned triage, with Emulator-style activities POSTed to /api/messages and
 * replies collected at a local serviceUrl. The second part runs against the Ollama wire-protocol
 * TEST DOUBLE (a stand-in for a city's Ollama host, never the product default) to show the LLM's
 * safety review raising a message to a crisis.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { emulatorActivity, startReplySink, type ReplySink } from '../helpers/reply-sink';
import { OllamaTestServer, quoteFirstPassage } from '../helpers/ollama-test-server';
import { t } from '../../locales/i18n';

const log = pino({ level: 'silent' });
const SAMPLE_KB = path.resolve(__dirname, '..', '..', 'knowledge', 'sample-kb');

/** The sample documents without any `eligibility:` rules (a city that has not written any). */
function kbWithoutScreenablePrograms(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-kb-noscreen-'));
  for (const f of fs.readdirSync(SAMPLE_KB).filter((x) => x.endsWith('.md'))) {
    const text = fs.readFileSync(path.join(SAMPLE_KB, f), 'utf8');
    if (!/^eligibility:/m.test(text)) fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

async function boot(env: Record<string, string>): Promise<{ container: Container; server: RunningServer }> {
  const config = loadConfig(
    { PORT: '0', HOST: '127.0.0.1', OLLAMA_BASE_URL: 'http://127.0.0.1:1', LOG_LEVEL: 'silent', BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true', ...env },
    null,
  );
  const container = await buildContainer(config, log, { inMemoryDatabase: true });
  const server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, onShutdown: [container.shutdown] });
  return { container, server };
}

/** Posts one message in a new conversation; returns the bot's messages (privacy notice dropped) and their routes. */
async function converse(server: RunningServer, sink: ReplySink, conversation: string, text: string, expected: number) {
  const before = sink.received.filter((r) => r.activity.type === 'message').length;
  const res = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(emulatorActivity(sink, conversation, text)),
  });
  assert.equal(res.status, 200);
  const all = await sink.waitForMessages(before + expected);
  const mine = all.slice(before).filter((r) => (r.activity.conversation as { id?: string } | undefined)?.id === conversation).slice(1);
  return mine.map((r) => ({
    text: r.activity.text ?? '',
    route: (r.activity.channelData as { madoguchi?: { route?: string } } | undefined)?.madoguchi?.route,
  }));
}

describe('safety and routing through the Bot Framework endpoint', function () {
  this.timeout(90000);
  let sink: ReplySink;
  let running: { container: Container; server: RunningServer };
  let kbDir: string;
  let n = 0;
  const say = (text: string, expected: number) => converse(running.server, sink, `route-${++n}`, text, expected);

  before(async () => {
    sink = await startReplySink();
    kbDir = kbWithoutScreenablePrograms();
    running = await boot({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-route-')), KB_DIR: kbDir });
  });
  after(async () => {
    await running?.server.stop();
    await sink?.close();
    fs.rmSync(kbDir, { recursive: true, force: true });
  });

  const emergencies: [string, string][] = [
    ['en', 'my neighbour is lying at the bottom of the stairs and not moving'],
    ['ko', '아빠가 갑자기 말이 어눌해지고 한쪽 팔을 못 움직여요'],
    ['ja', '隣の家から子どもの泣き叫ぶ声と殴る音が毎晩します'],
  ];
  for (const [lang, text] of emergencies) {
    it(`when a resident reports danger to someone else (${lang}), then hotlines come first and an urgent hand-off is opened`, async () => {
      const replies = await say(text, 3);
      assert.equal(replies[0].route, 'crisis');
      // Within office hours the resident is told an officer was alerted; outside, that the office is closed.
      const closed = t(lang as 'en', 'core.crisis.escalatedClosed', { nextOpening: '\u0000' }).split('\u0000')[0];
      assert.ok(replies[1].text === t(lang as 'en', 'core.crisis.escalated') || replies[1].text.startsWith(closed), replies[1].text);
      const { rows } = await running.container.db.query<{ priority: string; reason: string }>(
        'SELECT priority, reason FROM handoffs WHERE conversation_id = $1',
        [`route-${n}`],
      );
      assert.deepEqual(rows, [{ priority: 'urgent', reason: 'crisis' }]);
    });
  }

  it('when a resident uses a death idiom in a service question, then it is answered, not treated as a crisis', async () => {
    const replies = await say("I'm dying to know how to get a library card", 2);
    assert.equal(replies[replies.length - 1].route, 'answer');
  });

  it('when a resident asks about their own application, then it goes to an officer', async () => {
    const replies = await say('I sent my housing benefit application two months ago and heard nothing. What is going on with my file?', 2);
    assert.equal(replies[0].route, 'handoff');
  });

  it('when a resident asks for stock tips, then it is declined as out of scope', async () => {
    const replies = await say('which stocks should I buy this week to double my money', 2);
    assert.equal(replies[0].route, 'out_of_scope');
  });

  it('when a resident describes hardship and no loaded program has screening rules, then the documents answer it (no screening)', async () => {
    const replies = await say('I am 68, I live alone and my income is very low. What help can I get?', 2);
    const last = replies[replies.length - 1];
    assert.equal(last.route, 'answer');
    assert.doesNotMatch(last.text, new RegExp(t('en', 'core.helpActions.benefits')));
  });

  it('when a message carries a local phone number, a date of birth and a home address, then none is stored anywhere', async () => {
    await say('my number is 555-0147 and I was born 1958-03-14, I live at 27 Cedar Street, apt 5, how do I get a resident certificate?', 2);
    // Transcript lines are written in the background, shortly after the turn.
    let stored = '';
    for (let i = 0; i < 50 && !stored.includes('[PHONE]'); i++) {
      const { rows } = await running.container.db.query<{ t: string | null }>(
        "SELECT string_agg(text, ' ') AS t FROM transcript WHERE conversation_id = $1 AND direction = 'in'",
        [`route-${n}`],
      );
      stored = rows[0]?.t ?? '';
      if (!stored.includes('[PHONE]')) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(stored.includes('[PHONE]') && stored.includes('[DOB]') && stored.includes('[ADDRESS]'), stored);
    assert.ok(!stored.includes('555-0147') && !stored.includes('1958-03-14') && !stored.includes('27 Cedar Street'));
  });
});

describe('eligibility screening where it can work, through the Bot Framework endpoint', function () {
  this.timeout(90000);
  let sink: ReplySink;
  let running: { container: Container; server: RunningServer };
  let n = 0;
  const say = (text: string, expected: number) => converse(running.server, sink, `screen-${++n}`, text, expected);

  before(async () => {
    sink = await startReplySink();
    running = await boot({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-screen-')), KB_DIR: SAMPLE_KB });
  });
  after(async () => {
    await running?.server.stop();
    await sink?.close();
  });

  it('when a resident describes their situation and asks what help exists, then screening starts', async () => {
    const replies = await say('70세 혼자 사는데 생활비 지원 받을 수 있는게 있나요', 2);
    // The screening dialog's first question: where the resident lives (no document answer).
    const residence = t('ko', 'eligibility.question.residence', { areas: '\u0000' }).split('\u0000')[0];
    assert.ok(replies[replies.length - 1].text.includes(residence), replies[replies.length - 1].text);
    assert.notEqual(replies[replies.length - 1].route, 'answer');
  });

  it('when a resident describes their situation but asks when, where, how or how much, then the documents answer it (no screening)', async () => {
    for (const text of [
      '저 70세고 혼자 사는데 연금 같은 지원 신청하려면 어디로 가야 돼요?',
      "I have two kids and I'm a single parent. What documents do I need to apply for support?",
      // A fact of a program asked with a question word (the income limit, the amount): the documents give it.
      '혼자 사는 70세인데 생활비 지원 받으려면 소득 기준이 얼마예요?',
    ]) {
      const replies = await say(text, 2);
      assert.equal(replies[replies.length - 1].route, 'answer', text);
    }
  });
});

describe('the LLM safety review through the Bot Framework endpoint (Ollama test double)', function () {
  this.timeout(90000);
  let sink: ReplySink;
  let ollama: OllamaTestServer;
  let running: { container: Container; server: RunningServer };

  before(async () => {
    ollama = new OllamaTestServer({
      // The review asks for JSON (a `format` schema); answers get the usual quoting reply. The double
      // "sees danger" in any message about the bus: a message the triage itself routes as a question,
      // so only the review can make it a crisis.
      reply: (request) => (request.format ? JSON.stringify({ danger_now: /community bus/.test(request.messages[request.messages.length - 1]?.content ?? ""), category: 'danger' }) : quoteFirstPassage(request)),
    });
    const url = await ollama.start();
    sink = await startReplySink();
    running = await boot({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-review-')), OLLAMA_BASE_URL: url, OLLAMA_TIMEOUT_MS: '3000' });
  });
  after(async () => {
    await running?.server.stop();
    await sink?.close();
    await ollama?.stop();
  });

  it('when the triage sees no crisis but the LLM sees danger now, then the crisis protocol runs', async () => {
    const replies = await converse(running.server, sink, 'review-1', 'when does the community bus come to the station', 3);
    assert.equal(replies[0].route, 'crisis');
    const reviews = ollama.chatRequests().filter((r) => r.format);
    assert.equal(reviews.length, 1);
  });

  it('when the LLM sees no danger, then the message is answered as usual', async () => {
    const replies = await converse(running.server, sink, 'review-2', 'how do I get a library card in Maple Bay?', 2);
    assert.ok(replies.length > 0 && replies.every((r) => r.route !== 'crisis' && r.route !== 'caution'), JSON.stringify(replies));
    assert.match(replies[replies.length - 1].text, /library/i);
  });
});
