import assert from 'node:assert/strict';
import pino from 'pino';
import { InboxRunner } from '../../../adapters/shared/inbox-runner';
import { SqlWebhookInbox } from '../../../adapters/shared/sql-webhook-inbox';
import { DRIVERS, requirePostgres, type TestDatabase } from '../../helpers/test-databases';

const log = pino({ level: 'silent' });

for (const driver of DRIVERS) {
  describe(`webhook inbox on ${driver.name}`, function () {
    this.timeout(120000);
    let t: TestDatabase;
    let n = 0;
    /** A key not used by another test (one database for the suite). */
    const key = (): string => `E${++n}-${Date.now()}`;
    const row = async (k: string) =>
      (await t.db.query<{ status: string; attempts: number; payload: unknown }>('SELECT status, attempts, payload FROM webhook_events WHERE event_id = $1', [k])).rows[0];

    before(async function () {
      if (driver.name === 'postgres') await requirePostgres(this);
      t = await driver.open();
    });
    after(async () => {
      await t?.dispose();
    });

    it('when an event is accepted, then a second delivery is unfinished until it is done, and a duplicate afterwards with the payload gone', async () => {
      const inbox = new SqlWebhookInbox(t.db);
      const k = key();
      assert.equal(await inbox.accept('line', k, { text: 'hello' }), 'new');
      assert.equal(await inbox.accept('line', k, { text: 'hello' }), 'unfinished');
      const claimed = await inbox.claim('line', k, 60000, 5);
      assert.deepEqual(claimed, { key: k, payload: { text: 'hello' }, attempts: 1 });
      assert.equal(await inbox.accept('line', k, {}), 'unfinished');
      await inbox.complete('line', k);
      assert.equal(await inbox.accept('line', k, {}), 'duplicate');
      assert.deepEqual(await row(k), { status: 'done', attempts: 1, payload: null });
      assert.equal(await inbox.accept('telegram', k, {}), 'new', 'keys are per platform');
    });

    it('when two instances claim one event at the same moment, then exactly one gets it', async () => {
      const a = new SqlWebhookInbox(t.db);
      const b = new SqlWebhookInbox(t.db);
      for (let i = 0; i < 20; i++) {
        const k = key();
        await a.accept('telegram', k, { i });
        const claims = await Promise.all([a.claim('telegram', k, 60000, 5), b.claim('telegram', k, 60000, 5), a.claim('telegram', k, 60000, 5)]);
        assert.equal(claims.filter(Boolean).length, 1);
      }
    });

    it('when the processor of an event died, then another may claim it only after the lease, and not after the last attempt', async () => {
      const inbox = new SqlWebhookInbox(t.db);
      const k = key();
      await inbox.accept('line', k, {});
      assert.ok(await inbox.claim('line', k, 60000, 2));
      assert.equal(await inbox.claim('line', k, 60000, 2), undefined, 'a live claim is respected');
      assert.ok(!(await inbox.claimable('line', 60000, 1000)).includes(k));
      await new Promise((r) => setTimeout(r, 30));
      assert.ok((await inbox.claimable('line', 10, 1000)).includes(k), 'an expired claim is claimable');
      assert.equal((await inbox.claim('line', k, 10, 2))?.attempts, 2);
      await new Promise((r) => setTimeout(r, 30));
      assert.equal(await inbox.claim('line', k, 10, 2), undefined, 'the cap holds');
      assert.deepEqual(await inbox.giveUpExhausted('line', 10, 2), [k]);
      assert.deepEqual(await row(k), { status: 'failed', attempts: 2, payload: null });
      assert.equal(await inbox.accept('line', k, {}), 'duplicate');
    });

    it('when a runner resumes after a crash, then the orphaned event is processed once, and a poison event is given up after its attempts', async () => {
      const inbox = new SqlWebhookInbox(t.db);
      const handled: unknown[] = [];
      const background: Promise<unknown>[] = [];
      const runner = new InboxRunner({
        inbox,
        platform: 'resume-test',
        log,
        maxAttempts: 2,
        handle: (payload) => {
          if ((payload as { poison?: boolean }).poison) return Promise.reject(new Error('poison'));
          handled.push(payload);
          return Promise.resolve();
        },
        track: (work) => background.push(work),
      });
      const ok = key();
      const poison = key();
      await inbox.accept('resume-test', ok, { n: 1 });
      await inbox.accept('resume-test', poison, { poison: true });
      await inbox.claim('resume-test', ok, 60000, 2); // a process claimed it, then was killed
      assert.equal(await runner.resume(true), 2);
      assert.deepEqual(handled, [{ n: 1 }]);
      assert.equal((await row(ok))?.status, 'done');
      assert.equal((await row(poison))?.status, 'pending', 'one failure: retried later');
      await runner.resume(false);
      assert.deepEqual(await row(poison), { status: 'failed', attempts: 2, payload: null });
      await runner.resume(true);
      assert.deepEqual(handled, [{ n: 1 }], 'nothing processed twice');
      await Promise.all(background);
    });

    it('when an identical request is recorded within the window, then it is a duplicate, unfinished until completed; after the window it is new', async () => {
      const inbox = new SqlWebhookInbox(t.db);
      const k = key();
      const results = await Promise.all([inbox.recordRequest('kakao', k, 60000), inbox.recordRequest('kakao', k, 60000)]);
      assert.deepEqual(results.sort(), ['duplicate-unfinished', 'new']);
      await inbox.complete('kakao', k);
      assert.equal(await inbox.recordRequest('kakao', k, 60000), 'duplicate');
      await new Promise((r) => setTimeout(r, 30));
      assert.equal(await inbox.recordRequest('kakao', k, 10), 'new');
    });
  });
}
