import assert from 'node:assert/strict';
import { HumanMessage } from '@langchain/core/messages';
import { Metrics } from '../../ops/metrics';
import { MeteredLlmClient } from '../../ops/metered-llm-client';
import { MeteredRetriever } from '../../ops/metered-retriever';
import { MeteredDatabase } from '../../ops/metered-database';
import type { LlmChatResult, LlmClient } from '../../knowledge/llm/llm-client';
import type { Database } from '../../storage/database';
import { PgliteDatabase } from '../../storage/pglite-database';
import { parseExposition, valueOf } from './exposition';

class ScriptedLlm implements LlmClient {
  readonly numCtx = 4096;
  constructor(private readonly results: LlmChatResult[]) {}
  async chat(): Promise<LlmChatResult> {
    return this.results.shift() as LlmChatResult;
  }
}

describe('metered decorators', () => {
  it('when the LLM answers or is unavailable, then latency, tokens and outcomes are recorded and results pass through', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const ok: LlmChatResult = { status: 'ok', text: 'answer', promptTokens: 900, completionTokens: 40, host: 'http://h', durationMs: 5 };
    const llm = new MeteredLlmClient(
      new ScriptedLlm([ok, { status: 'unavailable', reason: 'busy' }, { status: 'unavailable', reason: 'aborted' }]),
      metrics,
    );
    assert.equal(llm.numCtx, 4096);
    assert.deepEqual(await llm.chat([new HumanMessage('q')]), ok);
    assert.equal((await llm.chat([new HumanMessage('q')])).status, 'unavailable');
    await llm.chat([new HumanMessage('q')]);
    const s = parseExposition(await metrics.exposition());
    assert.equal(valueOf(s, 'madoguchi_stage_duration_seconds_count', { stage: 'llm' }), 3);
    assert.equal(valueOf(s, 'madoguchi_llm_tokens_total', { kind: 'prompt' }), 900);
    assert.equal(valueOf(s, 'madoguchi_llm_tokens_total', { kind: 'completion' }), 40);
    assert.equal(valueOf(s, 'madoguchi_llm_requests_total', { outcome: 'busy' }), 1);
    assert.equal(valueOf(s, 'madoguchi_llm_requests_total', { outcome: 'aborted' }), 1);
    assert.equal(valueOf(s, 'madoguchi_errors_total', { kind: 'llm_unavailable' }), 1);
  });

  it('when retrieval runs, then it is timed', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const retriever = new MeteredRetriever({ retrieve: async () => ({ passages: [], kbVersion: 'v1' }) as never }, metrics);
    await retriever.retrieve({ text: 'q', lang: 'en' } as never);
    const s = parseExposition(await metrics.exposition());
    assert.equal(valueOf(s, 'madoguchi_stage_duration_seconds_count', { stage: 'retrieval' }), 1);
  });

  describe('MeteredDatabase on a real database', () => {
    let inner: Database;
    before(async () => {
      inner = await PgliteDatabase.open();
    });
    after(() => inner.close());

    it('when queries, statements and transactions run, then each is one storage observation and failures are counted', async () => {
      const metrics = new Metrics({ defaultMetrics: false });
      const db = new MeteredDatabase(inner, metrics);
      assert.equal(db.driver, inner.driver);
      await db.exec('CREATE TEMP TABLE ops_probe (n int)');
      await db.transaction(async (tx) => {
        await tx.query('INSERT INTO ops_probe VALUES ($1)', [1]);
        await tx.query('INSERT INTO ops_probe VALUES ($1)', [2]);
      });
      const { rows } = await db.query<{ total: number }>('SELECT sum(n)::int AS total FROM ops_probe');
      assert.equal(rows[0].total, 3);
      await assert.rejects(db.query('SELECT * FROM no_such_table'));
      const s = parseExposition(await metrics.exposition());
      assert.equal(valueOf(s, 'madoguchi_stage_duration_seconds_count', { stage: 'storage' }), 4);
      assert.equal(valueOf(s, 'madoguchi_errors_total', { kind: 'storage' }), 1);
    });
  });
});
