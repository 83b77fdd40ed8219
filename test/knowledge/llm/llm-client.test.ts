import assert from 'node:assert/strict';
import pino from 'pino';
import { HumanMessage, SystemMessage } from '@langchain/core/messages';
import { OllamaTestServer } from '../../helpers/ollama-test-server';
import { OllamaPool } from '../../../knowledge/llm/ollama-pool';
import { OllamaLlmClient } from '../../../knowledge/llm/llm-client';

const log = pino({ level: 'silent' });
const messages = [new SystemMessage('Answer briefly.'), new HumanMessage('What is the deadline?')];

describe('OllamaLlmClient against the Ollama test double', () => {
  let double: OllamaTestServer;
  let url: string;
  beforeEach(async () => {
    double = new OllamaTestServer();
    url = await double.start();
  });
  afterEach(async () => double.stop());

  function client(timeoutMs = 2000, model = 'qwen2.5:3b') {
    const pool = new OllamaPool({ baseUrls: [url], hostConcurrency: 2, queueLimit: 10, healthIntervalMs: 60000, log });
    return new OllamaLlmClient({ pool, model, numCtx: 4096, timeoutMs, log });
  }

  it('when the double streams, then tokens arrive one by one and the text and token counts are returned', async () => {
    double.configure({ scripted: ['The deadline is 31 March [1].'] });
    const seen: string[] = [];
    const result = await client().chat(messages, { onToken: (token) => void seen.push(token) });
    assert.equal(result.status, 'ok');
    if (result.status !== 'ok') return;
    assert.equal(result.text, 'The deadline is 31 March [1].');
    assert.ok(seen.length > 3, `expected several tokens, got ${seen.length}`);
    assert.ok(result.promptTokens > 0);
    assert.ok(result.completionTokens > 0);
    const sent = double.chatRequests()[0];
    assert.equal(sent.stream, true);
    assert.equal(sent.options?.num_ctx, 4096);
    assert.deepEqual(sent.messages.map((m) => m.role), ['system', 'user']);
  });

  it('when the model is unknown, then the result is unavailable/model_not_found', async () => {
    const result = await client(2000, 'no-such-model').chat(messages);
    assert.deepEqual([result.status, result.status === 'unavailable' && result.reason], ['unavailable', 'model_not_found']);
  });

  it('when the double answers 500 or 503, then the result is unavailable/http_error', async () => {
    for (const status of [500, 503]) {
      double.configure({ failWith: { status } });
      const result = await client().chat(messages);
      assert.equal(result.status === 'unavailable' && result.reason, 'http_error');
    }
  });

  it('when the stream ends without the done line, then the result is unavailable/stream_broken', async () => {
    double.configure({ brokenStream: 'no-done' });
    const result = await client().chat(messages);
    assert.equal(result.status === 'unavailable' && result.reason, 'stream_broken');
  });

  it('when the connection is cut mid-stream, then the result is unavailable and nothing throws', async () => {
    double.configure({ brokenStream: 'cut', scripted: ['one two three four five six'] });
    const result = await client().chat(messages);
    assert.equal(result.status, 'unavailable');
  });

  it('when the double hangs, then the result is unavailable/timeout after the timeout', async () => {
    double.configure({ hang: true });
    const started = Date.now();
    const result = await client(300).chat(messages);
    assert.equal(result.status === 'unavailable' && result.reason, 'timeout');
    assert.ok(Date.now() - started < 1500);
  });

  it('when tokens are slow, then the timeout covers the whole stream', async () => {
    double.configure({ tokenDelayMs: 100, scripted: ['a b c d e f g h i j k l'] });
    const result = await client(350).chat(messages);
    assert.equal(result.status === 'unavailable' && result.reason, 'timeout');
  });

  it('when the caller aborts, then the result is unavailable/aborted', async () => {
    double.configure({ latencyMs: 1000 });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 100);
    const result = await client().chat(messages, { signal: ctrl.signal });
    assert.equal(result.status === 'unavailable' && result.reason, 'aborted');
  });

  it('when the server is stopped, then the next request is unavailable/connection quickly', async () => {
    const c = client();
    await double.stop();
    const started = Date.now();
    const result = await c.chat(messages);
    assert.equal(result.status === 'unavailable' && result.reason, 'connection');
    assert.ok(Date.now() - started < 1000);
  });

  it('when format is requested, then it is sent to Ollama', async () => {
    double.configure({ scripted: ['{"a":1}'] });
    const result = await client().chat(messages, { format: 'json', numPredict: 64 });
    assert.equal(result.status, 'ok');
    const sent = double.chatRequests()[0];
    assert.equal(sent.format, 'json');
    assert.equal(sent.options?.num_predict, 64);
  });
});
