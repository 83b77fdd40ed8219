import assert from 'node:assert/strict';
import pino from 'pino';
import { z } from 'zod';
import { OllamaTestServer } from '../../helpers/ollama-test-server';
import { OllamaPool } from '../../../knowledge/llm/ollama-pool';
import { OllamaLlmClient } from '../../../knowledge/llm/llm-client';
import { CaseSummarizer } from '../../../knowledge/chains/case-summarizer';
import { JsonExtractor } from '../../../knowledge/chains/json-extractor';

const log = pino({ level: 'silent' });

describe('CaseSummarizer and JsonExtractor against the Ollama test double', () => {
  let double: OllamaTestServer;
  let llm: OllamaLlmClient;
  beforeEach(async () => {
    double = new OllamaTestServer();
    const url = await double.start();
    llm = new OllamaLlmClient({
      pool: new OllamaPool({ baseUrls: [url], hostConcurrency: 2, queueLimit: 10, healthIntervalMs: 60000, log }),
      model: 'qwen2.5:3b',
      numCtx: 1024,
      timeoutMs: 2000,
      log,
    });
  });
  afterEach(async () => double.stop());

  it('when a transcript is summarised, then the officer language is requested and the latest lines are kept within budget', async () => {
    double.configure({ scripted: ['- 기초연금 신청 문의'] });
    const transcript = Array.from({ length: 200 }, (_, i) => ({ role: 'resident' as const, text: `line ${i} 기초연금 신청 자격이 궁금합니다` }));
    const result = await new CaseSummarizer({ llm }).summarizeCase(transcript, 'ko');
    assert.deepEqual(result.status === 'ok' && result.text, '- 기초연금 신청 문의');
    const [system, user] = double.chatRequests()[0].messages;
    assert.match(system.content, /Korean/);
    assert.ok(user.content.includes('line 199'));
    assert.ok(!user.content.includes('line 0 '));
    assert.ok(result.status === 'ok' && result.promptTokens <= 1024 - 256);
  });

  it('when the LLM is down, then the summary is unavailable (the caller summarises extractively)', async () => {
    await double.stop();
    const result = await new CaseSummarizer({ llm }).summarizeCase([{ role: 'resident', text: 'hi' }], 'en');
    assert.equal(result.status, 'unavailable');
  });

  const schema = z.object({ age: z.number().nullable(), children: z.number().nullable() });

  it('when the model returns JSON matching the schema, then a typed value comes back and the schema was sent as format', async () => {
    double.configure({ scripted: ['{"age": 34, "children": 2}'] });
    const result = await new JsonExtractor({ llm }).extractJson('Extract the age and number of children.', '34살이고 아이가 둘이에요', schema);
    assert.deepEqual(result, { status: 'ok', value: { age: 34, children: 2 } });
    const sent = double.chatRequests()[0];
    assert.equal((sent.format as { type?: string }).type, 'object');
    assert.equal(sent.options?.temperature, 0);
  });

  it('when the model returns non-JSON or the wrong shape, then the result is invalid_output', async () => {
    double.configure({ scripted: ['I think 34', '{"age": "old"}'] });
    const extractor = new JsonExtractor({ llm });
    for (let i = 0; i < 2; i++) {
      const result = await extractor.extractJson('Extract.', 'text', schema);
      assert.equal(result.status === 'unavailable' && result.reason, 'invalid_output');
    }
  });
});
