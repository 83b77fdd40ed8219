/**
 * The hand-off repository's memory of conversations without an open hand-off, which the embedded
 * database (one process, one writer) uses so most turns need no lookup; on PGlite, and on
 * PostgreSQL where it must stay off.
 */
import assert from 'node:assert/strict';
import { DRIVERS, requirePostgres, type TestDatabase } from '../helpers/test-databases';
import { HandoffRepository, type NewHandoff } from '../../officers/handoff-repository';
import type { Database } from '../../storage/database';

const handoff = (conversationId: string): NewHandoff => ({
  channelId: 'line',
  conversationId,
  userId: `u-${conversationId}`,
  lang: 'en',
  reason: 'asked_for_person',
  priority: 'normal',
  summary: '',
  reference: null,
  status: 'queued',
});

for (const driver of DRIVERS) {
  describe(`HandoffRepository lookups of open hand-offs (${driver.name})`, function () {
    let t: TestDatabase;
    let lookups = 0;
    /** While set, lookups have run but their results wait for it. */
    let hold: Promise<void> | null = null;
    let counting: Database;
    const now = new Date('2026-11-23T10:00:00Z');

    before(async function () {
      if (driver.name === 'postgres') await requirePostgres(this);
      t = await driver.open();
      const query = async (sql: string, params?: readonly unknown[]) => {
        if (!/FROM handoffs h JOIN unnest/.test(sql)) return t.db.query(sql, params);
        lookups += 1;
        const result = await t.db.query(sql, params);
        if (hold) await hold;
        return result;
      };
      counting = Object.create(t.db, { query: { value: query } }) as Database;
    });
    after(async () => t?.dispose());
    beforeEach(async () => {
      lookups = 0;
      await t.db.exec('TRUNCATE handoff_messages, handoffs CASCADE');
    });

    it('when the repository is the sole writer, then a conversation without a hand-off is looked up once, until one opens and after it closes', async () => {
      const repo = new HandoffRepository(counting, { soleWriter: true });
      assert.equal(await repo.findOpen('line', 'c1'), null);
      assert.equal(await repo.findOpen('line', 'c1'), null);
      assert.equal(lookups, 1, 'the second turn needed no lookup');
      const { handoff: opened } = await repo.createOrReuse(handoff('c1'), now);
      assert.equal((await repo.findOpen('line', 'c1'))?.id, opened.id, 'opening it made the repository look again');
      await repo.transition(opened, 'cancelled', now, { outcome: 'cancelled_by_resident' });
      assert.equal(await repo.findOpen('line', 'c1'), null);
      assert.equal(await repo.findOpen('line', 'c1'), null);
      assert.equal(lookups, 3);
    });

    it('when a lookup races with the hand-off opening, then its "none" is not remembered', async () => {
      const repo = new HandoffRepository(counting, { soleWriter: true });
      let release = () => undefined as void;
      hold = new Promise<void>((resolve) => (release = resolve));
      const racing = repo.findOpen('line', 'race');
      while (lookups === 0) await new Promise((resolve) => setImmediate(resolve));
      const { handoff: opened } = await repo.createOrReuse(handoff('race'), now);
      release();
      hold = null;
      assert.equal(await racing, null, 'the lookup ran before the hand-off opened');
      assert.equal((await repo.findOpen('line', 'race'))?.id, opened.id);
    });

    it('when the database is shared, then every turn looks the hand-off up (another instance may open one)', async () => {
      const repo = new HandoffRepository(counting);
      const other = new HandoffRepository(t.db);
      assert.equal(await repo.findOpen('line', 'shared'), null);
      const { handoff: opened } = await other.createOrReuse(handoff('shared'), now);
      assert.equal((await repo.findOpen('line', 'shared'))?.id, opened.id);
      assert.equal(lookups, 2);
    });

    it('when more conversations are remembered than allowed, then the least recently used is looked up again', async () => {
      const repo = new HandoffRepository(counting, { soleWriter: true, maxRemembered: 2 });
      for (const c of ['a', 'b', 'a', 'c']) await repo.findOpen('line', c);
      assert.equal(lookups, 3);
      await repo.findOpen('line', 'a');
      assert.equal(lookups, 3, 'a was used recently and kept');
      await repo.findOpen('line', 'b');
      assert.equal(lookups, 4, 'b was dropped');
    });
  });
}
