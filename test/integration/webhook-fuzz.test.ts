/**
 * Fuzzed payloads through the real server's webhooks (container + Express, PGlite in memory and,
 * where it answers, PostgreSQL): 120 seeded mutations of real-shaped fixtures per webhook (see
 * test/helpers/webhook-fuzz.ts), then the cases that once answered 503 on their own. A malformed
 * body must be refused with a 4xx, never a 5xx; an accepted one must be processed fully (no
 * error-level log line, every inbox event `done`); and the server must keep answering. The full run
 * is `npx tsx bench/webhook-fuzz.ts --n 3000 [--postgres]`.
 */
import assert from 'node:assert/strict';
import { signLineBody } from '../../adapters/line/line-signature';
import { bootFuzzServer, errorLines, FUZZ_SECRETS, fuzzWebhook, serverErrors, settledInbox, unfinishedEvents, WEBHOOKS, type FuzzServer } from '../helpers/webhook-fuzz';
import { createThrowawayPostgres, postgresAvailable, type ThrowawayPostgres } from '../helpers/test-databases';

const PER_WEBHOOK = 120;

for (const database of ['pglite', 'postgresql'] as const) {
  describe(`fuzzed webhook payloads through the real server (${database})`, function () {
    this.timeout(180000);
    let fuzz: FuzzServer;
    let pg: ThrowawayPostgres | undefined;
    const unhandled: unknown[] = [];
    const onRejection = (reason: unknown) => unhandled.push(reason);

    before(async function () {
      if (database === 'postgresql') {
        if (!(await postgresAvailable())) {
          if (process.env.CI === 'true') throw new Error('PostgreSQL is required in CI');
          this.skip();
        }
        pg = await createThrowawayPostgres();
      }
      process.on('unhandledRejection', onRejection);
      fuzz = await bootFuzzServer(pg ? { databaseUrl: pg.url } : {});
    });
    after(async () => {
      process.off('unhandledRejection', onRejection);
      await fuzz?.stop();
      await pg?.drop();
    });

    for (const [k, webhook] of WEBHOOKS.entries()) {
      it(`when ${PER_WEBHOOK} mutated payloads reach ${webhook}, then none is answered 5xx or left unanswered`, async () => {
        const result = await fuzzWebhook(fuzz.url, webhook, PER_WEBHOOK, { seed: 20260 + k * 1_000_003, concurrency: 6, serviceUrl: fuzz.sink.url });
        assert.equal(result.sent, PER_WEBHOOK);
        assert.equal(serverErrors(result), 0, JSON.stringify(result, null, 1));
        // Refusals and acceptances both occur: the generator reaches past the parser.
        assert.ok(Object.keys(result.byStatus).some((s) => s.startsWith('4')), JSON.stringify(result.byStatus));
        assert.ok(Object.keys(result.byStatus).some((s) => s.startsWith('2')), JSON.stringify(result.byStatus));
      });
    }

    it('when a signed LINE event or a Telegram update carries a lone surrogate, then it is stored and acknowledged (200), not refused with 503', async () => {
      const now = Date.now();
      const line = JSON.stringify({
        destination: 'U0a1b2c3d4e5f60718293a4b5c6d7e8f9',
        events: [{ type: 'message', message: { type: 'text', id: `${now}`, text: 'half an emoji \ud83d' }, webhookEventId: `01FUZZ${now}`, timestamp: now, source: { type: 'user', userId: 'U4af4980629a1b2c3d4e5f60718293a4b' }, replyToken: `rt${now}`, mode: 'active' }],
      });
      const lineRes = await fetch(`${fuzz.url}/webhooks/line`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signLineBody(line, FUZZ_SECRETS.lineSecret) }, body: line });
      assert.equal(lineRes.status, 200);
      const update = { update_id: now % 2 ** 31, message: { message_id: 1, date: Math.floor(now / 1000), chat: { id: 581234567, type: 'private' }, from: { id: 581234567, is_bot: false, first_name: '\udfff' }, text: 'lone \ud800 surrogate' } };
      const tgRes = await fetch(`${fuzz.url}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': FUZZ_SECRETS.telegramSecret }, body: JSON.stringify(update) });
      assert.equal(tgRes.status, 200);
    });

    it('when a Telegram update has a chat that is a string or a message that is an array, then it is refused with 400', async () => {
      const post = (update: unknown) =>
        fetch(`${fuzz.url}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': FUZZ_SECRETS.telegramSecret }, body: JSON.stringify(update) }).then((r) => r.status);
      const date = Math.floor(Date.now() / 1000);
      assert.equal(await post({ update_id: 11, message: { message_id: 1, date, chat: 'private', text: 'hi' } }), 400);
      assert.equal(await post({ update_id: 12, message: [{ message_id: 1, date, chat: { id: 1, type: 'private' }, text: 'hi' }] }), 400);
      assert.equal(await post({ update_id: 13, edited_message: { message_id: 1, date: 'yesterday', chat: { id: 1, type: 'private' } } }), 400);
    });

    it('when a Kakao skill request has params that are a string or a bot that is an array, then it is refused with 400', async () => {
      const post = (body: unknown) =>
        fetch(`${fuzz.url}/webhooks/kakao`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-skill-secret': FUZZ_SECRETS.kakaoSecret }, body: JSON.stringify(body) }).then((r) => r.status);
      const user = { id: 'c1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80' };
      assert.equal(await post({ userRequest: { utterance: '안녕하세요', user, params: 'x' } }), 400);
      assert.equal(await post({ userRequest: { utterance: '안녕하세요', user }, bot: [] }), 400);
    });

    it('when a LINE event id, user id or reply token, a Kakao user id or a Telegram callback id holds a NUL, a lone surrogate or hundreds of characters, then it is refused with 400 (it once failed behind the 200, or as 503)', async () => {
      const now = Date.now();
      const lineEvent = (patch: Record<string, unknown>) =>
        JSON.stringify({
          destination: 'U0a1b2c3d4e5f60718293a4b5c6d7e8f9',
          events: [{ type: 'message', message: { type: 'text', id: `${now}`, text: 'hello' }, webhookEventId: `01FUZZID${now}`, timestamp: now, source: { type: 'user', userId: 'U4af4980629a1b2c3d4e5f60718293a4b' }, replyToken: `rt${now}`, mode: 'active', ...patch }],
        });
      for (const patch of [{ webhookEventId: 'x'.repeat(300) }, { webhookEventId: `01F\u0000${now}` }, { source: { type: 'user', userId: '\ud800' } }, { replyToken: 'rt\u0000' }]) {
        const body = lineEvent(patch);
        const res = await fetch(`${fuzz.url}/webhooks/line`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signLineBody(body, FUZZ_SECRETS.lineSecret) }, body });
        assert.equal(res.status, 400, JSON.stringify(patch));
      }
      for (const id of ['abc\u0000def', '\ud800', 'k'.repeat(300)]) {
        const res = await fetch(`${fuzz.url}/webhooks/kakao`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-skill-secret': FUZZ_SECRETS.kakaoSecret },
          body: JSON.stringify({ userRequest: { utterance: '안녕하세요', user: { id, type: 'botUserKey' } } }),
        });
        assert.equal(res.status, 400, JSON.stringify(id));
      }
      const callback = { update_id: (now % 2 ** 30) + 7, callback_query: { id: 'cb\u0000', from: { id: 581234567, is_bot: false, first_name: 'Alex' }, data: 'x' } };
      const tgRes = await fetch(`${fuzz.url}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': FUZZ_SECRETS.telegramSecret }, body: JSON.stringify(callback) });
      assert.equal(tgRes.status, 400);
    });

    it('when the fuzzing is over, then every acknowledged event was processed (none failed or left in the inbox), no turn failed behind its acknowledgement, the server still answers /healthz and no promise was left unhandled', async () => {
      const inbox = await settledInbox(fuzz);
      assert.equal(unfinishedEvents(inbox), 0, JSON.stringify(inbox));
      assert.ok(Object.keys(inbox).length > 0, 'events were acknowledged and stored');
      const errors = errorLines(fuzz.logLines).map((l) => `${String(l.msg)}: ${JSON.stringify((l.err as { message?: unknown } | undefined)?.message ?? '')}`);
      assert.deepEqual(errors, []);
      const res = await fetch(`${fuzz.url}/healthz`);
      assert.equal(res.status, 200);
      assert.deepEqual(unhandled, []);
    });
  });
}
