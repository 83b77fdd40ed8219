import assert from 'node:assert/strict';
import pino from 'pino';
import { SqlKakaoPendingStore } from '../../../adapters/kakao/sql-kakao-pending-store';
import { SqlWebhookDeduper } from '../../../adapters/shared/sql-webhook-deduper';
import { SqlWebchatBus } from '../../../adapters/webchat/sql-webchat-bus';
import type { WebchatEvent } from '../../../adapters/webchat/webchat-bus';
import { DRIVERS, requirePostgres, type TestDatabase } from '../../helpers/test-databases';
import { until } from '../helpers/serve';

for (const driver of DRIVERS) {
  describe(`channel stores on ${driver.name}`, function () {
    let t: TestDatabase;
    before(async function () {
      if (driver.name === 'postgres') await requirePostgres(this);
    });
    beforeEach(async () => {
      t = await driver.open();
    });
    afterEach(async () => {
      await t?.dispose();
    });

    it('when an event id is seen twice, then firstSeen is true once, also when two instances race', async () => {
      const a = new SqlWebhookDeduper(t.db);
      const b = new SqlWebhookDeduper(t.db);
      const results = await Promise.all([a.firstSeen('line', 'E1'), b.firstSeen('line', 'E1')]);
      assert.deepEqual(results.sort(), [false, true]);
      assert.equal(await a.firstSeen('telegram', 'E1'), true, 'ids are per platform');
      assert.equal(await a.prune(Date.now() + 4 * 24 * 3600 * 1000), 2);
      assert.equal(await a.firstSeen('line', 'E1'), true, 'pruned ids are forgotten');
    });

    it('when Kakao messages are queued, then takeAll returns them oldest first exactly once', async () => {
      const store = new SqlKakaoPendingStore(t.db);
      await store.enqueue('u1', [{ type: 'message', text: 'one' }, { type: 'message', text: 'two' }]);
      await store.enqueue('u2', [{ type: 'message', text: 'other' }]);
      await store.enqueue('u1', [{ type: 'message', text: 'three', channelData: { madoguchi: { citations: [] } } }]);
      assert.deepEqual((await store.takeAll('u1')).map((a) => a.text), ['one', 'two', 'three']);
      assert.deepEqual(await store.takeAll('u1'), []);
      assert.equal((await store.takeAll('u2')).length, 1);
    });

    it('when one instance publishes a web chat event, then the instance holding the subscription receives it, small or large', async () => {
      const log = pino({ level: 'silent' });
      const publisher = new SqlWebchatBus(t.db, log);
      const holder = new SqlWebchatBus(t.db, log);
      // Sequential: PostgresDatabase.listen is not safe against concurrent first calls (reported to the lead).
      await publisher.start();
      await holder.start();
      const got: WebchatEvent[] = [];
      const unsubscribe = holder.subscribe('wc-conversation-aaaaaaaaaaaa', (e) => got.push(e));
      const big = 'あ'.repeat(6000); // 18 kB in UTF-8: over the NOTIFY payload limit
      await publisher.publish('wc-conversation-aaaaaaaaaaaa', { type: 'typing' });
      await publisher.publish('wc-conversation-aaaaaaaaaaaa', { type: 'message', id: 'm1', text: big, citations: [], actions: [], timestamp: new Date().toISOString() });
      await publisher.publish('wc-other-bbbbbbbbbbbbbbbb', { type: 'typing' });
      await until(() => got.length >= 2);
      assert.equal(got[0]?.type, 'typing');
      assert.equal(got[1]?.type === 'message' ? got[1].text : '', big);
      unsubscribe();
      await publisher.publish('wc-conversation-aaaaaaaaaaaa', { type: 'typing' });
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(got.length, 2);
      await publisher.close();
      await holder.close();
    });
  });
}
