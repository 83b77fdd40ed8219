import assert from 'node:assert/strict';
import pino from 'pino';
import type { Activity } from 'botbuilder';
import { LineAdapter, type LineAdapterOptions } from '../../../adapters/line/line-adapter';
import { activitiesToLineMessages, isLineWebhookBody, lineEventToActivity, LINE_LIMITS, type LineTextMessage } from '../../../adapters/line/line-mapping';
import { signLineBody } from '../../../adapters/line/line-signature';
import { FakeLineApi } from '../../helpers/fake-line-api';
import { runConformance } from '../conformance';
import { ANSWERS, GREETINGS, languageBot } from '../helpers/language-bot';
import { fixture, serve, type Served } from '../helpers/serve';

const SECRET = 'line-test-channel-secret';
const TOKEN = 'line-test-access-token';
const log = pino({ level: 'silent' });
/** The recorded fixtures are old: these tests accept any age (the age check has its own tests). */
const RECORDED = Number.MAX_SAFE_INTEGER;

describe('LINE adapter', () => {
  runConformance({
    channelId: 'line',
    toActivities: (p) => (isLineWebhookBody(p) ? p.events.map((e) => lineEventToActivity(e, p.destination ?? '', '203.0.113.7')) : []),
    textsOf: (p) => (isLineWebhookBody(p) ? p.events.map((e) => e.message?.text ?? e.postback?.data).filter((t): t is string => typeof t === 'string') : []),
    render: (acts) => activitiesToLineMessages(acts, 'en'),
    checkLimits: (r) => {
      for (const m of r as LineTextMessage[]) {
        assert.ok(m.text.length > 0 && m.text.length <= LINE_LIMITS.textChars);
        const items = m.quickReply?.items ?? [];
        assert.ok(items.length <= LINE_LIMITS.quickReplyItems);
        for (const i of items) assert.ok(i.action.label.length <= LINE_LIMITS.quickReplyLabel && i.action.text.length <= LINE_LIMITS.quickReplyText);
      }
    },
    visibleText: (r) => (r as LineTextMessage[]).map((m) => m.text).join(''),
    lossless: true,
  });

  let fake: FakeLineApi;
  let served: Served | undefined;
  let adapter: LineAdapter;

  async function start(options: Partial<LineAdapterOptions> = {}, bot = languageBot()): Promise<void> {
    adapter = new LineAdapter({ channelSecret: SECRET, channelAccessToken: TOKEN, apiBaseUrl: fake.url, log, retry: { baseDelayMs: 5 }, maxEventAgeMs: RECORDED, ...options });
    served = await serve(adapter, bot);
  }
  function post(raw: string, signature = signLineBody(raw, SECRET)): Promise<Response> {
    return fetch(`${served?.url}/webhooks/line`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body: raw });
  }

  beforeEach(async () => {
    fake = await new FakeLineApi(TOKEN).start();
  });
  afterEach(async () => {
    await adapter?.drain();
    await served?.close();
    served = undefined;
    await fake.stop();
  });

  it('when the signature is forged, then it answers 401 and sends nothing', async () => {
    await start();
    const { raw } = fixture('line', 'text-message-ja');
    const res = await post(raw, signLineBody(raw, 'another-secret'));
    assert.equal(res.status, 401);
    await adapter.drain();
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(fake.requests.length, 0);
  });

  it('when the signature header is missing or the body was altered after signing, then it answers 401', async () => {
    await start();
    const { raw } = fixture('line', 'text-message-ja');
    const noSig = await fetch(`${served?.url}/webhooks/line`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    assert.equal(noSig.status, 401);
    const altered = await post(raw.replace('児童手当', '住民税'), signLineBody(raw, SECRET));
    assert.equal(altered.status, 401);
    await adapter.drain();
    assert.equal(fake.requests.length, 0);
  });

  it('when a signed Japanese text event arrives, then it answers 200 at once and a Japanese reply with quick replies arrives by reply token after the loading animation', async () => {
    await start({}, languageBot({ delayMs: 300 }));
    const { raw } = fixture('line', 'text-message-ja');
    const t0 = Date.now();
    const res = await post(raw);
    assert.equal(res.status, 200);
    assert.ok(Date.now() - t0 < 250, 'webhook must be acknowledged before the answer is ready');
    const reply = await fake.waitFor((r) => r.path === '/v2/bot/message/reply');
    const body = reply.body as { replyToken: string; messages: LineTextMessage[] };
    assert.equal(body.replyToken, '38ef843bde154d9b91c21320ffd17a0f');
    assert.ok(body.messages[0]?.text.startsWith(ANSWERS.ja));
    assert.ok(!body.messages[0]?.text.includes('Sources: [1] Guide'), 'footer replaced by native citations');
    assert.ok(body.messages[0]?.text.includes('https://city.example/child-allowance'));
    assert.deepEqual(body.messages.at(-1)?.quickReply?.items.map((i) => i.action.label), ['Office hours', 'Talk to a person']);
    const loading = fake.calls('/v2/bot/chat/loading/start');
    assert.equal(loading.length >= 1, true);
    assert.deepEqual((loading[0]?.body as { chatId: string }).chatId, 'U4af4980629a1b2c3d4e5f60718293a4b');
    assert.ok((loading[0]?.at ?? Infinity) <= reply.at);
    assert.equal(fake.calls('/v2/bot/message/push').length, 0);
  });

  it('when a Korean event arrives, then the reply is in Korean', async () => {
    await start();
    await post(fixture('line', 'text-message-ko').raw);
    await adapter.drain();
    assert.ok(fake.deliveredTexts()[0]?.startsWith(ANSWERS.ko));
  });

  it('when the reply token is stale, then the answer goes by push with an X-Line-Retry-Key UUID', async () => {
    await start({ replyTokenTtlMs: 0 });
    await post(fixture('line', 'text-message-ja').raw);
    const push = await fake.waitFor((r) => r.path === '/v2/bot/message/push');
    assert.equal(fake.calls('/v2/bot/message/reply').length, 0);
    assert.match(String(push.headers['x-line-retry-key']), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal((push.body as { to: string }).to, 'U4af4980629a1b2c3d4e5f60718293a4b');
    assert.ok(fake.deliveredTexts()[0]?.startsWith(ANSWERS.ja));
  });

  it('when LINE refuses the reply token, then it falls back to push', async () => {
    fake.expireReplyTokens = true;
    await start();
    await post(fixture('line', 'text-message-ja').raw);
    await fake.waitFor((r) => r.path === '/v2/bot/message/push');
    await adapter.drain();
    assert.equal(fake.calls('/v2/bot/message/reply').length, 1);
    assert.ok(fake.deliveredTexts().some((t) => t.startsWith(ANSWERS.ja)));
  });

  it('when a push fails twice with 500, then it is retried with the same retry key and delivered once', async () => {
    fake.failNext('/v2/bot/message/push', 2, 500);
    await start({ replyTokenTtlMs: 0 });
    await post(fixture('line', 'text-message-ja').raw);
    await adapter.drain();
    const pushes = fake.calls('/v2/bot/message/push');
    assert.equal(pushes.length, 3);
    assert.equal(new Set(pushes.map((p) => p.headers['x-line-retry-key'])).size, 1);
  });

  it('when LINE accepted a push but the response was lost, then the retry gets 409, counts as delivered and is not repeated', async () => {
    fake.losePushResponses = 1;
    await start({ replyTokenTtlMs: 0 });
    await post(fixture('line', 'text-message-ja').raw);
    await adapter.drain();
    const pushes = fake.calls('/v2/bot/message/push');
    assert.equal(pushes.length, 2, 'one retry, then stop on 409');
    assert.equal(pushes[0]?.headers['x-line-retry-key'], pushes[1]?.headers['x-line-retry-key']);
    assert.equal(fake.acceptedPushes, 1, 'delivered once');
  });

  it('when an event is redelivered after it was processed, then it is ignored', async () => {
    await start();
    await post(fixture('line', 'text-message-ja').raw);
    await adapter.drain();
    const res = await post(fixture('line', 'redelivered').raw);
    assert.equal(res.status, 200);
    await adapter.drain();
    assert.equal(fake.deliveredTexts().length, 1);
  });

  it('when the same webhookEventId arrives twice without the redelivery flag, then it is processed once', async () => {
    await start();
    const { raw } = fixture('line', 'text-message-ko');
    await Promise.all([post(raw), post(raw)]);
    await adapter.drain();
    assert.equal(fake.deliveredTexts().length, 1);
  });

  it('when a batch has a group message, a sticker, a postback and a follow, then each is handled the LINE way', async () => {
    await start();
    await post(fixture('line', 'group-and-others').raw);
    await adapter.drain();
    const replies = fake.calls('/v2/bot/message/reply').map((r) => r.body as { replyToken: string; messages: LineTextMessage[] });
    const byToken = new Map(replies.map((r) => [r.replyToken, r.messages[0]?.text ?? '']));
    assert.ok(byToken.get('5a0b065df0376f1db3e43542bbf39c2c')?.startsWith(ANSWERS.en), 'group message answered');
    assert.equal(byToken.has('6b1c176e01487020c4f54653ccf40d3d'), false, 'sticker ignored');
    assert.ok(byToken.get('7c2d287f12598131d5065764dd051e4e')?.startsWith(ANSWERS.ja), 'postback data used as text');
    assert.equal(byToken.get('8d3e398023609242e6176875ee162f5f'), GREETINGS.en, 'follow greeted');
    const loadingChats = fake.calls('/v2/bot/chat/loading/start').map((r) => (r.body as { chatId: string }).chatId);
    assert.ok(!loadingChats.includes('Ca56f94637c1a2b3c4d5e6f708192a3b4'), 'no loading animation in groups');
  });

  it('when the body is signed but not JSON, or too large, then it answers 4xx with a JSON error', async () => {
    await start({ bodyLimit: '2kb' });
    const bad = await post('{not json');
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { error: 'invalid JSON body' });
    const wrongShape = await post('{"foo":1}');
    assert.equal(wrongShape.status, 400);
    const big = JSON.stringify({ events: [], pad: 'x'.repeat(5000) });
    const tooLarge = await post(big);
    assert.equal(tooLarge.status, 413);
    assert.equal(((await tooLarge.json()) as { error: string }).error, 'payload too large');
  });

  it('when a signed body holds a null or malformed event, then 400 with a JSON error, and the bot never runs', async () => {
    let turns = 0;
    await start({}, async () => {
      turns += 1;
    });
    const { json } = fixture('line', 'text-message-ja');
    const good = (json as { events: Record<string, unknown>[] }).events[0];
    for (const events of [
      [null],
      [good, null],
      [1],
      [{ ...good, timestamp: 'yesterday' }],
      [{ ...good, message: { id: '1', type: 'text', text: 5 } }],
      [{ ...good, source: ['U1'] }],
    ]) {
      const res = await post(JSON.stringify({ destination: 'Ubot', events }));
      assert.equal(res.status, 400, JSON.stringify(events));
      assert.match(((await res.json()) as { error: string }).error, /LINE webhook body/);
    }
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(turns, 0);
    assert.equal(fake.requests.length, 0);
  });

  it('when middleware is registered with use(), then it runs on every turn before the bot', async () => {
    await start();
    const seen: Partial<Activity>[] = [];
    adapter.use({ onTurn: async (ctx, next) => { seen.push(ctx.activity); await next(); } });
    await post(fixture('line', 'text-message-ja').raw);
    await adapter.drain();
    assert.equal(seen.length, 1);
    assert.equal(seen[0]?.text, '児童手当の申請方法を教えてください');
    assert.equal((seen[0]?.channelData as { clientIp: string }).clientIp.includes('127.0.0.1'), true);
  });

  it('when an officer message is sent proactively, then it is pushed to the stored conversation', async () => {
    await start();
    await adapter.continueConversation(
      { channelId: 'line', conversation: { id: 'U4af4980629a1b2c3d4e5f60718293a4b', isGroup: false, conversationType: 'user', name: '' }, user: { id: 'U4af4980629a1b2c3d4e5f60718293a4b', name: '' }, bot: { id: 'bot', name: '' } },
      languageBot(),
    );
    const [push] = fake.calls('/v2/bot/message/push');
    assert.equal((push?.body as { to: string }).to, 'U4af4980629a1b2c3d4e5f60718293a4b');
    assert.deepEqual(fake.deliveredTexts(), ['Officer: your application was received.']);
  });

  it('when the settings are absent, then the channel is off and the endpoint answers 404 naming the variables', async () => {
    adapter = new LineAdapter({ channelSecret: '', channelAccessToken: '', apiBaseUrl: fake.url, log });
    assert.equal(adapter.enabled, false);
    served = await serve(adapter, languageBot());
    const res = await fetch(`${served.url}/webhooks/line`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: 'channel line is not configured (set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN)' });
  });

  it('when updateActivity or deleteActivity is called, then a typed not-supported error is raised', async () => {
    await start();
    const { TurnContext } = await import('botbuilder');
    const ctx = new TurnContext(adapter, { type: 'message', conversation: { id: 'c', isGroup: false, conversationType: '', name: '' } });
    await assert.rejects(adapter.updateActivity(ctx, {}), { name: 'ChannelNotSupportedError' });
    await assert.rejects(adapter.deleteActivity(ctx, {}), { name: 'ChannelNotSupportedError' });
  });
});
