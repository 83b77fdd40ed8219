import assert from 'node:assert/strict';
import { Ollama } from 'ollama';
import { OllamaTestServer, doublePromptEvalCount } from '../../helpers/ollama-test-server';

describe('Ollama wire-protocol TEST DOUBLE, driven by the real ollama client', () => {
  let double: OllamaTestServer;
  let client: Ollama;
  beforeEach(async () => {
    double = new OllamaTestServer({ models: ['qwen2.5:3b', 'bge-m3'] });
    client = new Ollama({ host: await double.start() });
  });
  afterEach(async () => double.stop());

  it('when listing, showing and asking the version, then it answers like Ollama', async () => {
    const tags = await client.list();
    assert.deepEqual(tags.models.map((m) => m.name), ['qwen2.5:3b', 'bge-m3:latest']);
    assert.match((await client.version()).version, /test-double/);
    assert.ok((await client.show({ model: 'qwen2.5:3b' })).details);
    await assert.rejects(client.show({ model: 'nope' }), (e: Error & { status_code?: number }) => e.status_code === 404 && /model 'nope' not found/.test(e.message));
  });

  it('when chatting without streaming, then one JSON object with the whole reply and counts comes back', async () => {
    double.configure({ scripted: ['Hello there.'] });
    const messages = [{ role: 'user', content: 'こんにちは、元気？' }];
    const reply = await client.chat({ model: 'qwen2.5:3b', messages, stream: false });
    assert.equal(reply.message.content, 'Hello there.');
    assert.equal(reply.done, true);
    assert.equal(reply.done_reason, 'stop');
    assert.equal(reply.prompt_eval_count, doublePromptEvalCount(messages));
    assert.equal(reply.prompt_eval_count, 3 + 4 + 9, '7 CJK chars + 2 punctuation marks + template');
  });

  it('when chatting with streaming, then NDJSON parts end with a done line carrying the counts', async () => {
    double.configure({ scripted: ['One two three'] });
    const parts = [];
    for await (const part of await client.chat({ model: 'qwen2.5:3b', messages: [{ role: 'user', content: 'hi' }], stream: true })) parts.push(part);
    assert.deepEqual(parts.filter((p) => !p.done).map((p) => p.message.content), ['One', ' two', ' three']);
    const last = parts.at(-1);
    assert.equal(last?.done, true);
    assert.equal(last?.eval_count, 3);
  });

  it('when a reply function is given, then it sees the request and every request is recorded', async () => {
    double.configure({ reply: (req) => `you said ${req.messages.at(-1)?.content ?? ''}` });
    const reply = await client.chat({ model: 'qwen2.5:3b', messages: [{ role: 'user', content: 'ping' }], stream: false, options: { num_ctx: 2048 } });
    assert.equal(reply.message.content, 'you said ping');
    assert.equal(double.chatRequests()[0].options?.num_ctx, 2048);
    assert.deepEqual(double.requests.map((r) => `${r.method} ${r.path}`), ['POST /api/chat']);
  });

  it('when embedding an unknown model, then it answers 404 like Ollama', async () => {
    await assert.rejects(client.embed({ model: 'nope', input: ['x'] }), (e: Error & { status_code?: number }) => e.status_code === 404);
  });
});
