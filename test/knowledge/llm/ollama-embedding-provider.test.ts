import assert from 'node:assert/strict';
import pino from 'pino';
import { OllamaTestServer } from '../../helpers/ollama-test-server';
import { OllamaPool } from '../../../knowledge/llm/ollama-pool';
import { OllamaEmbeddingProvider } from '../../../knowledge/llm/ollama-embedding-provider';

const log = pino({ level: 'silent' });
const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

describe('OllamaEmbeddingProvider against the Ollama test double', () => {
  let double: OllamaTestServer;
  let url: string;
  beforeEach(async () => {
    double = new OllamaTestServer();
    url = await double.start();
  });
  afterEach(async () => double.stop());

  const provider = (model = 'bge-m3', timeoutMs = 2000) =>
    new OllamaEmbeddingProvider({ pool: new OllamaPool({ baseUrls: [url], hostConcurrency: 2, queueLimit: 10, healthIntervalMs: 60000, log }), model, timeoutMs, batchSize: 2, log });

  it('when texts are embedded, then vectors come back in order, batched, and similar texts are closer', async () => {
    const vectors = await provider().embed(['기초연금 신청 방법', '기초연금을 신청하는 방법', 'library opening hours']);
    assert.ok(vectors);
    assert.equal(vectors.length, 3);
    assert.ok(cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2]) + 0.2);
    const embeds = double.requests.filter((r) => r.path === '/api/embed').map((r) => r.body as { input: string[]; model: string });
    assert.deepEqual(embeds.map((b) => b.input.length), [2, 1]);
    assert.equal(embeds[0].model, 'bge-m3');
  });

  it('when the model is missing, the server errors, hangs or is gone, then embed returns null without throwing', async () => {
    assert.equal(await provider('no-such-model').embed(['x']), null);
    double.configure({ failWith: { status: 500 } });
    assert.equal(await provider().embed(['x']), null);
    double.configure({ failWith: null, hang: true });
    const started = Date.now();
    assert.equal(await provider('bge-m3', 300).embed(['x']), null);
    assert.ok(Date.now() - started < 1500);
    await double.stop();
    assert.equal(await provider().embed(['x']), null);
  });
});
