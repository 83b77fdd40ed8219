import assert from 'node:assert/strict';
import pino from 'pino';
import { TelegramAdapter, type TelegramAdapterOptions } from '../../../adapters/telegram/telegram-adapter';
import { activityToTelegramMessages, callbackDataFor, isTelegramUpdate, telegramUpdateToActivity, TELEGRAM_LIMITS, type TelegramSendMessage } from '../../../adapters/telegram/telegram-mapping';
import { FakeTelegramApi } from '../../helpers/fake-telegram-api';
import { runConformance } from '../conformance';
import { ANSWERS, languageBot } from '../helpers/language-bot';
import { fixture, serve, type Served } from '../helpers/serve';

const BOT_TOKEN = '7012345678:AAFakeTokenForTests_abcdefghijklmno';
const SECRET = 'tg-webhook-secret_123';
const log = pino({ level: 'silent' });
/** The recorded fixtures are old: these tests accept any age (the age check has its own tests). */
const RECORDED = Number.MAX_SAFE_INTEGER;

function stripTags(html: string): string {
  return html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

describe('Telegram adapter', () => {
  runConformance({
    channelId: 'telegram',
    toActivities: (p) => (isTelegramUpdate(p) ? [telegramUpdateToActivity(p, '198.51.100.4', (d) => (d.startsWith('v:') ? d.slice(2) : undefined))] : []),
    textsOf: (p) => {
      if (!isTelegramUpdate(p)) return [];
      if (p.message?.text) return [p.message.text];
      if (p.callback_query?.data) return [p.callback_query.data.slice(2)];
      return [];
    },
    render: (acts) => acts.flatMap((a) => ((a.type ?? 'message') === 'message' ? activityToTelegramMessages(a, '42', 'en') : [])),
    checkLimits: (r) => {
      for (const m of r as TelegramSendMessage[]) {
        assert.ok(m.text.length <= TELEGRAM_LIMITS.textChars);
        for (const row of m.reply_markup?.inline_keyboard ?? []) {
          for (const b of row) assert.ok(Buffer.byteLength(b.callback_data) <= TELEGRAM_LIMITS.callbackDataBytes && b.callback_data.length > 0);
        }
      }
    },
    visibleText: (r) => (r as TelegramSendMessage[]).map((m) => stripTags(m.text)).join(''),
    lossless: true,
  });

  let fake: FakeTelegramApi;
  let served: Served | undefined;
  let adapter: TelegramAdapter;

  async function start(options: Partial<TelegramAdapterOptions> = {}): Promise<void> {
    adapter = new TelegramAdapter({ botToken: BOT_TOKEN, webhookSecret: SECRET, apiBaseUrl: fake.url, log, retry: { baseDelayMs: 5 }, maxEventAgeMs: RECORDED, ...options });
    served = await serve(adapter, languageBot());
  }
  function post(raw: string, secret: string | null = SECRET): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (secret !== null) headers['x-telegram-bot-api-secret-token'] = secret;
    return fetch(`${served?.url}/webhooks/telegram`, { method: 'POST', headers, body: raw });
  }

  beforeEach(async () => {
    fake = await new FakeTelegramApi(BOT_TOKEN).start();
  });
  afterEach(async () => {
    await adapter?.drain();
    await served?.close();
    served = undefined;
    await fake.stop();
  });

  it('when the secret header is wrong or missing, then it answers 401 and calls nothing', async () => {
    await start();
    const { raw } = fixture('telegram', 'message-en');
    assert.equal((await post(raw, 'wrong-secret')).status, 401);
    assert.equal((await post(raw, null)).status, 401);
    assert.equal((await post(raw, `${SECRET}x`)).status, 401);
    await adapter.drain();
    assert.equal(fake.requests.length, 0);
  });

  it('when the secret is right, then the answer is sent with sendMessage and an inline keyboard', async () => {
    await start();
    const res = await post(fixture('telegram', 'message-en').raw);
    assert.equal(res.status, 200);
    await adapter.drain();
    const [msg] = fake.method('sendMessage');
    assert.equal(msg?.chat_id, '581234567');
    assert.equal(msg?.parse_mode, 'HTML');
    assert.ok(String(msg?.text).startsWith(ANSWERS.en));
    assert.ok(String(msg?.text).includes('<a href="https://city.example/child-allowance">Child allowance guide</a>'));
    const keyboard = (msg?.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard;
    assert.deepEqual(keyboard.map((row) => row[0]?.text), ['Office hours', 'Talk to a person']);
    assert.equal(fake.method('sendChatAction')[0]?.action, 'typing');
  });

  it('when a Japanese resident writes, then the answer is in Japanese', async () => {
    await start();
    await post(fixture('telegram', 'message-ja').raw);
    await adapter.drain();
    assert.ok(String(fake.method('sendMessage')[0]?.text).startsWith(ANSWERS.ja));
  });

  it('when an inline button is pressed, then the callback is answered and its value becomes the message', async () => {
    await start();
    await post(fixture('telegram', 'callback-query').raw);
    await adapter.drain();
    assert.equal(fake.method('answerCallbackQuery')[0]?.callback_query_id, '2496301981725396341');
    assert.ok(String(fake.method('sendMessage')[0]?.text).startsWith(ANSWERS.en));
  });

  it('when a button value is longer than 64 bytes, then callback_data is a short key that maps back to the value', async () => {
    await start();
    const long = '기초연금 신청에 필요한 서류와 제출 방법을 자세히 알려 주세요';
    const data = callbackDataFor(long);
    assert.ok(data.startsWith('h:') && Buffer.byteLength(data) <= 64);
    const seen: string[] = [];
    adapter.use({ onTurn: async (ctx, next) => { seen.push(ctx.activity.text ?? ''); await next(); } });
    // The bot offers the long value once, so the adapter remembers it…
    await adapter.continueConversation({ conversation: { id: '581234567', isGroup: false, conversationType: 'private', name: '' }, user: { id: '581234567', name: '' } }, async (ctx) => {
      await ctx.sendActivity({ type: 'message', text: 'Choose', suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'Documents', value: long }] } });
    });
    // …and a press of that button comes back as the full value.
    const update = { update_id: 9001, callback_query: { id: 'cq1', from: { id: 581234567, is_bot: false, first_name: 'A' }, message: { message_id: 1, date: 1, chat: { id: 581234567, type: 'private' } }, data } };
    await post(JSON.stringify(update));
    await adapter.drain();
    assert.deepEqual(seen.slice(-1), [long]);
  });

  it('when the same update_id is delivered twice, then it is processed once', async () => {
    await start();
    const { raw } = fixture('telegram', 'message-en');
    await post(raw);
    await post(raw);
    await adapter.drain();
    assert.equal(fake.method('sendMessage').length, 1);
  });

  it('when an update has no text (an edit), then it is acknowledged and ignored', async () => {
    await start();
    assert.equal((await post(fixture('telegram', 'edited-message').raw)).status, 200);
    await adapter.drain();
    assert.equal(fake.method('sendMessage').length, 0);
  });

  it('when sendMessage fails with 429 then 502, then it is retried and delivered', async () => {
    fake.failNext(`/bot${BOT_TOKEN}/sendMessage`, 2, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 0', parameters: { retry_after: 0 } });
    await start();
    await post(fixture('telegram', 'message-en').raw);
    await adapter.drain();
    assert.equal(fake.method('sendMessage').length, 3);
  });

  it('when the body is not JSON or not an update, then it answers 400 with a JSON error', async () => {
    await start();
    const bad = await post('{oops');
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { error: 'invalid JSON body' });
    assert.equal((await post('{"message":{}}')).status, 400);
  });

  it('when the settings are absent, then the endpoint answers 404 naming the variables', async () => {
    adapter = new TelegramAdapter({ botToken: '', webhookSecret: '', apiBaseUrl: fake.url, log });
    served = await serve(adapter, languageBot());
    const res = await fetch(`${served.url}/webhooks/telegram`, { method: 'POST' });
    assert.equal(res.status, 404);
    assert.match(((await res.json()) as { error: string }).error, /TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET/);
  });
});
