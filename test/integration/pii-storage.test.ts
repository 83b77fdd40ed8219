/**
 * Issue 23, item 5, through the real container and HTTP server on the embedded database and on
 * PostgreSQL: a Bot Framework resident whose display name holds a phone number and who writes ID,
 * phone and card numbers in the forms the masker once missed; a Kakao resident doing the same; an
 * officer who replies to both through the officer API (and writes a note) with personal data of
 * their own. Afterwards a dump of every text and JSON column of every table holds none of the raw
 * values, in any spelling (the digits with whatever separators between them).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../bot/config';
import { buildContainer, type Container } from '../../bot/container';
import { startServer, type RunningServer } from '../../bot/server';
import { addOfficer } from '../../bot/commands/officer-command';
import { storedText } from '../../storage/stored-text';
import { emulatorActivity, startReplySink, type ReplySink } from '../helpers/reply-sink';
import { assertNoneStored } from '../helpers/stored-values';
import { createThrowawayPostgres, requirePostgres, type ThrowawayPostgres } from '../helpers/test-databases';
import { api, officeOpenNowEnv, officerToken, until } from './integration-helpers';

const log = pino({ level: 'silent' });
const PASSWORD = 'correct horse battery staple';
const KAKAO_SECRET = 'pii-storage-kakao-skill-secret';

/** What the residents and the officer write; none may be stored as written. */
const DISPLAY_NAME = 'Resident 010-3333-4444';
const RESIDENT_BF = [
  'My resident number is 900102\u200b-1234568',
  'or 900103 - 1234569, my wife 900105.1234562',
  'call me on 010\u200b2222\u200b1111 or 010-1212-3434\u0000',
  'my card 4111.1111.1111.1111 was charged twice',
];
const RESIDENT_KAKAO = ['제 주민번호는 900102\u200b-1234568 이고 전화 010\u200b5656\u200b7878 입니다', '카드 5500.0000.0000.0004 로 냈어요'];
const OFFICER_REPLY = 'I am Kim, call me back on 010-9898-7676 or 010\u200b4545\u200b2323; your number 900105.1234562 is on file.';
const OFFICER_NOTE = 'Resident gave card 4111.1111.1111.1111 and phone 010-1212-3434';
const RAW_VALUES = [
  '010-3333-4444',
  '900102-1234568',
  '900103-1234569',
  '900105-1234562',
  '010-2222-1111',
  '010-1212-3434',
  '4111-1111-1111-1111',
  '010-5656-7878',
  '5500-0000-0000-0004',
  '010-9898-7676',
  '010-4545-2323',
];

for (const driver of ['pglite', 'postgres'] as const) {
  describe(`personal data on every path to storage (${driver}, real server)`, function () {
    this.timeout(90000);
    let pg: ThrowawayPostgres | null = null;
    let sink: ReplySink;
    let running: { container: Container; server: RunningServer } | null = null;
    let dataDir = '';
    const url = () => running!.server.url;

    before(async function () {
      if (driver === 'postgres') {
        await requirePostgres(this);
        pg = await createThrowawayPostgres();
      }
      sink = await startReplySink();
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-pii-'));
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
          BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true',
          KAKAO_SKILL_SECRET: KAKAO_SECRET,
          KAKAO_CALLBACK_ENABLED: 'false',
          ...officeOpenNowEnv(),
        },
        null,
      );
      const container = await buildContainer(config, log, { skipKbImport: true });
      const server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, beginShutdown: container.beginShutdown, onShutdown: [container.shutdown] });
      running = { container, server };
      await addOfficer(container.db, { email: 'kim@city.example', name: 'Kim', role: 'officer' }, async () => PASSWORD, 4);
    });
    after(async () => {
      await running?.server.stop();
      await sink?.close();
      await pg?.drop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    });

    async function botFramework(conversation: string, text: string): Promise<void> {
      const activity = { ...emulatorActivity(sink, conversation, text), from: { id: `user-${conversation}`, name: DISPLAY_NAME } };
      const res = await fetch(`${url()}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      assert.equal(res.status, 200, text);
    }
    async function kakao(userId: string, utterance: string): Promise<string[]> {
      const body = {
        intent: { id: 'intent-1', name: '폴백 블록' },
        userRequest: { timezone: 'Asia/Seoul', params: {}, block: { id: 'block-1', name: '폴백 블록' }, utterance, lang: 'ko', user: { id: userId, type: 'botUserKey', properties: {} } },
        bot: { id: 'bot-1', name: '민원 챗봇' },
        action: { name: 'madoguchi_skill', clientExtra: null, params: {}, id: `action-${Math.random()}`, detailParams: {} },
        contexts: [],
      };
      const res = await fetch(`${url()}/webhooks/kakao`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-skill-secret': KAKAO_SECRET }, body: JSON.stringify(body) });
      assert.equal(res.status, 200, utterance);
      const json = (await res.json()) as { template?: { outputs?: { simpleText?: { text: string } }[] } };
      return (json.template?.outputs ?? []).flatMap((o) => (o.simpleText ? [o.simpleText.text] : []));
    }
    async function openHandoff(channelId: string, conversationId: string): Promise<string> {
      let id = '';
      await until(async () => {
        const { rows } = await running!.container.db.query<{ id: string }>(
          "SELECT id FROM handoffs WHERE channel_id = $1 AND conversation_id = $2 AND status IN ('queued', 'assigned', 'active')",
          [channelId, conversationId],
        );
        id = rows[0]?.id ?? '';
        return id !== '';
      }, `a hand-off for ${channelId}/${conversationId}`);
      return id;
    }

    it('when residents and an officer exchange ID, phone and card numbers in every spelling, then the database holds none of them', async () => {
      const token = await officerToken(url(), 'kim@city.example', PASSWORD);

      // A Bot Framework resident whose display name is a phone number.
      const conversation = `pii-${driver}`;
      for (const text of RESIDENT_BF) await botFramework(conversation, text);
      await botFramework(conversation, 'I want to talk to a person');
      const bfHandoff = await openHandoff('emulator', conversation);

      // A Kakao resident.
      const kakaoUser = `kakao-pii-${driver}`;
      for (const text of RESIDENT_KAKAO) await kakao(kakaoUser, text);
      await kakao(kakaoUser, '상담원과 이야기하고 싶어요');
      const kakaoHandoff = await openHandoff('kakao', kakaoUser);

      // The officer replies to both through the API, with personal data, and writes a note.
      for (const id of [bfHandoff, kakaoHandoff]) {
        assert.equal((await api(url(), 'POST', `/api/officer/handoffs/${id}/claim`, token)).status, 200);
        const sent = await api<{ message: { delivery: string; text: string } }>(url(), 'POST', `/api/officer/handoffs/${id}/messages`, token, { text: OFFICER_REPLY });
        assert.equal(sent.status, 201, JSON.stringify(sent.body));
        assert.equal(sent.body.message.delivery, 'sent');
        assert.equal((await api(url(), 'POST', `/api/officer/handoffs/${id}/notes`, token, { text: OFFICER_NOTE })).status, 201);
      }
      // The Bot Framework resident received the officer's words as written; the Kakao reply waits, masked, for the next utterance.
      await until(() => sink.received.some((r) => r.activity.text === OFFICER_REPLY), 'the officer reply at the Bot Framework channel');
      const { rows: pending } = await running!.container.db.query<{ payload: unknown }>('SELECT payload FROM kakao_pending_messages WHERE user_id = $1', [kakaoUser]);
      assert.ok(pending.length > 0, 'the officer reply waits for the Kakao resident');
      // Background transcript writes have landed.
      await until(async () => {
        const { rows } = await running!.container.db.query<{ n: number }>("SELECT count(*)::int AS n FROM transcript WHERE author = 'officer'");
        return (rows[0]?.n ?? 0) >= 2;
      }, 'the officer lines in the transcript');
      await until(async () => {
        const { rows } = await running!.container.db.query<{ n: number }>('SELECT count(*)::int AS n FROM conversation_refs WHERE conversation_id = $1', [conversation]);
        return (rows[0]?.n ?? 0) === 1;
      }, 'the conversation reference');

      assertNoneStored(await storedText(running!.container.db), RAW_VALUES);
      // What was stored in their place: the tokens, where each path used to keep the raw value.
      const one = async (sql: string, params: unknown[]) => JSON.stringify((await running!.container.db.query(sql, params)).rows);
      assert.match(await one('SELECT reference FROM conversation_refs WHERE conversation_id = $1', [conversation]), /Resident \[PHONE\]/);
      assert.match(await one('SELECT reference FROM handoffs WHERE id = $1', [bfHandoff]), /Resident \[PHONE\]/);
      assert.match(await one("SELECT text FROM transcript WHERE author = 'officer' AND conversation_id = $1", [conversation]), /\[PHONE\].*\[PHONE\].*\[RRN\]/);
      assert.match(await one('SELECT payload FROM kakao_pending_messages WHERE user_id = $1', [kakaoUser]), /\[PHONE\].*\[PHONE\].*\[RRN\]/);

      // The Kakao resident's next utterance delivers the (masked) officer reply.
      const next = (await kakao(kakaoUser, '네 감사합니다')).join('\n');
      assert.match(next, /I am Kim, call me back on \[PHONE\] or \[PHONE\]; your number \[RRN\] is on file\./);
    });
  });
}
