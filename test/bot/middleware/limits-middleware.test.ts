/**
 * The limits middleware through botbuilder's TestAdapter over an in-memory database: too-long
 * messages, the per-resident and per-IP rate limits and floods are answered once in the
 * resident's language and never reach the bot; a broken limiter lets messages through.
 */
import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter, type TurnContext } from 'botbuilder';
import { LimitsMiddleware, LIMIT_TURN_KEY, type LimitsMiddlewareOptions } from '../../../bot/middleware/limits-middleware';
import { RateLimiter } from '../../../safety/limits/rate-limiter';
import { FloodGuard } from '../../../safety/limits/flood-guard';
import { t } from '../../../locales/i18n';
import { openDatabase } from '../../../storage/open-database';
import type { Database } from '../../../storage/database';

describe('LimitsMiddleware', () => {
  let db: Database;
  let now = 1_800_000_000_000;
  before(async () => {
    db = await openDatabase({ databaseUrl: '', dataDir: '', inMemory: true });
  });
  after(async () => db?.close());

  function setup(options: Partial<LimitsMiddlewareOptions> = {}) {
    const botSaw: string[] = [];
    const limited: unknown[] = [];
    const limiter = new RateLimiter(db, { now: () => now });
    const adapter = new TestAdapter(async (context: TurnContext) => {
      botSaw.push(context.activity.text ?? '');
      await context.sendActivity('answer');
    });
    adapter.use({
      onTurn: async (context, next) => {
        await next();
        limited.push(context.turnState.get(LIMIT_TURN_KEY));
      },
    });
    adapter.use(new LimitsMiddleware({ limiter, maxChars: 20, perResidentPerMinute: 100, defaultLang: 'en', ...options }));
    return { adapter, botSaw, limited, limiter };
  }

  it('when a message passes, then all its counters are updated in one database statement', async () => {
    now += 7_200_000;
    let statements = 0;
    const counted: Database = Object.create(db, { query: { value: (sql: string, params?: readonly unknown[]) => (statements++, db.query(sql, params)) } }) as Database;
    const adapter = new TestAdapter(async (context: TurnContext) => {
      await context.sendActivity('answer');
    });
    const limiter = new RateLimiter(counted, { now: () => now });
    adapter.use(new LimitsMiddleware({ limiter, flood: new FloodGuard(limiter), maxChars: 200, perResidentPerMinute: 100, perIpPerMinute: 100, defaultLang: 'en' }));
    await adapter.send({ type: ActivityTypes.Message, text: 'hello', channelData: { clientIp: '198.51.100.7' } }).assertReply('answer').startTest();
    assert.equal(statements, 1);
  });

  it('when a message is longer than the maximum, then the resident is told in their language and the bot is not called', async () => {
    const { adapter, botSaw, limited } = setup();
    const long = '보육료 신청은 어디에서 하나요? 자세히 알려 주세요 부탁드립니다';
    await adapter.send(long).assertReply(t('ko', 'safety.limits.tooLong', { max: 20, chars: [...long].length })).startTest();
    assert.deepEqual(botSaw, []);
    assert.deepEqual(limited, ['too_long']);
  });

  it('when a resident exceeds the per-minute limit, then one reply, then silence, and the bot sees only the allowed messages', async () => {
    now += 3_600_000;
    const { adapter, botSaw, limited } = setup({ perResidentPerMinute: 2 });
    await adapter
      .send('one')
      .assertReply('answer')
      .send('two')
      .assertReply('answer')
      .send('three')
      .assertReply((a) => assert.match(a.text ?? '', /faster than I can answer/))
      .send('four')
      .assertNoReply('silent', 300)
      .startTest();
    assert.deepEqual(botSaw, ['one', 'two']);
    assert.deepEqual(limited, [undefined, undefined, 'rate_resident', 'rate_resident']);
  });

  it('when a resident floods, then one flood reply and then quiet until calm', async () => {
    now += 3_600_000;
    const limiter = new RateLimiter(db, { now: () => now });
    const { adapter, botSaw } = setup({ limiter, flood: new FloodGuard(limiter, { messages: 2, windowMs: 5000, quietMs: 10_000 }), defaultLang: 'ja' });
    await adapter
      .send('あ')
      .assertReply('answer')
      .send('い')
      .assertReply('answer')
      .send('う')
      .assertReply(t('ja', 'safety.limits.flood'))
      .send('え')
      .assertNoReply('silent', 300)
      .startTest();
    assert.deepEqual(botSaw, ['あ', 'い']);
  });

  it('when the adapter supplies a client IP, then the per-IP limit applies across residents', async () => {
    now += 3_600_000;
    const { adapter, botSaw } = setup({ perIpPerMinute: 1 });
    const msg = (from: string) => ({ type: ActivityTypes.Message, text: 'hi', from: { id: from, name: from }, channelData: { clientIp: '203.0.113.9' } });
    await adapter
      .send(msg('r1'))
      .assertReply('answer')
      .send(msg('r2'))
      .assertReply((a) => assert.match(a.text ?? '', /faster than I can answer/))
      .startTest();
    assert.equal(botSaw.length, 1);
  });

  it('when the rate limiter fails, then the message goes through and the failure is logged', async () => {
    const warnings: object[] = [];
    const broken = { hit: () => Promise.reject(new Error('db down')) } as unknown as RateLimiter;
    const { adapter, botSaw } = setup({ limiter: broken, log: { warn: (o) => warnings.push(o) } });
    await adapter.send('hello').assertReply('answer').startTest();
    assert.deepEqual(botSaw, ['hello']);
    assert.equal(warnings.length, 1);
  });
});
