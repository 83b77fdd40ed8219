import assert from 'node:assert/strict';
import pino from 'pino';
import { MemoryWebhookInbox } from '../../../adapters/shared/webhook-inbox';
import { TelegramAdapter } from '../../../adapters/telegram/telegram-adapter';
import { FakeTelegramApi } from '../../helpers/fake-telegram-api';
import { languageBot } from '../helpers/language-bot';
import { serve, type Served } from '../helpers/serve';

const BOT_TOKEN = '7012345678:AAFakeTokenForTests_abcdefghijklmno';
const SECRET = 'tg-webhook-secret_123';
const log = pino({ level: 'silent' });

describe('webhook inbox through the Telegram endpoint', () => {
  let fake: FakeTelegramApi;
  let served: Served | undefined;
  let adapter: TelegramAdapter | undefined;

  const update = (id: number) => ({ update_id: id, message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: 42, type: 'private' }, from: { id: 42, is_bot: false, first_name: 'A' }, text: 'How do I apply for the child allowance?' } });
  async function post(body: unknown): Promise<number> {
    const res = await fetch(`${served?.url}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    return res.status;
  }

  beforeEach(async () => {
    fake = await new FakeTelegramApi(BOT_TOKEN).start();
  });
  afterEach(async () => {
    await adapter?.drain();
    await served?.close();
    await fake.stop();
  });

  it('when an update stored by a processor that died is delivered again, then it is processed, not dropped as a duplicate', async () => {
    const inbox = new MemoryWebhookInbox();
    // A previous process stored and claimed update 7, answered 200 and was killed.
    await inbox.accept('telegram', '7', { update: update(7), clientIp: '' });
    await inbox.claim('telegram', '7', 0, 5);
    adapter = new TelegramAdapter({ botToken: BOT_TOKEN, webhookSecret: SECRET, apiBaseUrl: fake.url, log, inbox, inboxLeaseMs: 0 });
    served = await serve(adapter, languageBot());
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(await post(update(7)), 200);
    await adapter.drain();
    assert.equal(fake.method('sendMessage').length, 1);
    assert.equal(await post(update(7)), 200);
    await adapter.drain();
    assert.equal(fake.method('sendMessage').length, 1, 'once done, a redelivery is a duplicate');
  });

  it('when the inbox cannot store an update, then it is not acknowledged (503) so Telegram retries', async () => {
    const inbox = new MemoryWebhookInbox();
    inbox.accept = () => Promise.reject(new Error('database down'));
    adapter = new TelegramAdapter({ botToken: BOT_TOKEN, webhookSecret: SECRET, apiBaseUrl: fake.url, log, inbox });
    served = await serve(adapter, languageBot());
    assert.equal(await post(update(8)), 503);
    await adapter.drain();
    assert.equal(fake.method('sendMessage').length, 0);
  });

  it('when an update left unfinished is in the inbox at start-up, then resume processes it', async () => {
    const inbox = new MemoryWebhookInbox();
    await inbox.accept('telegram', '9', { update: update(9), clientIp: '' });
    await inbox.claim('telegram', '9', 0, 5);
    adapter = new TelegramAdapter({ botToken: BOT_TOKEN, webhookSecret: SECRET, apiBaseUrl: fake.url, log, inbox });
    served = await serve(adapter, languageBot());
    adapter.resume(true);
    await fake.waitFor((r) => r.path.endsWith('/sendMessage'));
    await adapter.drain();
    assert.equal(fake.method('sendMessage').length, 1);
  });
});
