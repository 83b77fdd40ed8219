/**
 * The turn prefetch middleware through botbuilder's TestAdapter: a message's conversation state
 * and open hand-off are read before the limits middleware runs (so the reads overlap), the bot
 * reads the state only once, a failed early read is tried again where it is needed, and a turn the
 * limits stop leaves nothing unhandled.
 */
import assert from 'node:assert/strict';
import { ConversationState, MemoryStorage, TestAdapter, type Middleware, type StoreItems, type TurnContext } from 'botbuilder';
import { awaitPrefetchedState, TurnPrefetchMiddleware } from '../../../bot/middleware/turn-prefetch-middleware';
import { TURN_OPEN_PHASE_KEY } from '../../../dialogs/conversation-data';
import type { HandoffPhase } from '../../../dialogs/ports';

/** MemoryStorage that counts reads and can fail the next ones. */
class CountingStorage extends MemoryStorage {
  reads = 0;
  failNext = 0;
  override async read(keys: string[]): Promise<StoreItems> {
    this.reads += 1;
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('database unavailable');
    }
    return super.read(keys);
  }
}

function setup(options: { phase?: () => Promise<HandoffPhase | null>; stopAtLimits?: boolean } = {}) {
  const storage = new CountingStorage();
  const state = new ConversationState(storage);
  const visits = state.createProperty<number>('visits');
  const seen = { readsAtLimits: -1, lookupsAtLimits: -1, lookups: 0, phases: [] as (HandoffPhase | null)[] };
  const openPhase = async (): Promise<HandoffPhase | null> => {
    seen.lookups += 1;
    return (options.phase ?? (async () => null))();
  };
  const limits: Middleware = {
    onTurn: async (_context, next) => {
      // Stands for the limits' own database round trip, during which the early reads run.
      await new Promise((resolve) => setImmediate(resolve));
      seen.readsAtLimits = storage.reads;
      seen.lookupsAtLimits = seen.lookups;
      if (!options.stopAtLimits) await next();
    },
  };
  const adapter = new TestAdapter(async (context: TurnContext) => {
    await awaitPrefetchedState(context);
    const n = ((await visits.get(context, 0)) ?? 0) + 1;
    await visits.set(context, n);
    seen.phases.push(await (context.turnState.get<Promise<HandoffPhase | null> | undefined>(TURN_OPEN_PHASE_KEY) ?? openPhase()));
    await context.sendActivity(`visit ${n}`);
    await state.saveChanges(context);
  });
  adapter.use(new TurnPrefetchMiddleware(state, openPhase), limits);
  return { adapter, storage, seen };
}

describe('TurnPrefetchMiddleware', () => {
  it('when a message arrives, then its state and hand-off reads run while the limits count it, and the bot reads the state once', async () => {
    const { adapter, storage, seen } = setup({ phase: async () => 'queued' });
    await adapter.send('hello').assertReply('visit 1').send('again').assertReply('visit 2').startTest();
    assert.equal(seen.readsAtLimits, 2, 'the second turn read its state while the limits counted');
    assert.equal(seen.lookupsAtLimits, 2);
    assert.equal(storage.reads, 2, 'one state read per turn');
    assert.deepEqual(seen.phases, ['queued', 'queued']);
  });

  it('when the early state read fails, then the bot reads the state again and the turn goes on', async () => {
    const { adapter, storage } = setup();
    storage.failNext = 1;
    await adapter.send('hello').assertReply('visit 1').startTest();
    assert.equal(storage.reads, 2);
  });

  it('when the limits stop a message whose early reads fail, then nothing is left unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { adapter, storage, seen } = setup({ phase: () => Promise.reject(new Error('lookup failed')), stopAtLimits: true });
      storage.failNext = 1;
      await adapter.send('hello').startTest();
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal(seen.lookups, 1);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('when the activity is not a resident message, then nothing is read early', async () => {
    const { adapter, storage, seen } = setup({ stopAtLimits: true });
    await adapter.send({ type: 'conversationUpdate' }).startTest();
    assert.deepEqual([storage.reads, seen.lookups], [0, 0]);
  });
});
