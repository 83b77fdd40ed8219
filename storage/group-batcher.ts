/**
 * Group commit for one kind of statement: items that arrive in the same event-loop tick, or while
 * earlier batches are still running, are collected and sent together as the next batch, so a busy
 * database sees one statement for many turns, while an idle one sees each item almost at once
 * (one `setImmediate` hop, no timer).
 * Every caller's promise settles when its own batch is done, so durability is unchanged.
 */

/**
 * Runs one batch; returns one result per item, in order. It must be atomic (one statement or one
 * transaction): a failed batch changed nothing, so its items can be run again one by one.
 */
export type BatchRunner<T, R> = (items: T[]) => Promise<R[]>;

/** Settings of a {@link GroupBatcher}. */
export interface GroupBatcherOptions<T> {
  /** Batches running at once (1 for PGlite, which runs statements one at a time anyway). */
  maxInFlight: number;
  /** Most items in one batch. */
  maxBatch: number;
  /**
   * The keys (rows) an item touches. No key appears twice in one batch (one statement cannot
   * update a row twice); an item whose key is taken waits for the next batch.
   */
  keysOf?: (item: T) => readonly string[];
  /**
   * Milliseconds the first item of a batch waits for others (absent or 0: one `setImmediate`
   * hop). For writes nobody waits on, so one statement carries more items.
   */
  delayMs?: number;
}

interface Pending<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/** Batches items for a {@link BatchRunner}. */
export class GroupBatcher<T, R> {
  private queue: Pending<T, R>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: BatchRunner<T, R>,
    private readonly options: GroupBatcherOptions<T>,
  ) {}

  /** Adds an item; resolves with its result once its batch ran. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // Wait until the event loop's current phase is done, so turns progressing in the same tick
      // join one batch even when the database answers synchronously (PGlite runs in-process).
      if (!this.scheduled) {
        this.scheduled = true;
        const go = () => {
          this.scheduled = false;
          this.pump();
        };
        if (this.options.delayMs) setTimeout(go, this.options.delayMs);
        else setImmediate(go);
      }
    });
  }

  /** Items waiting for a batch (metrics, tests). */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.take();
      this.inFlight += 1;
      void this.execute(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private take(): Pending<T, R>[] {
    const batch: Pending<T, R>[] = [];
    const taken = new Set<string>();
    const rest: Pending<T, R>[] = [];
    for (const p of this.queue) {
      const keys = this.options.keysOf?.(p.item) ?? [];
      if (batch.length < this.options.maxBatch && !keys.some((k) => taken.has(k))) {
        batch.push(p);
        for (const k of keys) taken.add(k);
      } else {
        rest.push(p);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async execute(batch: Pending<T, R>[]): Promise<void> {
    try {
      const results = await this.run(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`batch returned ${results.length} results for ${batch.length} items`);
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
      // One bad item must not fail the others: each runs again on its own.
      await Promise.all(batch.map((p) => this.execute([p])));
    }
  }
}

/**
 * Batch limits for a database driver: PGlite runs one statement at a time, so one batch in flight;
 * PostgreSQL gets two, so a batch is being filled while the previous one runs.
 */
export function batchLimits(driver: 'pglite' | 'postgres'): { maxInFlight: number; maxBatch: number } {
  return { maxInFlight: driver === 'pglite' ? 1 : 2, maxBatch: 64 };
}
