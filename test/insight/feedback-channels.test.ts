/**
 * What follows a 👎, on every channel in its own idiom, through the real endpoints (the real
 * server, PGlite in memory, no LLM; the platforms played by the local test doubles): LINE and
 * KakaoTalk quick replies, the Telegram inline keyboard, Teams suggested actions (Bot Framework)
 * and the web chat's buttons. The reason prompt offers "Skip" beside an officer; pressing it is
 * stored with the 👎 and counted in the roll-ups and the report; a reason is stored masked; a new
 * question the documents answer from another document is answered, and its 👎 stays without a
 * reason.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { DemandRollup } from '../../insight/demand-rollup';
import { DemandReportBuilder } from '../../insight/demand-report';
import { t } from '../../locales/i18n';
import { FakeLineApi } from '../helpers/fake-line-api';
import { FakeTelegramApi } from '../helpers/fake-telegram-api';
import { emulatorActivity, startReplySink, type ReplySink } from '../helpers/reply-sink';
import { openSse } from '../adapters/helpers/sse-client';
import { LINE_SECRET, LINE_TOKEN, lineTextWebhook, lineUserId, postLine, until } from '../integration/integration-helpers';

const log = pino({ level: 'silent' });
const TELEGRAM_TOKEN = '7012345678:AAFeedbackTestToken_abcdefghijklmn';
const TELEGRAM_SECRET = 'feedback-telegram-secret';
const KAKAO_SECRET = 'feedback-kakao-skill-secret';

/** Asked first (the basic pension), then — after the 👎 — about another document (the child allowance). */
const QUESTION = '기초연금 신청하려면 뭐가 필요해요?';
const NEW_QUESTION = '아동수당 신청 방법 알려주세요';
const REASON = '신청 마감일 정보가 없어요 kim.minsu@example.com';

/** A button as the channel shows it: its label and what pressing it sends. */
interface Button {
  title: string;
  value: string;
}

/** A message as the channel delivered it. */
interface Delivered {
  text: string;
  buttons: Button[];
}

/** Sends a message (or presses a button) and returns the first delivered message that `expect` accepts. */
type Say = (text: string, expect: (m: Delivered) => boolean, button?: Button) => Promise<Delivered>;

describe('after a 👎, on every channel: skip, reason or a new question (real endpoints, PGlite)', function () {
  this.timeout(120000);
  let line: FakeLineApi;
  let telegram: FakeTelegramApi;
  let sink: ReplySink;
  let dataDir: string;
  let container: Container;
  let server: RunningServer;
  const url = (): string => server.url;

  before(async () => {
    line = await new FakeLineApi(LINE_TOKEN).start();
    telegram = await new FakeTelegramApi(TELEGRAM_TOKEN).start();
    sink = await startReplySink();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-feedback-'));
    const config = loadConfig(
      {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        LLM_ENABLED: 'false',
        OLLAMA_BASE_URL: 'http://127.0.0.1:1',
        DEFAULT_LANGUAGE: 'ko',
        TYPING_DELAY_MS: '0',
        RATE_LIMIT_PER_IP_PER_MINUTE: '10000',
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
    container = await buildContainer(config, log, { inMemoryDatabase: true });
    server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 5000, onShutdown: [container.shutdown] });
  });
  after(async () => {
    await server?.stop();
    await line?.stop();
    await telegram?.stop();
    await sink?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Each channel as a resident uses it; `open` starts a new resident's conversation. */
  const channels: { name: string; channelId: string; open: () => Promise<Say> }[] = [
    {
      name: 'LINE (quick replies)',
      channelId: 'line',
      open: async () => {
        const user = lineUserId();
        return async (text, expect) => {
          const hook = lineTextWebhook(user, text);
          assert.equal(await postLine(url(), hook), 200);
          const req = await line.waitFor((r) => r.path === '/v2/bot/message/reply' && (r.body as { replyToken?: string }).replyToken === hook.replyToken, 20000);
          const messages = (req.body as { messages: { text: string; quickReply?: { items: { action: { type: string; label: string; text: string } }[] } }[] }).messages.map((m) => {
            for (const i of m.quickReply?.items ?? []) assert.equal(i.action.type, 'message');
            return { text: m.text, buttons: (m.quickReply?.items ?? []).map((i) => ({ title: i.action.label, value: i.action.text })) };
          });
          const found = messages.find(expect);
          assert.ok(found, JSON.stringify(messages));
          return found;
        };
      },
    },
    {
      name: 'KakaoTalk (quick replies)',
      channelId: 'kakao',
      open: async () => {
        const user = `f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c${Math.floor(Math.random() * 1e8).toString(16).padStart(8, '0')}`;
        return async (text, expect) => {
          const body = {
            intent: { id: 'i1', name: '폴백 블록' },
            userRequest: { timezone: 'Asia/Seoul', params: {}, block: { id: 'b1', name: '폴백 블록' }, utterance: text, lang: 'ko', user: { id: user, type: 'botUserKey', properties: {} } },
            bot: { id: 'bot1', name: '한빛시 민원 챗봇' },
            action: { name: 'madoguchi_skill', clientExtra: null, params: {}, id: 'a1', detailParams: {} },
            contexts: [],
          };
          const res = await fetch(`${url()}/webhooks/kakao`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-skill-secret': KAKAO_SECRET }, body: JSON.stringify(body) });
          assert.equal(res.status, 200);
          const skill = (await res.json()) as { template: { outputs: { simpleText?: { text: string } }[]; quickReplies?: { label: string; action: string; messageText: string }[] } };
          // One skill response per turn: its quick replies belong to its last text.
          const texts = skill.template.outputs.map((o) => o.simpleText?.text ?? '').filter(Boolean);
          const buttons = (skill.template.quickReplies ?? []).map((q) => {
            assert.equal(q.action, 'message');
            return { title: q.label, value: q.messageText };
          });
          const messages = texts.map((m, i) => ({ text: m, buttons: i === texts.length - 1 ? buttons : [] }));
          const found = messages.find(expect);
          assert.ok(found, JSON.stringify(skill));
          return found;
        };
      },
    },
    {
      name: 'Telegram (inline keyboard)',
      channelId: 'telegram',
      open: async () => {
        const chat = 600_000_000 + Math.floor(Math.random() * 1e6);
        let update = Math.floor(Math.random() * 1e6);
        return async (text, expect, button) => {
          const before = telegram.method('sendMessage').length;
          const now = Math.floor(Date.now() / 1000);
          const from = { id: chat, is_bot: false, first_name: '민지', language_code: 'ko' };
          const payload = button
            ? { update_id: ++update, callback_query: { id: `cb${update}`, from, message: { message_id: update, date: now, chat: { id: chat, type: 'private' }, text: '…' }, chat_instance: '1', data: button.value } }
            : { update_id: ++update, message: { message_id: update, date: now, chat: { id: chat, type: 'private' }, from, text } };
          const res = await fetch(`${url()}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET }, body: JSON.stringify(payload) });
          assert.equal(res.status, 200);
          const delivered = () =>
            telegram
              .method('sendMessage')
              .slice(before)
              .filter((m) => String(m.chat_id) === String(chat))
              .map((m) => ({ text: String(m.text), buttons: ((m.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat().map((b) => ({ title: b.text, value: b.callback_data })) }));
          await until(() => delivered().some(expect), `a Telegram message after "${text}"`, 20000);
          return delivered().find(expect)!;
        };
      },
    },
    {
      name: 'Teams (Bot Framework suggested actions)',
      channelId: 'msteams',
      open: async () => {
        const conversation = `fb-teams-${Math.random().toString(36).slice(2)}`;
        return async (text, expect) => {
          const before = sink.received.length;
          const res = await fetch(`${url()}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...emulatorActivity(sink, conversation, text), channelId: 'msteams' }) });
          assert.equal(res.status, 200);
          const delivered = () =>
            sink.received
              .slice(before)
              .filter((r) => r.activity.type === 'message' && (r.activity.conversation as { id?: string } | undefined)?.id === conversation)
              .map((r) => {
                const actions = (r.activity.suggestedActions as { actions?: { type: string; title: string; value: string }[] } | undefined)?.actions ?? [];
                for (const a of actions) assert.equal(a.type, 'imBack');
                return { text: r.activity.text ?? '', buttons: actions.map((a) => ({ title: a.title, value: String(a.value) })) };
              });
          await until(() => delivered().some(expect), `a Teams message after "${text}"`, 20000);
          return delivered().find(expect)!;
        };
      },
    },
    {
      name: 'web chat (buttons)',
      channelId: 'webchat',
      open: async () => {
        const created = await fetch(`${url()}/webchat/api/conversations`, { method: 'POST' });
        assert.equal(created.status, 201);
        const conv = (await created.json()) as { conversationId: string; token: string };
        const sse = await openSse(`${url()}/webchat/api/conversations/${conv.conversationId}/events`, conv.token);
        await until(() => sse.events.some((e) => e.event === 'ready'), 'the web chat stream');
        return async (text, expect) => {
          const before = sse.events.length;
          const res = await fetch(`${url()}/webchat/api/conversations/${conv.conversationId}/messages`, {
            method: 'POST',
            headers: { authorization: `Bearer ${conv.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ text, lang: 'ko' }),
          });
          assert.equal(res.status, 202);
          const delivered = () =>
            sse.events
              .slice(before)
              .filter((e) => e.event === 'message')
              .map((e) => {
                const m = e.data as { text: string; citations?: { title: string }[]; actions?: Button[] };
                return { text: `${m.text}${(m.citations ?? []).map((c) => `\n${c.title}`).join('')}`, buttons: m.actions ?? [] };
              });
          await until(() => delivered().some(expect), `a web chat message after "${text}"`, 20000);
          return delivered().find(expect)!;
        };
      },
    },
  ];

  const isAnswer = (m: Delivered) => m.buttons.some((b) => b.title === t('ko', 'feedback.notHelpful'));
  const is = (key: string) => (m: Delivered) => m.text === t('ko', key);
  const press = (m: Delivered, title: string) => {
    const button = m.buttons.find((b) => b.title === title);
    assert.ok(button, `no "${title}" among ${JSON.stringify(m.buttons)}`);
    return button;
  };

  for (const channel of channels) {
    it(`when a resident on ${channel.name} presses 👎, then Skip is offered in the channel's own buttons and pressing it is stored with the 👎; a reason is stored masked; a new question is answered`, async () => {
      // 1. 👎, then Skip.
      let say = await channel.open();
      let answer = await say(QUESTION, isAnswer);
      const prompt = await say(press(answer, t('ko', 'feedback.notHelpful')).value, is('feedback.askReason'), press(answer, t('ko', 'feedback.notHelpful')));
      assert.deepEqual(prompt.buttons.map((b) => b.title), [t('ko', 'core.notSureActions.officer'), t('ko', 'feedback.skip')]);
      const skipped = await say(press(prompt, t('ko', 'feedback.skip')).value, is('feedback.skipped'), press(prompt, t('ko', 'feedback.skip')));
      assert.deepEqual(skipped.buttons.map((b) => b.title), [t('ko', 'core.notSureActions.officer')]);

      // 2. 👎, then a reason.
      say = await channel.open();
      answer = await say(QUESTION, isAnswer);
      await say(press(answer, t('ko', 'feedback.notHelpful')).value, is('feedback.askReason'), press(answer, t('ko', 'feedback.notHelpful')));
      await say(REASON, is('feedback.reasonThanks'));

      // 3. 👎, then a new question about another document: answered, from that document.
      say = await channel.open();
      answer = await say(QUESTION, isAnswer);
      await say(press(answer, t('ko', 'feedback.notHelpful')).value, is('feedback.askReason'), press(answer, t('ko', 'feedback.notHelpful')));
      const next = await say(NEW_QUESTION, isAnswer);
      assert.match(next.text, /아동수당/);

      const rows = (await container.db.query<{ helpful: boolean; reason: string; skipped: boolean; doc_ids: string[] }>('SELECT helpful, reason, skipped, doc_ids FROM demand_feedback WHERE channel_id = $1 ORDER BY id', [channel.channelId])).rows;
      assert.deepEqual(
        rows.map((r) => [r.helpful, r.reason, r.skipped, r.doc_ids[0]]),
        [
          [false, '', true, 'hanbit-basic-pension'],
          [false, '신청 마감일 정보가 없어요 [EMAIL]', false, 'hanbit-basic-pension'],
          [false, '', false, 'hanbit-basic-pension'],
        ],
      );
    });
  }

  it('when the day is rolled up, then the report counts each 👎 with its reason or skip, and the skip as a message', async () => {
    const db = container.db;
    // Every turn's demand event is written beside the turn.
    await until(async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM demand_events WHERE route = 'answer'")).rows[0].n >= 20, 'the demand events', 10000);
    await new DemandRollup(db).rollup();
    const today = new Date().toISOString().slice(0, 10);
    const totals = (await db.query<{ channel_id: string; messages: number; unhelpful: number; unhelpful_reason: number; unhelpful_skipped: number }>(
      'SELECT channel_id, messages, unhelpful, unhelpful_reason, unhelpful_skipped FROM demand_daily_totals WHERE day = $1::date ORDER BY channel_id',
      [today],
    )).rows;
    // Per channel: three questions and three 👎, a Skip, a reason and a new question: nine messages.
    assert.deepEqual(
      totals.map((r) => [r.channel_id, r.messages, r.unhelpful, r.unhelpful_reason, r.unhelpful_skipped]),
      ['kakao', 'line', 'msteams', 'telegram', 'webchat'].map((c) => [c, 9, 3, 1, 1]),
    );
    const docs = (await db.query<{ unhelpful: number; reason: number; skipped: number }>(
      "SELECT sum(unhelpful)::int AS unhelpful, sum(unhelpful_reason)::int AS reason, sum(unhelpful_skipped)::int AS skipped FROM demand_daily_documents WHERE day = $1::date AND doc_id = 'hanbit-basic-pension'",
      [today],
    )).rows[0];
    assert.deepEqual(docs, { unhelpful: 15, reason: 5, skipped: 5 });
    // Three residents per channel and language: the report shows none of it (small cells).
    const report = await new DemandReportBuilder(db).build({ from: today, to: today });
    const pension = report.topDocuments.find((d) => d.docId === 'hanbit-basic-pension');
    assert.deepEqual(pension && [pension.suppressed, pension.unhelpful, pension.unhelpfulReason, pension.unhelpfulSkipped], [true, null, null, null]);
  });
});
