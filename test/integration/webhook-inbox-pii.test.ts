/**
 * Issue 23, item 5, for the webhook inbox, through the real container and HTTP server on the
 * embedded database and on PostgreSQL: a LINE event and a Telegram update whose text holds a phone
 * number and a resident registration number (the Telegram one also a NUL) and whose sender's
 * names hold a phone number wait in `webhook_events` while the platform APIs hang; a dump of the
 * database then holds none of the raw values, only their tokens. Once the APIs answer again both are
 * answered and their payloads dropped.
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { storedText } from '../../storage/stored-text';
import { FakeLineApi } from '../helpers/fake-line-api';
import { FakeTelegramApi } from '../helpers/fake-telegram-api';
import { assertNoneStored } from '../helpers/stored-values';
import { createThrowawayPostgres, requirePostgres, type ThrowawayPostgres } from '../helpers/test-databases';
import { LINE_SECRET, LINE_TOKEN, lineTextWebhook, lineUserId, officeOpenNowEnv, postLine, until } from './integration-helpers';

const log = pino({ level: 'silent' });
const BOT_TOKEN = '7012345678:AAInboxPiiTestToken_abcdefghijklmno';
const TG_SECRET = 'inbox-pii-test-secret';

const LINE_TEXT = 'My resident number is 900101-1234568, call me on 010-2222-1111';
const TELEGRAM_TEXT = '주민번호 900102-1234568 이고 전화 010-4545-2323 입니다\u0000';
const TELEGRAM_FIRST_NAME = 'Kim 010-3333-4444';
const TELEGRAM_LAST_NAME = 'tel 010-5656-7878';
const RAW_VALUES = ['900101-1234568', '010-2222-1111', '900102-1234568', '010-4545-2323', '010-3333-4444', '010-5656-7878'];

for (const driver of ['pglite', 'postgres'] as const) {
  describe(`personal data in the webhook inbox (${driver}, real server)`, function () {
    this.timeout(90000);
    let pg: ThrowawayPostgres | null = null;
    let line: FakeLineApi;
    let telegram: FakeTelegramApi;
    let running: { container: Container; server: RunningServer } | null = null;
    let dataDir = '';
    const url = () => running!.server.url;
    const rows = async () =>
      (await running!.container.db.query<{ platform: string; event_id: string; status: string; payload: string | null }>('SELECT platform, event_id, status, payload::text AS payload FROM webhook_events')).rows;

    before(async function () {
      if (driver === 'postgres') {
        await requirePostgres(this);
        pg = await createThrowawayPostgres();
      }
      line = await new FakeLineApi(LINE_TOKEN).start();
      telegram = await new FakeTelegramApi(BOT_TOKEN).start();
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-inbox-pii-'));
      const config = loadConfig(
        {
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          DATA_DIR: dataDir,
          DATABASE_URL: pg?.url ?? '',
          LLM_ENABLED: 'false',
          OLLAMA_BASE_URL: 'http://127.0.0.1:1',
          DEFAULT_LANGUAGE: 'en',
          TYPING_DELAY_MS: '0',
          LINE_CHANNEL_SECRET: LINE_SECRET,
          LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
          LINE_API_BASE_URL: line.url,
          TELEGRAM_BOT_TOKEN: BOT_TOKEN,
          TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
          TELEGRAM_API_BASE_URL: telegram.url,
          ...officeOpenNowEnv(),
        },
        null,
      );
      const container = await buildContainer(config, log, { skipKbImport: true });
      const server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, beginShutdown: container.beginShutdown, onShutdown: [container.shutdown] });
      running = { container, server };
    });
    after(async () => {
      if (line) line.stallAll = false;
      if (telegram) telegram.stallAll = false;
      await running?.server.stop();
      await line?.stop();
      await telegram?.stop();
      await pg?.drop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('when a LINE event and a Telegram update with phone and ID numbers in the text and the name wait in the inbox, then the database, the inbox with it, holds none of the raw values; once processed both are answered', async () => {
      // The platform APIs hang: both events stay unfinished, their payloads stored.
      line.stallAll = true;
      telegram.stallAll = true;
      const hook = lineTextWebhook(lineUserId(), LINE_TEXT);
      assert.equal(await postLine(url(), hook), 200);
      const chatId = randomInt(1e8, 2e9);
      const update = {
        update_id: randomInt(1, 2 ** 31),
        message: {
          message_id: randomInt(1, 1e6),
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: 'private', first_name: TELEGRAM_FIRST_NAME, last_name: TELEGRAM_LAST_NAME },
          from: { id: chatId, is_bot: false, first_name: TELEGRAM_FIRST_NAME, last_name: TELEGRAM_LAST_NAME, username: 'kim_resident', language_code: 'ko' },
          text: TELEGRAM_TEXT,
        },
      };
      const res = await fetch(`${url()}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET }, body: JSON.stringify(update) });
      assert.equal(res.status, 200, await res.text());
      await until(() => line.stalled.length > 0 && telegram.stalled.length > 0, 'both turns to call their platform API', 30000);

      const pending = await rows();
      const lineRow = pending.find((r) => r.platform === 'line' && r.event_id === hook.webhookEventId);
      const telegramRow = pending.find((r) => r.platform === 'telegram' && r.event_id === String(update.update_id));
      for (const row of [lineRow, telegramRow]) {
        assert.ok(row && ['pending', 'processing'].includes(row.status), `unfinished: ${JSON.stringify(row)}`);
        assert.ok(row.payload, 'the payload waits in the inbox');
      }
      // Neither the inbox nor any other table (transcript, conversation references) holds them.
      assertNoneStored(await storedText(running!.container.db), RAW_VALUES);
      // What is stored in their place.
      assert.match(lineRow!.payload!, /My resident number is \[RRN\], call me on \[PHONE\]/);
      assert.match(telegramRow!.payload!, /주민번호 \[RRN\] 이고 전화 \[PHONE\] 입니다"/);
      assert.match(telegramRow!.payload!, /"first_name": ?"Kim \[PHONE\]"/);
      assert.match(telegramRow!.payload!, /"last_name": ?"tel \[PHONE\]"/);

      // The APIs answer again (the hung calls time out): both residents are answered, the payloads dropped.
      line.stallAll = false;
      telegram.stallAll = false;
      const lineAnswered = () => line.requests.some((r) => r.path.endsWith('/message/reply') && (r.body as { replyToken?: string }).replyToken === hook.replyToken) || line.calls('/message/push').some((r) => (r.body as { to?: string }).to === JSON.parse(hook.raw).events[0].source.userId);
      await until(() => lineAnswered() && telegram.method('sendMessage').some((b) => String(b.chat_id) === String(chatId)), 'both residents to be answered', 45000);
      await until(async () => (await rows()).filter((r) => [hook.webhookEventId, String(update.update_id)].includes(r.event_id)).every((r) => r.status === 'done' && r.payload === null), 'both events to be done');
    });
  });
}
