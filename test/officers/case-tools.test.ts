import assert from 'node:assert/strict';
import { extractiveSummary } from '../../officers/case-summary';
import { isCancelRequest } from '../../officers/cancel-phrases';
import { HandoffNotifier } from '../../officers/handoff-notifier';

describe('extractive case summary', () => {
  it('when the resident greeted and then explained, then the summary keeps the facts and drops the greeting', () => {
    const s = extractiveSummary(['안녕하세요', '기초연금을 3월부터 못 받고 있어요. 이의 신청을 하고 싶습니다.', '감사합니다']);
    assert.match(s, /기초연금/);
    assert.match(s, /이의 신청/);
    assert.doesNotMatch(s, /안녕하세요|감사합니다/);
  });
  it('when messages are long, then at most three sentences within the limit are kept, in order', () => {
    const msgs = ['First I applied in January 2026.', 'Then they asked for papers.', 'I sent the papers on 3 February.', 'Nobody answered me.', 'Can a person check my case?'];
    const s = extractiveSummary(msgs, 3, 400);
    assert.ok(s.split(/(?<=\.|\?)\s/).length <= 3, s);
    assert.match(s, /Can a person check my case\?/);
    assert.ok(s.indexOf('Can a person') > s.indexOf('January') || !s.includes('January'));
  });
  it('when there is nothing but greetings, then the summary is empty', () => {
    assert.equal(extractiveSummary(['hi', 'thanks']), '');
  });
  it('when a masked value is in the message, then the mask is kept as is', () => {
    assert.match(extractiveSummary(['My number is [PHONE] and my benefit stopped.']), /\[PHONE\]/);
  });
});

describe('cancel phrases', () => {
  for (const text of ['취소', '취소할게요', '봇으로 돌아가기', 'キャンセル', 'ボットに戻る', 'Cancel', 'cancel please', 'back to bot']) {
    it(`when the resident writes "${text}", then it is a cancel request`, () => assert.equal(isCancelRequest(text), true));
  }
  for (const text of ['신청 취소는 어떻게 해요?', 'How do I cancel my application for child allowance?', '申請のキャンセル方法を教えてください', '취소 방법', 'cancel?', 'hello', '']) {
    it(`when the resident writes "${text}", then it is not`, () => assert.equal(isCancelRequest(text), false));
  }
});

describe('hand-off webhook notifier', () => {
  it('when the webhook fails twice, then it retries with backoff and the third attempt delivers Slack-style JSON', async () => {
    const calls: { body: unknown; at: number }[] = [];
    const n = new HandoffNotifier({
      webhookUrl: 'http://hooks.test/x',
      baseDelayMs: 20,
      fetch: async (_u, init) => {
        calls.push({ body: JSON.parse(init?.body as string), at: Date.now() });
        return new Response('', { status: calls.length < 3 ? 503 : 200 });
      },
    });
    n.notify({ text: 'New hand-off', handoffId: 'h1', priority: 'urgent', lang: 'ko', channel: 'line', summary: 's' });
    assert.ok(calls.length <= 1, 'notify returns before any retry');
    await n.drain();
    assert.equal(calls.length, 3);
    assert.ok(calls[2].at - calls[1].at >= 35, 'second delay doubles');
    assert.deepEqual(calls[2].body, { text: 'New hand-off', handoffId: 'h1', priority: 'urgent', lang: 'ko', channel: 'line', summary: 's' });
  });
  it('when the webhook rejects with 400, then it does not retry', async () => {
    let count = 0;
    const n = new HandoffNotifier({ webhookUrl: 'http://hooks.test/x', baseDelayMs: 1, fetch: async () => (count++, new Response('', { status: 400 })) });
    n.notify({ text: 't', handoffId: 'h', priority: 'normal', lang: 'en', channel: 'webchat', summary: '' });
    await n.drain();
    assert.equal(count, 1);
  });
  it('when no webhook is configured, then nothing is sent', async () => {
    let count = 0;
    const n = new HandoffNotifier({ webhookUrl: '', fetch: async () => (count++, new Response('')) });
    n.notify({ text: 't', handoffId: 'h', priority: 'normal', lang: 'en', channel: 'webchat', summary: '' });
    await n.drain();
    assert.equal(count, 0);
  });
});
