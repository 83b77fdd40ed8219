import assert from 'node:assert/strict';
import pino from 'pino';
import { OllamaTestServer, type OllamaDoubleBehaviour } from '../../helpers/ollama-test-server';
import { OllamaPool } from '../../../knowledge/llm/ollama-pool';
import { OllamaLlmClient } from '../../../knowledge/llm/llm-client';
import { AnswerChain } from '../../../knowledge/chains/answer-chain';
import { NOT_COVERED_SENTINEL } from '../../../knowledge/chains/answer-prompt';
import { LlmAnswerService, type AnswerMetrics } from '../../../knowledge/answer/llm-answer-service';
import { t } from '../../../locales/i18n';
import type { AnswerRequest, Passage, RetrievalQuery, RetrievalResult, Retriever } from '../../../knowledge/ports';

const log = pino({ level: 'silent' });

const PENSION: Passage = {
  docId: 'basic-pension',
  title: '기초연금',
  url: 'https://city.example/basic-pension',
  lang: 'ko',
  domain: 'welfare',
  text: '# 기초연금\n기초연금은 만 65세 이상 어르신 중 소득인정액이 선정기준액 이하인 분께 매월 지급합니다. 신청은 주소지 주민센터나 국민연금공단 지사에서 할 수 있습니다. 2025년 단독가구 선정기준액은 월 228만 원입니다.',
  score: 12,
};
const BUS: Passage = { docId: 'senior-bus', title: 'Senior bus pass', lang: 'en', domain: 'transport', text: 'Residents aged 65 and over ride city buses for free with the senior pass.', score: 5 };

/** Fake retriever (the real one is knowledge/retrieval): fixed passages and confidence, records queries. */
class FakeRetriever implements Retriever {
  readonly queries: RetrievalQuery[] = [];
  constructor(public result: RetrievalResult) {}
  async retrieve(query: RetrievalQuery): Promise<RetrievalResult> {
    this.queries.push(query);
    return this.result;
  }
}

const request = (question: string, lang: AnswerRequest['lang'] = 'ko'): AnswerRequest => ({ question, lang, channelId: 'webchat', conversationId: 'conv-secret-id' });

describe('LlmAnswerService', () => {
  let double: OllamaTestServer;
  let url: string;
  let retriever: FakeRetriever;
  let version: number;
  let metrics: AnswerMetrics[];
  beforeEach(async () => {
    double = new OllamaTestServer();
    url = await double.start();
    retriever = new FakeRetriever({ passages: [PENSION, BUS], confidence: 0.9 });
    version = 1;
    metrics = [];
  });
  afterEach(async () => double.stop());

  function service(opts: { timeoutMs?: number; concurrency?: number; queueLimit?: number; llm?: boolean; cacheSize?: number } = {}) {
    const pool = new OllamaPool({ baseUrls: [url], hostConcurrency: opts.concurrency ?? 2, queueLimit: opts.queueLimit ?? 10, healthIntervalMs: 60000, log });
    const llm = new OllamaLlmClient({ pool, model: 'qwen2.5:3b', numCtx: 4096, timeoutMs: opts.timeoutMs ?? 2000, log });
    const chain = opts.llm === false ? null : new AnswerChain({ llm });
    const svc = new LlmAnswerService({ retriever, chain, kbVersion: () => version, cacheSize: opts.cacheSize ?? 10, log, onMetrics: (m) => void metrics.push(m) });
    return { svc, pool };
  }

  it('when the LLM answers, then the answer streams, goes through ChatOllama, and cites the document with its link', async () => {
    double.configure({ scripted: ['기초연금은 만 65세 이상 어르신께 매월 지급됩니다 [1].'], tokenDelayMs: 2 });
    const partials: string[] = [];
    const answer = await service().svc.answer(request('기초연금 받을 수 있나요?'), async (text) => void partials.push(text));
    assert.equal(answer.status, 'answered');
    assert.equal(answer.mode, 'llm');
    assert.equal(answer.text, '기초연금은 만 65세 이상 어르신께 매월 지급됩니다 [1].');
    assert.deepEqual(answer.citations, [{ n: 1, docId: 'basic-pension', title: '기초연금', url: 'https://city.example/basic-pension' }]);
    assert.ok(partials.length > 3);
    assert.equal(partials.at(-1), answer.text);
    assert.equal(double.chatRequests().length, 1);
    assert.ok(metrics[0].promptTokens > 0, 'prompt tokens are accounted');
    assert.ok(metrics[0].estimatedPromptTokens >= metrics[0].promptTokens);
  });

  it('when only the question and passages are sent, then no conversation id or channel reaches the LLM', async () => {
    await service().svc.answer(request('기초연금 010-****-**** 신청'));
    const body = JSON.stringify(double.chatRequests()[0]);
    assert.ok(!body.includes('conv-secret-id'));
    assert.ok(!body.includes('webchat'));
  });

  it('when retrieval confidence is below the threshold, then the reply is not_sure and the LLM is not called', async () => {
    retriever.result = { passages: [PENSION], confidence: 0.1 };
    const answer = await service().svc.answer(request('우주선 구매 보조금?'));
    assert.equal(answer.status, 'not_sure');
    assert.equal(answer.text, t('ko', 'answer.notSure'));
    assert.deepEqual(answer.citations, []);
    assert.equal(double.chatRequests().length, 0);
  });

  it('when the model says the passages do not cover it, then the reply is not_sure', async () => {
    double.configure({ scripted: [NOT_COVERED_SENTINEL] });
    const answer = await service().svc.answer(request('기초연금 수령액 세금?'));
    assert.deepEqual([answer.status, answer.mode], ['not_sure', 'llm']);
  });

  it('when the model cites nothing valid, then the top document is attached as [1]', async () => {
    double.configure({ scripted: ['매월 지급됩니다 [5].'] });
    const answer = await service().svc.answer(request('기초연금은 언제 지급?'));
    assert.equal(answer.text, '매월 지급됩니다. [1]');
    assert.equal(answer.citations[0].docId, 'basic-pension');
  });

  const failures: Array<[string, Partial<OllamaDoubleBehaviour>]> = [
    ['a 500 error', { failWith: { status: 500 } }],
    ['a 503 error', { failWith: { status: 503 } }],
    ['a broken stream', { brokenStream: 'no-done' }],
    ['a cut connection', { brokenStream: 'cut' }],
    ['an unknown model', { models: ['other-model'] }],
  ];
  for (const [name, behaviour] of failures) {
    it(`when Ollama fails with ${name}, then the answer is extractive, quoted and cited`, async () => {
      double.configure(behaviour);
      const answer = await service().svc.answer(request('기초연금 신청은 어디서 하나요?'));
      assert.deepEqual([answer.status, answer.mode], ['answered', 'extractive']);
      assert.ok(answer.text.includes('신청은 주소지 주민센터'), answer.text);
      assert.ok(answer.text.includes(t('ko', 'answer.extractiveNote')));
      assert.ok(answer.text.includes('[1]'));
      assert.equal(answer.citations[0].docId, 'basic-pension');
      assert.ok(metrics[0].llmUnavailable);
    });
  }

  it('when Ollama is slow beyond the timeout, then the answer is extractive within 3 s', async () => {
    double.configure({ latencyMs: 10_000 });
    const started = Date.now();
    const answer = await service({ timeoutMs: 1000 }).svc.answer(request('기초연금 신청'));
    assert.equal(answer.mode, 'extractive');
    assert.ok(Date.now() - started < 3000);
    assert.equal(metrics[0].llmUnavailable, 'timeout');
  });

  it('when the Ollama double is killed, then the next answer is extractive within 3 s with no exception', async () => {
    const { svc, pool } = service();
    assert.equal((await svc.answer(request('기초연금 신청'))).mode, 'llm');
    await double.stop();
    const started = Date.now();
    const answer = await svc.answer(request('기초연금 자격'));
    assert.equal(answer.mode, 'extractive');
    assert.equal(answer.status, 'answered');
    assert.ok(Date.now() - started < 3000);
    assert.equal(pool.status().hosts[0].inFlight, 0);
  });

  it('when all slots are taken and the queue is full, then the resident gets an extractive answer at once', async () => {
    double.configure({ latencyMs: 1500 });
    const { svc } = service({ concurrency: 1, queueLimit: 1 });
    const positions: number[] = [];
    const first = svc.answer(request('기초연금 신청 1'));
    const second = svc.answer(request('기초연금 신청 2'), undefined, { onQueued: (n) => positions.push(n) });
    const started = Date.now();
    const third = await svc.answer(request('기초연금 신청 3'));
    assert.equal(third.mode, 'extractive');
    assert.ok(Date.now() - started < 500);
    assert.deepEqual(positions, [1], 'the queued resident learns its position');
    assert.deepEqual((await Promise.all([first, second])).map((a) => a.mode), ['llm', 'llm']);
  });

  it('when the LLM is disabled, then answers are extractive and Ollama is never called', async () => {
    const answer = await service({ llm: false }).svc.answer(request('기초연금 신청은 어디서?'));
    assert.equal(answer.mode, 'extractive');
    assert.equal(double.requests.length, 0);
  });

  it('when the same question comes again, then it is served from the cache until the KB version changes', async () => {
    double.configure({ scripted: ['첫 답변 [1].', '새 답변 [1].'] });
    const { svc } = service();
    const first = await svc.answer(request('기초연금 신청은 어디서 하나요?'));
    const again = await svc.answer(request('  기초연금 신청은   어디서 하나요 ？'));
    assert.equal(first.mode, 'llm');
    assert.equal(again.mode, 'cache');
    assert.equal(again.text, first.text);
    assert.equal(double.chatRequests().length, 1);
    assert.equal((await svc.answer(request('기초연금 신청은 어디서 하나요?', 'ja'))).mode, 'llm', 'language is part of the key');
    version = 2;
    const after = await svc.answer(request('기초연금 신청은 어디서 하나요?'));
    assert.equal(after.mode, 'llm');
    assert.equal(svc.stats().cache, 1);
  });

  it('when the LLM is disabled and a question comes again, then the quote is served from the cache until the KB changes', async () => {
    const { svc } = service({ llm: false });
    const first = await svc.answer(request('기초연금 신청은 어디서?'));
    const again = await svc.answer(request('기초연금 신청은 어디서?'));
    assert.deepEqual([first.mode, again.mode], ['extractive', 'cache']);
    assert.equal(again.text, first.text);
    assert.equal(retriever.queries.length, 1, 'the second answer did not search again');
    version = 2;
    assert.equal((await svc.answer(request('기초연금 신청은 어디서?'))).mode, 'extractive');
  });

  it('when the LLM is down and the answer falls back to a quote, then it is not cached: the LLM answers once it is back', async () => {
    double.configure({ failWith: { status: 500, error: 'model crashed' } });
    const { svc } = service();
    assert.equal((await svc.answer(request('기초연금 신청은 어디서?'))).mode, 'extractive');
    double.configure({ failWith: null });
    assert.equal((await svc.answer(request('기초연금 신청은 어디서?'))).mode, 'llm');
  });

  it('when the cache size is 0, then nothing is cached', async () => {
    const { svc } = service({ cacheSize: 0 });
    await svc.answer(request('기초연금'));
    assert.equal((await svc.answer(request('기초연금'))).mode, 'llm');
  });
});
