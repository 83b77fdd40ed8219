/**
 * An answer's shape on every channel, through the real endpoints: the real server (container +
 * HTTP host, PGlite in memory, no LLM) with LINE, Telegram, KakaoTalk, Bot Framework and the web
 * chat all on, the platforms played by the local test doubles (fake LINE and Telegram APIs, a
 * reply sink as the Bot Framework serviceUrl). A resident asks for the application steps (a
 * numbered list), the documents needed (bullets) and the amounts (a table); every channel shows
 * each step, item and row on its own line — plain text with "• " and "1. " on LINE, KakaoTalk,
 * Telegram and the web widget, Markdown "- " and "1. " on Bot Framework — and offers the
 * document's other sections as its own kind of button; pressing one answers from the same
 * document.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { documentListItems, mergedListLines } from '../../knowledge/eval/list-items';
import { FakeLineApi } from '../helpers/fake-line-api';
import { FakeTelegramApi } from '../helpers/fake-telegram-api';
import { emulatorActivity, startReplySink, type ReplySink } from '../helpers/reply-sink';
import { openSse } from '../adapters/helpers/sse-client';
import { LINE_SECRET, LINE_TOKEN, lineTextWebhook, lineUserId, postLine, until } from './integration-helpers';

const log = pino({ level: 'silent' });
const TELEGRAM_TOKEN = '7012345678:AAShapeTestToken_abcdefghijklmnopq';
const TELEGRAM_SECRET = 'shape-telegram-secret';
const KAKAO_SECRET = 'shape-kakao-skill-secret';

/** A document with a numbered procedure, bullet lists and a table. */
const BODY = `# 문화누리카드

문화누리카드는 형편이 어려운 주민이 공연, 영화, 도서, 여행을 즐길 수 있도록 해마다 지원금을 충전해 주는 카드입니다.

## 지원 대상

- 만 6세 이상 기초생활수급자
- 만 6세 이상 차상위계층

## 지원 내용

| 구분 | 금액 |
|---|---|
| 1인당 연간 지원금 | 14만 원 |
| 만 13~18세, 만 60~64세 추가 지원 | 1만 원 |

## 신청 방법

1. 문화누리카드 누리집이나 앱에서 신청합니다.
2. 가까운 행정복지센터를 방문해 신청할 수도 있습니다.
3. 카드는 신청 후 약 2주 안에 우편으로 도착합니다.

## 구비 서류

- 신분증
- 수급자 증명서
- 대리 신청 시 위임장과 대리인 신분증

## 문의처

- 한빛시청 문화예술과 ☎ 031-555-7700
`;
const DOC = `---
id: hanbit-culture-card
title: 문화누리카드 (Culture Nuri Card, Hanbit City)
lang: ko
domain: culture
region: KR
updated: 2025-02-01
source_url: https://www.hanbit.example.kr/culture/nuri-card
tags: [문화누리카드, 문화, 공연, 영화, culture card]
---
${BODY}`;
const ITEMS = documentListItems(BODY);

/** What the resident asks, and the lines each channel must show (plain-text bullet form). */
const ASKS = [
  { what: 'numbered steps', text: '문화누리카드 신청 방법 알려주세요', lines: ['1. 문화누리카드 누리집이나 앱에서 신청합니다.', '2. 가까운 행정복지센터를 방문해 신청할 수도 있습니다.', '3. 카드는 신청 후 약 2주 안에 우편으로 도착합니다.'] },
  { what: 'bullets', text: '문화누리카드 신청하려면 뭐가 필요해요?', lines: ['• 신분증', '• 수급자 증명서', '• 대리 신청 시 위임장과 대리인 신분증'] },
  { what: 'a table', text: '문화누리카드 지원금 얼마예요?', lines: ['• 구분 · 금액', '• 1인당 연간 지원금 · 14만 원', '• 만 13~18세, 만 60~64세 추가 지원 · 1만 원'] },
] as const;

/** A button the reply offers: what it shows and what it sends back. */
interface Button {
  title: string;
  value: string;
}

/** One delivered answer: its text as the channel shows it and its buttons. */
interface Delivered {
  text: string;
  buttons: Button[];
}

/** The follow-up the test presses on every channel: the documents section, from the steps answer. */
const PRESS = '구비 서류';

/** Checks the shape of one answer as a channel delivered it. */
function assertShape(channel: string, ask: (typeof ASKS)[number], got: Delivered, markdown: boolean): void {
  const lines = got.text.split('\n');
  for (const line of ask.lines) {
    const expected = markdown ? line.replace(/^• /, '- ') : line;
    assert.ok(lines.includes(expected), `${channel}, ${ask.what}: no line "${expected}" in\n${got.text}`);
  }
  assert.equal(mergedListLines([got.text], ITEMS), 0, `${channel}, ${ask.what}: list items merged in\n${got.text}`);
  // The citation with the source page and the document's date travel with every answer.
  assert.match(got.text, /2025-02-01 기준/, `${channel}: no "as of" date`);
  assert.ok(got.text.includes('https://www.hanbit.example.kr/culture/nuri-card'), `${channel}: no source link`);
}

describe('answer shape on every channel, through the real endpoints', function () {
  this.timeout(120000);
  let line: FakeLineApi;
  let telegram: FakeTelegramApi;
  let sink: ReplySink;
  let kbDir: string;
  let dataDir: string;
  let running: { container: Container; server: RunningServer };
  const url = (): string => running.server.url;

  before(async () => {
    line = await new FakeLineApi(LINE_TOKEN).start();
    telegram = await new FakeTelegramApi(TELEGRAM_TOKEN).start();
    sink = await startReplySink();
    kbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-shape-kb-'));
    fs.writeFileSync(path.join(kbDir, 'hanbit-culture-card.md'), DOC);
    // The bundled Hanbit documents stand next to it, as in a real city's knowledge base.
    const bundled = path.join(__dirname, '..', '..', 'knowledge', 'sample-kb');
    for (const f of fs.readdirSync(bundled).filter((f) => f.startsWith('hanbit-'))) fs.copyFileSync(path.join(bundled, f), path.join(kbDir, f));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-shape-'));
    const config = loadConfig(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        LLM_ENABLED: 'false',
        OLLAMA_BASE_URL: 'http://127.0.0.1:1',
        KB_DIR: kbDir,
        DEFAULT_LANGUAGE: 'ko',
        REGION: 'KR',
        TYPING_DELAY_MS: '0',
        BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true',
        LINE_CHANNEL_SECRET: LINE_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
        LINE_API_BASE_URL: line.url,
        TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
        TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
        TELEGRAM_API_BASE_URL: telegram.url,
        KAKAO_SKILL_SECRET: KAKAO_SECRET,
      },
      null,
    );
    const container = await buildContainer(config, log, { inMemoryDatabase: true });
    const server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 5000, onShutdown: [container.shutdown] });
    running = { container, server };
  });
  after(async () => {
    await running?.server.stop();
    await line?.stop();
    await telegram?.stop();
    await sink?.close();
    fs.rmSync(kbDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Each channel as a resident uses it: `say` sends a message (or presses a button) and returns the answer delivered. */
  const channels: { name: string; markdown: boolean; open: () => Promise<(text: string, button?: Button) => Promise<Delivered>> }[] = [
    {
      name: 'LINE (reply message with quick replies)',
      markdown: false,
      open: async () => {
        const user = lineUserId();
        return async (text) => {
          const hook = lineTextWebhook(user, text);
          assert.equal(await postLine(url(), hook), 200);
          const req = await line.waitFor((r) => r.path === '/v2/bot/message/reply' && (r.body as { replyToken?: string }).replyToken === hook.replyToken, 20000);
          const messages = (req.body as { messages: { text: string; quickReply?: { items: { action: { label: string; text: string } }[] } }[] }).messages;
          const answer = messages.find((m) => m.text.includes('[1]'));
          assert.ok(answer, JSON.stringify(messages));
          return { text: answer.text, buttons: (answer.quickReply?.items ?? []).map((i) => ({ title: i.action.label, value: i.action.text })) };
        };
      },
    },
    {
      name: 'KakaoTalk (skill response: simpleText and quickReplies)',
      markdown: false,
      open: async () => {
        const user = `c1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c${Math.floor(Math.random() * 1e8).toString(16).padStart(8, '0')}`;
        return async (text) => {
          const body = {
            intent: { id: 'i1', name: '폴백 블록' },
            userRequest: { timezone: 'Asia/Seoul', params: {}, block: { id: 'b1', name: '폴백 블록' }, utterance: text, lang: 'ko', user: { id: user, type: 'botUserKey', properties: {} } },
            bot: { id: 'bot1', name: '한빛시 민원 챗봇' },
            action: { name: 'madoguchi_skill', clientExtra: null, params: {}, id: 'a1', detailParams: {} },
            contexts: [],
          };
          const res = await fetch(`${url()}/webhooks/kakao`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-skill-secret': KAKAO_SECRET }, body: JSON.stringify(body) });
          assert.equal(res.status, 200);
          type Output = { simpleText?: { text: string }; listCard?: { items: { title: string; link?: { web: string } }[] } };
          const skill = (await res.json()) as { version: string; template: { outputs: Output[]; quickReplies?: { label: string; action: string; messageText: string }[] } };
          assert.equal(skill.version, '2.0');
          const answer = skill.template.outputs.map((o) => o.simpleText?.text ?? '').find((t) => t.includes('[1]'));
          assert.ok(answer, JSON.stringify(skill));
          // The sources come as a list card whose items link to the source page.
          const sources = skill.template.outputs.flatMap((o) => o.listCard?.items ?? []).map((i) => `${i.title} ${i.link?.web ?? ''}`);
          for (const q of skill.template.quickReplies ?? []) assert.equal(q.action, 'message');
          return { text: [answer, ...sources].join('\n'), buttons: (skill.template.quickReplies ?? []).map((q) => ({ title: q.label, value: q.messageText })) };
        };
      },
    },
    {
      name: 'Telegram (sendMessage with an inline keyboard)',
      markdown: false,
      open: async () => {
        const chat = 500_000_000 + Math.floor(Math.random() * 1e6);
        let update = Math.floor(Math.random() * 1e6);
        return async (text, button) => {
          const before = telegram.method('sendMessage').length;
          const now = Math.floor(Date.now() / 1000);
          const from = { id: chat, is_bot: false, first_name: '민지', language_code: 'ko' };
          const payload = button
            ? { update_id: ++update, callback_query: { id: `cb${update}`, from, message: { message_id: update, date: now, chat: { id: chat, type: 'private' }, text: '…' }, chat_instance: '1', data: button.value } }
            : { update_id: ++update, message: { message_id: update, date: now, chat: { id: chat, type: 'private' }, from, text } };
          const res = await fetch(`${url()}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET }, body: JSON.stringify(payload) });
          assert.equal(res.status, 200);
          const answerOf = () => telegram.method('sendMessage').slice(before).find((m) => String(m.chat_id) === String(chat) && String(m.text).includes('[1]'));
          await until(() => answerOf() !== undefined, 'a Telegram answer', 20000);
          const m = answerOf() as { text: string; parse_mode?: string; reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] } };
          // HTML parse mode: the text is escaped, line breaks kept.
          assert.equal(m.parse_mode, 'HTML');
          return { text: m.text, buttons: (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => ({ title: b.text, value: b.callback_data })) };
        };
      },
    },
    {
      name: 'Bot Framework / Teams (Markdown with suggested actions)',
      markdown: true,
      open: async () => {
        const conversation = `shape-bf-${Math.random().toString(36).slice(2)}`;
        return async (text) => {
          const before = sink.received.length;
          const res = await fetch(`${url()}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(emulatorActivity(sink, conversation, text)) });
          assert.equal(res.status, 200);
          const answerOf = () => sink.received.slice(before).find((r) => r.activity.type === 'message' && (r.activity.text ?? '').includes('[1]'));
          await until(() => answerOf() !== undefined, 'a Bot Framework answer', 20000);
          const activity = answerOf()!.activity as { text: string; textFormat?: string; suggestedActions?: { actions: { title: string; value: string; type: string }[] } };
          for (const a of activity.suggestedActions?.actions ?? []) assert.equal(a.type, 'imBack');
          return { text: activity.text, buttons: (activity.suggestedActions?.actions ?? []).map((a) => ({ title: a.title, value: String(a.value) })) };
        };
      },
    },
    {
      name: 'web chat (SSE message event with actions)',
      markdown: false,
      open: async () => {
        const created = await fetch(`${url()}/webchat/api/conversations`, { method: 'POST' });
        assert.equal(created.status, 201);
        const conv = (await created.json()) as { conversationId: string; token: string };
        const sse = await openSse(`${url()}/webchat/api/conversations/${conv.conversationId}/events`, conv.token);
        await until(() => sse.events.some((e) => e.event === 'ready'), 'the web chat stream');
        return async (text) => {
          const before = sse.events.length;
          const res = await fetch(`${url()}/webchat/api/conversations/${conv.conversationId}/messages`, {
            method: 'POST',
            headers: { authorization: `Bearer ${conv.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ text, lang: 'ko' }),
          });
          assert.equal(res.status, 202);
          const answerOf = () => sse.events.slice(before).find((e) => e.event === 'message' && (e.data as { text: string }).text.includes('[1]'));
          await until(() => answerOf() !== undefined, 'a web chat answer', 20000);
          const m = answerOf()!.data as { text: string; citations: { title: string; url?: string; updated?: string }[]; actions: Button[] };
          // The widget shows the sources as links of its own: the footer is sent as citations.
          return { text: `${m.text}\n${m.citations.map((c) => `${c.title} ${c.url ?? ''}`).join('\n')}`, buttons: m.actions };
        };
      },
    },
  ];

  for (const channel of channels) {
    it(`when a resident on ${channel.name} asks for steps, documents and amounts, then each step, item and row keeps its own line and the other sections come as buttons that answer from the same document`, async () => {
      const say = await channel.open();
      const answers: Delivered[] = [];
      for (const ask of ASKS) {
        const got = await say(ask.text);
        assertShape(channel.name, ask, got, channel.markdown);
        answers.push(got);
      }
      // The steps answer offers the document's other sections, the documents among them.
      const steps = answers[0];
      const titles = steps.buttons.map((b) => b.title);
      for (const heading of ['지원 대상', '지원 내용', PRESS, '문의처']) assert.ok(titles.includes(heading), `${channel.name}: buttons ${JSON.stringify(titles)}`);
      assert.ok(!titles.includes('신청 방법'), 'the section just quoted is not offered again');
      // Pressed, the button is answered from the same document, in its shape.
      const pressed = steps.buttons.find((b) => b.title === PRESS)!;
      const again = await say(pressed.value, pressed);
      assertShape(channel.name, ASKS[1], again, channel.markdown);
      assert.match(again.text, /문화누리카드 · 구비 서류 \[1\]/);
    });
  }
});
