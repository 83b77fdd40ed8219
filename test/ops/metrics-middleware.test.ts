import assert from 'node:assert/strict';
import { TestAdapter, type TurnContext } from 'botbuilder';
import { Metrics } from '../../ops/metrics';
import { MetricsMiddleware } from '../../ops/metrics-middleware';
import { parseExposition, valueOf } from './exposition';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MetricsMiddleware', () => {
  it('when turns run through TestAdapter, then every turn and every channel send is timed under its channel', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const adapter = new TestAdapter(async (context: TurnContext) => {
      await sleep(25);
      await context.sendActivity(`echo ${context.activity.text}`);
      await context.sendActivities([{ type: 'typing' }, { type: 'message', text: 'second' }]);
    });
    adapter.use(new MetricsMiddleware(metrics));
    await adapter.send('one').assertReply('echo one').assertReply((a) => assert.equal(a.type, 'typing')).assertReply('second')
      .send('two').assertReply('echo two').startTest();
    const s = parseExposition(await metrics.exposition());
    assert.equal(valueOf(s, 'madoguchi_stage_duration_seconds_count', { stage: 'turn', channel: 'test' }), 2);
    assert.ok((valueOf(s, 'madoguchi_stage_duration_seconds_sum', { stage: 'turn', channel: 'test' }) ?? 0) >= 0.045);
    // two batches per turn: the single reply and the typing+message batch
    assert.equal(valueOf(s, 'madoguchi_stage_duration_seconds_count', { stage: 'channel_send', channel: 'test' }), 4);
    assert.equal(valueOf(s, 'madoguchi_turns_in_flight', { channel: 'test' }), 0);
    assert.equal(valueOf(s, 'madoguchi_errors_total', { kind: 'turn' }), undefined);
  });

  it('when the bot throws, then the turn error is counted, the turn still timed, and the error reaches onTurnError', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    const adapter = new TestAdapter(async () => {
      throw new Error('dialog failed');
    });
    const seen: string[] = [];
    adapter.onTurnError = async (context, error) => {
      seen.push(error.message);
      await context.sendActivity('sorry');
    };
    adapter.use(new MetricsMiddleware(metrics));
    await adapter.send('hi').assertReply('sorry').startTest();
    const s = parseExposition(await metrics.exposition());
    assert.deepEqual(seen, ['dialog failed']);
    assert.equal(valueOf(s, 'madoguchi_errors_total', { kind: 'turn' }), 1);
    assert.equal(valueOf(s, 'madoguchi_stage_duration_seconds_count', { stage: 'turn', channel: 'test' }), 1);
    assert.equal(valueOf(s, 'madoguchi_turns_in_flight', { channel: 'test' }), 0);
  });
});
