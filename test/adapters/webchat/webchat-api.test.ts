import assert from 'node:assert/strict';
import pino from 'pino';
import type { Activity } from 'botbuilder';
import { InProcessWebchatBus } from '../../../adapters/webchat/webchat-bus';
import { WebchatAdapter } from '../../../adapters/webchat/webchat-adapter';
import { activityToWebchatEvent, webchatToActivity } from '../../../adapters/webchat/webchat-mapping';
import { runConformance } from '../conformance';
import { ANSWERS, GREETINGS, languageBot } from '../helpers/language-bot';
import { MemoryTranscript } from '../helpers/memory-transcript';
import type { TranscriptLine } from '../../../adapters/webchat/transcript-reader';
import { sourcesFooter } from '../../../dialogs/answer-reply';
import { fixture, serve, until, type Served } from '../helpers/serve';
import { openSse } from '../helpers/sse-client';

const log = pino({ level: 'silent' });

interface Conv {
  conversationId: string;
  token: string;
}

describe('web chat API', () => {
  runConformance({
    channelId: 'webchat',
    toActivities: (p) => [webchatToActivity('wc-AAAAAAAAAAAAAAAAAAAAAA', { type: 'message', ...(p as { text: string; lang?: string }) }, '203.0.113.9')],
    textsOf: (p) => [(p as { text: string }).text],
    render: (acts) => acts.map(activityToWebchatEvent).filter((e) => e !== null),
    checkLimits: (r) => {
      for (const e of r as ReturnType<typeof activityToWebchatEvent>[]) assert.ok(e && ['message', 'typing', 'partial'].includes(e.type));
    },
    visibleText: (r) =>
      (r as ReturnType<typeof activityToWebchatEvent>[])
        .map((e) => (e?.type === 'message' ? `${e.text}${e.citations.map((c) => c.title).join(' ')}` : ''))
        .join(''),
    lossless: true,
  });

  let served: Served | undefined;
  let adapter: WebchatAdapter;
  let transcript: MemoryTranscript;

  async function start(stream = false): Promise<void> {
    transcript = new MemoryTranscript();
    adapter = new WebchatAdapter({ tokenSecret: 'test-webchat-secret', bus: new InProcessWebchatBus(), transcript, log, maxMessageChars: 200 });
    adapter.use(transcript);
    served = await serve(adapter, languageBot({ stream }));
  }
  async function create(): Promise<Conv> {
    const res = await fetch(`${served?.url}/webchat/api/conversations`, { method: 'POST' });
    assert.equal(res.status, 201);
    return (await res.json()) as Conv;
  }
  function say(c: Conv, body: unknown, token = c.token): Promise<Response> {
    return fetch(`${served?.url}/webchat/api/conversations/${c.conversationId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  afterEach(async () => {
    await adapter?.drain();
    await served?.close();
    served = undefined;
  });

  it('when a resident asks, then typing and the answer with citations and suggested actions arrive over SSE in their language', async () => {
    await start();
    const c = await create();
    const sse = await openSse(`${served?.url}/webchat/api/conversations/${c.conversationId}/events`, c.token);
    assert.equal(sse.status, 200);
    await until(() => sse.events.some((e) => e.event === 'ready'));
    assert.equal((await say(c, fixture('webchat', 'message-ko').json)).status, 202);
    await until(() => sse.events.some((e) => e.event === 'message'));
    sse.close();
    assert.ok(sse.events.some((e) => e.event === 'typing'));
    const msg = sse.events.find((e) => e.event === 'message')?.data as { text: string; citations: { url?: string }[]; actions: { title: string }[] };
    assert.equal(msg.text, ANSWERS.ko, 'sources footer removed; citations sent natively');
    assert.equal(msg.citations[0]?.url, 'https://city.example/child-allowance');
    assert.deepEqual(msg.actions.map((a) => a.title), ['Office hours', 'Talk to a person']);
  });

  it('when the bot streams, then partial events grow and the final message carries the stream id', async () => {
    await start(true);
    const c = await create();
    const sse = await openSse(`${served?.url}/webchat/api/conversations/${c.conversationId}/events`, c.token);
    await until(() => sse.events.some((e) => e.event === 'ready'));
    await say(c, fixture('webchat', 'message-en').json);
    await until(() => sse.events.some((e) => e.event === 'message'));
    sse.close();
    const partials = sse.events.filter((e) => e.event === 'partial').map((e) => (e.data as { text: string }).text);
    assert.ok(partials.length > 3);
    for (let i = 1; i < partials.length; i++) assert.ok((partials[i] ?? '').startsWith(partials[i - 1] ?? 'x'));
    assert.equal((sse.events.find((e) => e.event === 'message')?.data as { streamId: string }).streamId, 's1');
  });

  it("when a token from another conversation is used, then reading its events, history or posting is refused", async () => {
    await start();
    const mine = await create();
    const theirs = await create();
    assert.notEqual(mine.conversationId, theirs.conversationId);
    const sse = await openSse(`${served?.url}/webchat/api/conversations/${theirs.conversationId}/events`, mine.token);
    assert.equal(sse.status, 401);
    const hist = await fetch(`${served?.url}/webchat/api/conversations/${theirs.conversationId}/history`, { headers: { authorization: `Bearer ${mine.token}` } });
    assert.equal(hist.status, 401);
    assert.equal((await say(theirs, { text: 'hi' }, mine.token)).status, 401);
    assert.equal((await fetch(`${served?.url}/webchat/api/conversations/${theirs.conversationId}/history`)).status, 401);
  });

  it('when the body is empty, not JSON, too long or too large, then it answers 4xx with a JSON error', async () => {
    await start();
    const c = await create();
    assert.equal((await say(c, { text: '   ' })).status, 400);
    const notJson = await say(c, '{"text":');
    assert.equal(notJson.status, 400);
    assert.deepEqual(await notJson.json(), { error: 'invalid JSON body' });
    assert.equal((await say(c, { text: 'x'.repeat(201) })).status, 413);
    assert.equal((await say(c, { text: 'y'.repeat(20000) })).status, 413);
  });

  it('when the page reloads, then the history endpoint returns the conversation so far', async () => {
    await start();
    const c = await create();
    await say(c, fixture('webchat', 'message-en').json);
    await adapter.drain();
    const res = await fetch(`${served?.url}/webchat/api/conversations/${c.conversationId}/history`, { headers: { authorization: `Bearer ${c.token}` } });
    const body = (await res.json()) as { messages: { from: string; text: string }[] };
    assert.deepEqual(body.messages.map((m) => m.from), ['user', 'bot']);
    assert.equal(body.messages[0]?.text, 'When is the service desk open?');
  });

  it('when the widget joins and when an officer replies proactively, then both reach the open stream', async () => {
    await start();
    const c = await create();
    const sse = await openSse(`${served?.url}/webchat/api/conversations/${c.conversationId}/events`, c.token);
    await until(() => sse.events.some((e) => e.event === 'ready'));
    await fetch(`${served?.url}/webchat/api/conversations/${c.conversationId}/join`, { method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' }, body: '{"lang":"ja"}' });
    await adapter.continueConversation({ channelId: 'webchat', conversation: { id: c.conversationId, isGroup: false, conversationType: 'personal', name: '' }, user: { id: c.conversationId, name: '' } }, languageBot());
    await until(() => sse.events.filter((e) => e.event === 'message').length >= 2);
    sse.close();
    const texts = sse.events.filter((e) => e.event === 'message').map((e) => (e.data as { text: string }).text);
    assert.deepEqual(texts, [GREETINGS.ja, 'Officer: your application was received.']);
  });

  it('when the page reloads after an answer with sources and an officer reply, then the history keeps the sources as citations and says who wrote each line', async () => {
    const answerText = '申込みは11月1日から11月28日までです。\n- 窓口\n- 電子申請';
    const citations = [
      { n: 1, docId: 'sakuradai-nursery-admission', title: '保育所の入所申込み (Nursery Admission, Sakuradai City)', url: 'https://city.example/sakuradai/nursery' },
      { n: 2, docId: 'sakuradai-child-allowance', title: '児童手当 — 案内' },
    ];
    // Lines as the transcript table holds them: the answer's text with its sources footer, as sent.
    const lines: TranscriptLine[] = [
      { direction: 'in', author: 'resident', text: '保育所の申込みはいつまで？', createdAt: new Date() },
      { direction: 'out', author: 'bot', text: `${answerText}\n\n${sourcesFooter({ citations }, 'ja')}`, createdAt: new Date() },
      { direction: 'out', author: 'system', text: '担当職員が会話に参加しました。', createdAt: new Date() },
      { direction: 'out', author: 'officer', text: '担当の佐藤です。', createdAt: new Date() },
    ];
    adapter = new WebchatAdapter({ tokenSecret: 'test-webchat-secret', bus: new InProcessWebchatBus(), transcript: { list: async () => lines }, log });
    served = await serve(adapter, languageBot());
    const c = await create();
    const res = await fetch(`${served.url}/webchat/api/conversations/${c.conversationId}/history`, { headers: { authorization: `Bearer ${c.token}` } });
    const body = (await res.json()) as { messages: { from: string; author: string; text: string; citations: { n: number; title: string; url?: string }[] }[] };
    assert.deepEqual(body.messages.map((m) => [m.from, m.author]), [['user', 'resident'], ['bot', 'bot'], ['bot', 'system'], ['bot', 'officer']], '`from` keeps its old values');
    const answer = body.messages[1];
    assert.equal(answer?.text, '申込みは11月1日から11月28日までです。\n• 窓口\n• 電子申請', 'footer removed, bullets as in the live event');
    assert.deepEqual(answer?.citations, [
      { n: 1, title: '保育所の入所申込み (Nursery Admission, Sakuradai City)', url: 'https://city.example/sakuradai/nursery' },
      { n: 2, title: '児童手当 — 案内' },
    ]);
    assert.deepEqual(body.messages[3]?.citations, []);
  });

  it('when a reader does not know authors, then the history still answers as before, with the author taken from the direction', async () => {
    await start();
    const c = await create();
    await say(c, fixture('webchat', 'message-en').json);
    await adapter.drain();
    const res = await fetch(`${served?.url}/webchat/api/conversations/${c.conversationId}/history`, { headers: { authorization: `Bearer ${c.token}` } });
    const body = (await res.json()) as { messages: { from: string; author: string; text: string; createdAt: string }[] };
    assert.deepEqual(body.messages.map((m) => [m.from, m.author]), [['user', 'resident'], ['bot', 'bot']]);
    assert.ok(body.messages.every((m) => typeof m.text === 'string' && !Number.isNaN(Date.parse(m.createdAt))));
  });

  it("when an officer's message and the bot's reach the open stream, then each event says who wrote it", async () => {
    await start();
    const c = await create();
    const sse = await openSse(`${served?.url}/webchat/api/conversations/${c.conversationId}/events`, c.token);
    await until(() => sse.events.some((e) => e.event === 'ready'));
    const reference = { channelId: 'webchat', conversation: { id: c.conversationId, isGroup: false, conversationType: 'personal', name: '' }, user: { id: c.conversationId, name: '' } };
    // As officers/resident-messenger.ts sends an officer's reply.
    await adapter.continueConversation(reference, async (context) => {
      await context.sendActivity({ type: 'message', text: '担当の佐藤です。', channelData: { madoguchi: { author: 'officer' } } });
    });
    assert.equal((await say(c, fixture('webchat', 'message-en').json)).status, 202);
    await until(() => sse.events.filter((e) => e.event === 'message').length >= 2);
    sse.close();
    const messages = sse.events.filter((e) => e.event === 'message').map((e) => e.data as { text: string; author: string });
    assert.deepEqual(messages.map((m) => m.author), ['officer', 'bot']);
    assert.equal(messages[0]?.text, '担当の佐藤です。');
  });

  it('when the widget assets and strings are requested, then they are served for embedding from another origin', async () => {
    await start();
    const js = await fetch(`${served?.url}/webchat/widget.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    assert.equal(js.headers.get('access-control-allow-origin'), '*');
    const strings = (await (await fetch(`${served?.url}/webchat/locales/ja.json`)).json()) as { send: string };
    assert.equal(strings.send, '送信');
    const fallback = (await (await fetch(`${served?.url}/webchat/locales/xx.json`)).json()) as { send: string };
    assert.equal(fallback.send, 'Send');
  });

  it('when web chat is turned off, then the endpoint answers 404 with the reason', async () => {
    adapter = new WebchatAdapter({ tokenSecret: 's', bus: new InProcessWebchatBus(), transcript: new MemoryTranscript(), log, enabled: false });
    served = await serve(adapter, languageBot());
    const res = await fetch(`${served.url}/webchat/widget.js`);
    assert.equal(res.status, 404);
    assert.match(((await res.json()) as { error: string }).error, /WEBCHAT_ENABLED/);
  });

  it('when an activity is mapped, then the resident text is in text only and the locale follows the widget language', () => {
    const a: Partial<Activity> = webchatToActivity('wc-AAAAAAAAAAAAAAAAAAAAAA', { type: 'message', text: '질문', lang: 'ko' }, '::1');
    assert.equal(a.locale, 'ko-KR');
    assert.ok(!JSON.stringify(a.channelData).includes('질문'));
  });
});
