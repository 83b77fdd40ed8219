/**
 * Group commit: items arriving while a batch runs go together in the next one; an idle batcher
 * runs an item at once; a bad item fails alone; duplicate keys wait for the next batch.
 */
import assert from 'node:assert/strict';
import { GroupBatcher } from '../../storage/group-batcher';
import { TranscriptStore, type TranscriptEntry } from '../../storage/transcript-store';
import { DRIVERS, requirePostgres, type TestDatabase } from '../helpers/test-databases';

/** A runner that records its batches and finishes each when the test says so. */
function gatedRunner() {
  const batches: number[][] = [];
  const gates: (() => void)[] = [];
  const run = async (items: number[]) => {
    batches.push(items);
    await new Promise<void>((resolve) => gates.push(resolve));
    if (items.includes(13)) throw new Error('unlucky item');
    return items.map((n) => n * 10);
  };
  const openAll = async () => {
    while (gates.length > 0) {
      gates.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { run, batches, gates, openAll };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupBatcher', () => {
  it('when idle, then an item runs on the next tick in a batch of its own', async () => {
    const r = gatedRunner();
    const b = new GroupBatcher(r.run, { maxInFlight: 1, maxBatch: 10 });
    const p = b.add(1);
    await tick();
    assert.deepEqual(r.batches, [[1]]);
    await r.openAll();
    assert.equal(await p, 10);
  });

  it('when items arrive while a batch runs, then they go together in the next batch and each gets its own result', async () => {
    const r = gatedRunner();
    const b = new GroupBatcher(r.run, { maxInFlight: 1, maxBatch: 3 });
    const all = [b.add(1)];
    await tick();
    all.push(...[2, 3, 4, 5, 6].map((n) => b.add(n)));
    await tick();
    assert.deepEqual(r.batches, [[1]]);
    assert.equal(b.waiting, 5);
    const settled = Promise.all(all);
    const done = (async () => {
      while (r.gates.length > 0 || b.waiting > 0) await r.openAll();
    })();
    assert.deepEqual(await settled, [10, 20, 30, 40, 50, 60]);
    await done;
    assert.deepEqual(r.batches, [[1], [2, 3, 4], [5, 6]]);
  });

  it('when items arrive in the same tick, then they share a batch even though nothing was running', async () => {
    const r = gatedRunner();
    const b = new GroupBatcher(r.run, { maxInFlight: 1, maxBatch: 10 });
    const all = [1, 2, 3].map((n) => b.add(n));
    await tick();
    assert.deepEqual(r.batches, [[1, 2, 3]]);
    await r.openAll();
    assert.deepEqual(await Promise.all(all), [10, 20, 30]);
  });

  it('when a delay is set, then nothing runs before it and items arriving within it share one batch', async () => {
    const batches: number[][] = [];
    const b = new GroupBatcher(async (items: number[]) => (batches.push(items), items), { maxInFlight: 1, maxBatch: 10, delayMs: 40 });
    const first = b.add(1);
    await new Promise((r) => setTimeout(r, 10));
    const second = b.add(2);
    await tick();
    assert.deepEqual(batches, [], 'nothing ran within the delay');
    assert.deepEqual(await Promise.all([first, second]), [1, 2]);
    assert.deepEqual(batches, [[1, 2]]);
  });

  it('when several batches may run at once, then no more than that run together', async () => {
    const r = gatedRunner();
    const b = new GroupBatcher(r.run, { maxInFlight: 2, maxBatch: 10 });
    const all = [b.add(1)];
    await tick();
    all.push(b.add(2));
    await tick();
    all.push(b.add(3), b.add(4));
    await tick();
    assert.deepEqual(r.batches, [[1], [2]], 'two in flight, the rest waits');
    while (r.gates.length > 0) await r.openAll();
    await Promise.all(all);
    assert.deepEqual(r.batches, [[1], [2], [3, 4]]);
  });

  it('when an item may not join a batch, then it waits for the next one', async () => {
    const r = gatedRunner();
    const b = new GroupBatcher(r.run, { maxInFlight: 1, maxBatch: 10, keysOf: (n) => [String(n)] });
    const all = [b.add(1)];
    await tick();
    all.push(...[2, 2, 3].map((n) => b.add(n)));
    while (r.gates.length > 0 || b.waiting > 0) await r.openAll();
    await Promise.all(all);
    assert.deepEqual(r.batches, [[1], [2, 3], [2]]);
  });

  it('when one item of a batch fails, then the others still succeed and only it is rejected', async () => {
    const r = gatedRunner();
    const b = new GroupBatcher(r.run, { maxInFlight: 1, maxBatch: 10 });
    const first = b.add(1);
    await tick();
    const rest = [12, 13, 14].map((n) => b.add(n).then((v) => ({ ok: v }), (err: Error) => ({ err: err.message })));
    let settled = false;
    const all = Promise.all([first, ...rest]).finally(() => (settled = true));
    while (!settled) {
      await r.openAll();
      await tick();
    }
    assert.equal(await first, 10);
    assert.deepEqual((await all).slice(1), [{ ok: 120 }, { err: 'unlucky item' }, { ok: 140 }]);
    assert.deepEqual(r.batches.slice(0, 2), [[1], [12, 13, 14]], 'the batch ran once together, then each item alone');
  });
});

for (const driver of DRIVERS) {
  describe(`TranscriptStore appends on ${driver.name}`, function () {
    let t: TestDatabase;
    before(async function () {
      if (driver.name === 'postgres') await requirePostgres(this);
      t = await driver.open();
    });
    after(async () => t?.dispose());

    it('when many turns end at once, then their lines share few INSERTs and each conversation keeps its order', async () => {
      let inserts = 0;
      const counting = Object.create(t.db, {
        query: { value: (sql: string, params?: readonly unknown[]) => (sql.startsWith('INSERT INTO transcript') && inserts++, t.db.query(sql, params)) },
      }) as typeof t.db;
      const store = new TranscriptStore(counting);
      const line = (conv: number, n: number, direction: 'in' | 'out'): TranscriptEntry => ({
        channelId: 'test',
        conversationId: `batch-${conv}`,
        userId: 'u',
        direction,
        author: direction === 'in' ? 'resident' : 'bot',
        activityType: 'message',
        text: `${conv}:${n}:${direction}`,
      });
      await Promise.all(
        Array.from({ length: 40 }, async (_, conv) => {
          for (let n = 0; n < 3; n++) await store.append([line(conv, n, 'in'), line(conv, n, 'out')]);
        }),
      );
      assert.ok(inserts < 40 * 3, `${inserts} INSERTs for 120 turns`);
      for (const conv of [0, 17, 39]) {
        const texts = (await store.list('test', `batch-${conv}`)).map((e) => e.text);
        assert.deepEqual(texts, [0, 1, 2].flatMap((n) => [`${conv}:${n}:in`, `${conv}:${n}:out`]));
      }
    });

    it('when turns append in the background, then nobody waits, each conversation keeps its order, reads see the lines, and a failed write is reported', async () => {
      const failing = Object.create(t.db, {
        query: {
          value: (sql: string, params?: readonly unknown[]) =>
            sql.startsWith('INSERT INTO transcript') && JSON.stringify(params).includes('reject me') ? Promise.reject(new Error('disk full')) : t.db.query(sql, params),
        },
      }) as typeof t.db;
      const store = new TranscriptStore(failing, 0);
      const line = (conv: number, text: string): TranscriptEntry => ({
        channelId: 'test',
        conversationId: `background-${conv}`,
        userId: 'u',
        direction: 'in',
        author: 'resident',
        activityType: 'message',
        text,
      });
      const errors: string[] = [];
      const onError = (err: unknown) => errors.push((err as Error).message);
      for (let n = 0; n < 4; n++) {
        for (let conv = 0; conv < 10; conv++) store.appendInBackground([line(conv, n === 2 && conv === 3 ? 'reject me' : `${conv}:${n}`)], onError);
        // Lines gathered into one write share its fate: the rejected turn is kept on its own here.
        if (n === 1 || n === 2) await store.settled();
      }
      assert.deepEqual(
        (await store.list('test', 'background-7')).map((e) => e.text),
        ['7:0', '7:1', '7:2', '7:3'],
        'a read waits for the lines still being written, in order',
      );
      await store.settled();
      assert.deepEqual(errors, ['disk full']);
      assert.deepEqual((await store.list('test', 'background-3')).map((e) => e.text), ['3:0', '3:1', '3:3'], 'the lines after a failed write still arrive');
      assert.equal(await store.count('test', 'background-0'), 4);
    });

    it('when turns of one resident after another append in the background, then one INSERT carries them, and a later direct append stays after them', async () => {
      let inserts = 0;
      const counting = Object.create(t.db, {
        query: { value: (sql: string, params?: readonly unknown[]) => (sql.startsWith('INSERT INTO transcript') && inserts++, t.db.query(sql, params)) },
      }) as typeof t.db;
      const store = new TranscriptStore(counting, 60);
      const line = (text: string, author: TranscriptEntry['author'] = 'resident'): TranscriptEntry => ({ channelId: 'test', conversationId: 'quiet', userId: 'u', direction: 'in', author, activityType: 'message', text });
      const errors: unknown[] = [];
      for (const text of ['one', 'two', 'three\u0000nul']) {
        store.appendInBackground([line(text)], (err) => errors.push(err));
        await new Promise((r) => setTimeout(r, 5));
      }
      await store.append([line('officer', 'officer')]);
      assert.deepEqual((await store.list('test', 'quiet')).map((e) => e.text), ['one', 'two', 'threenul', 'officer'], 'the NUL dropped, not the line');
      assert.equal(inserts, 2, 'one INSERT for the three background turns, one for the direct append');
      assert.deepEqual(errors, []);
    });

    it('when a conversation\'s earlier background write is slow, then its next one waits for it (ids keep the order)', async () => {
      let release = () => undefined as void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const slow = Object.create(t.db, {
        query: {
          value: async (sql: string, params?: readonly unknown[]) => {
            if (sql.startsWith('INSERT INTO transcript') && JSON.stringify(params).includes('slow first')) await gate;
            return t.db.query(sql, params);
          },
        },
      }) as typeof t.db;
      const store = new TranscriptStore(slow);
      const line = (text: string): TranscriptEntry => ({ channelId: 'test', conversationId: 'slow', userId: 'u', direction: 'in', author: 'resident', activityType: 'message', text });
      const errors: unknown[] = [];
      store.appendInBackground([line('slow first')], (err) => errors.push(err));
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      store.appendInBackground([line('second')], (err) => errors.push(err));
      await new Promise((resolve) => setTimeout(resolve, 50));
      release();
      assert.deepEqual((await store.list('test', 'slow')).map((e) => e.text), ['slow first', 'second']);
      assert.deepEqual(errors, []);
    });
  });
}
