import assert from 'node:assert/strict';
import pino from 'pino';
import { KakaoAdapter, type KakaoAdapterOptions } from '../../../adapters/kakao/kakao-adapter';
import { activitiesToSkillResponse, isKakaoSkillRequest, kakaoRequestToActivity, KAKAO_LIMITS, type KakaoSkillResponse } from '../../../adapters/kakao/kakao-mapping';
import { MemoryKakaoPendingStore } from '../../../adapters/kakao/kakao-pending-store';
import { t } from '../../../locales/i18n';
import { FakeKakaoCallback } from '../../helpers/fake-kakao-callback';
import { runConformance } from '../conformance';
import { ANSWERS, languageBot, type LanguageBotOptions } from '../helpers/language-bot';
import { fixture, serve, type Served } from '../helpers/serve';

const SECRET = 'kakao-skill-secret-for-tests';
const log = pino({ level: 'silent' });

function texts(r: KakaoSkillResponse): string[] {
  return r.template.outputs.flatMap((o) => ('simpleText' in o ? [o.simpleText.text] : []));
}

describe('Kakao adapter', () => {
  runConformance({
    channelId: 'kakao',
    toActivities: (p) => (isKakaoSkillRequest(p) ? [kakaoRequestToActivity(p, '192.0.2.10')] : []),
    textsOf: (p) => (isKakaoSkillRequest(p) ? [p.userRequest.utterance] : []),
    render: (acts) => activitiesToSkillResponse(acts, 'ko', 'fallback'),
    checkLimits: (r) => {
      const res = r as KakaoSkillResponse;
      assert.equal(res.version, '2.0');
      assert.ok(res.template.outputs.length >= 1 && res.template.outputs.length <= KAKAO_LIMITS.outputs);
      for (const o of res.template.outputs) {
        if ('simpleText' in o) assert.ok(o.simpleText.text.length > 0 && o.simpleText.text.length <= KAKAO_LIMITS.simpleTextChars);
        else assert.ok(o.listCard.items.length <= KAKAO_LIMITS.listItems && o.listCard.header.title.length <= KAKAO_LIMITS.listHeader);
      }
      assert.ok((res.template.quickReplies ?? []).length <= KAKAO_LIMITS.quickReplies);
      for (const q of res.template.quickReplies ?? []) assert.ok(q.label.length <= KAKAO_LIMITS.quickReplyLabel && q.action === 'message');
    },
    visibleText: (r) =>
      (r as KakaoSkillResponse).template.outputs.map((o) => ('simpleText' in o ? o.simpleText.text : o.listCard.items.map((i) => i.title).join(' '))).join(''),
    lossless: false,
  });

  let served: Served | undefined;
  let adapter: KakaoAdapter;
  let callback: FakeKakaoCallback;
  const deadlines: unknown[] = [];

  async function start(options: Partial<KakaoAdapterOptions> = {}, bot: LanguageBotOptions = {}): Promise<void> {
    adapter = new KakaoAdapter({ skillSecret: SECRET, callbackEnabled: false, log, syncBudgetMs: 400, allowedCallbackHosts: /^127\.0\.0\.1$/, ...options });
    served = await serve(adapter, languageBot({ deadlines, ...bot }));
  }
  function post(body: string, secret: string | null = SECRET): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (secret !== null) headers['x-skill-secret'] = secret;
    return fetch(`${served?.url}/webhooks/kakao`, { method: 'POST', headers, body });
  }
  function requestWithCallback(url: string): string {
    const req = fixture('kakao', 'skill-request-callback').json as { userRequest: { callbackUrl: string } };
    req.userRequest.callbackUrl = url;
    return JSON.stringify(req);
  }

  beforeEach(async () => {
    deadlines.length = 0;
    callback = await new FakeKakaoCallback().start();
  });
  afterEach(async () => {
    await adapter?.drain();
    await served?.close();
    served = undefined;
    await callback.stop();
  });

  it('when X-Skill-Secret is missing or wrong, then it answers 401', async () => {
    await start();
    const { raw } = fixture('kakao', 'skill-request-ko');
    assert.equal((await post(raw, null)).status, 401);
    assert.equal((await post(raw, 'nope')).status, 401);
  });

  it('when a skill request arrives, then a version 2.0 response with the Korean answer, a citation card and quick replies comes back within the budget', async () => {
    await start();
    const t0 = Date.now();
    const res = await post(fixture('kakao', 'skill-request-ko').raw);
    const elapsed = Date.now() - t0;
    assert.equal(res.status, 200);
    assert.ok(elapsed < 5000);
    const body = (await res.json()) as KakaoSkillResponse;
    assert.equal(body.version, '2.0');
    assert.ok(texts(body)[0]?.startsWith(ANSWERS.ko));
    assert.ok(!texts(body).join('').includes('Sources: [1] Guide'));
    const card = body.template.outputs.find((o) => 'listCard' in o);
    assert.ok(card && 'listCard' in card);
    assert.equal(card.listCard.items[0]?.link?.web, 'https://city.example/child-allowance');
    assert.deepEqual(body.template.quickReplies?.map((q) => q.messageText), ['Office hours', 'Talk to a person']);
    assert.equal(typeof deadlines[0], 'number');
    assert.ok(Math.abs((deadlines[0] as number) - (t0 + 400)) < 300, 'deadline is now + syncBudgetMs');
  });

  it('when the bot is slow and callback mode is on, then it answers useCallback at once and POSTs the answer to the callback URL', async () => {
    await start({ callbackEnabled: true }, { delayMs: 800 });
    const t0 = Date.now();
    const res = await post(requestWithCallback(callback.callbackUrl('abc')));
    assert.ok(Date.now() - t0 < 800);
    const ack = (await res.json()) as { version: string; useCallback: boolean; data: { text: string } };
    assert.deepEqual(ack, { version: '2.0', useCallback: true, data: { text: t('ko', 'channels.kakao.thinking') } });
    const cb = await callback.waitFor((r) => r.path === '/v1/callback/abc');
    const body = cb.body as KakaoSkillResponse;
    assert.equal(body.version, '2.0');
    assert.ok(texts(body)[0]?.startsWith(ANSWERS.ko));
    assert.ok((deadlines[0] as number) - t0 > 10000, 'callback turns get a longer deadline');
  });

  it('when the callback POST fails once, then it is retried', async () => {
    callback.failNext('/v1/callback/retry', 1, 503);
    await start({ callbackEnabled: true }, { delayMs: 600 });
    await post(requestWithCallback(callback.callbackUrl('retry')));
    await adapter.drain();
    assert.equal(callback.calls('/v1/callback/retry').length, 2);
  });

  it('when the callback URL is not on an allowed host, then it is not used and the answer is synchronous', async () => {
    await start({ callbackEnabled: true, allowedCallbackHosts: /(^|\.)kakao\.com$/ }, { delayMs: 100 });
    const res = await post(requestWithCallback(callback.callbackUrl('evil')));
    const body = (await res.json()) as KakaoSkillResponse;
    assert.ok(texts(body)[0]?.startsWith(ANSWERS.ko));
    await adapter.drain();
    assert.equal(callback.requests.length, 0);
  });

  it('when the bot is slow and callback mode is off, then "please ask again" is answered in time and the late answer comes with the next utterance', async () => {
    await start({}, { delayMs: 700 });
    const { raw } = fixture('kakao', 'skill-request-ko');
    const t0 = Date.now();
    const first = (await (await post(raw)).json()) as KakaoSkillResponse;
    assert.ok(Date.now() - t0 < 700);
    assert.deepEqual(texts(first), [t('ko', 'channels.kakao.askAgain')]);
    await adapter.drain();
    const second = (await (await post(raw)).json()) as KakaoSkillResponse;
    const all = texts(second).join('\n');
    assert.ok(all.startsWith(t('ko', 'channels.kakao.pendingHeading')));
    assert.ok(all.includes(ANSWERS.ko));
  });

  it('when an officer replies proactively, then the message is queued and delivered with the resident’s next utterance', async () => {
    const pending = new MemoryKakaoPendingStore();
    await start({ pending });
    const req = fixture('kakao', 'skill-request-ko').json as { userRequest: { user: { id: string } } };
    const userId = req.userRequest.user.id;
    await adapter.continueConversation({ channelId: 'kakao', conversation: { id: userId, isGroup: false, conversationType: 'personal', name: '' }, user: { id: userId, name: '' } }, languageBot());
    const body = (await (await post(fixture('kakao', 'skill-request-ko').raw)).json()) as KakaoSkillResponse;
    assert.ok(texts(body).join('\n').includes('Officer: your application was received.'));
    assert.deepEqual(await pending.takeAll(userId), [], 'delivered once');
  });

  it('when the body is bad JSON or lacks the utterance, then it answers 400 with a JSON error', async () => {
    await start();
    const bad = await post('{"userRequest":');
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { error: 'invalid JSON body' });
    assert.equal((await post('{"userRequest":{"user":{"id":"x"}}}')).status, 400);
  });

  it('when the settings are absent, then the endpoint answers 404 naming KAKAO_SKILL_SECRET', async () => {
    adapter = new KakaoAdapter({ skillSecret: '', callbackEnabled: false, log });
    served = await serve(adapter, languageBot());
    const res = await fetch(`${served.url}/webhooks/kakao`, { method: 'POST' });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), { error: 'channel kakao is not configured (set KAKAO_SKILL_SECRET)' });
  });
});
