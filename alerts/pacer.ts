/**
 * Sends a route's claimed alerts at their reserved times: each batch arrives with the start of its
 * window (reserved in the shared database, see AlertOutbox.reserve), and its alerts go out evenly
 * spaced at the route's rate, with at most `concurrency` requests in flight. `release` hands back
 * what has not gone out yet (the platform said to wait, or the worker is stopping).
 */

/** One scheduled send. */
interface Scheduled<T> {
  item: T;
  dueAt: number;
}

/** Settings of a {@link Pacer}. */
export interface PacerOptions<T> {
  /** Sends one item; must not throw (outcomes are the caller's business). */
  send: (item: T) => Promise<void>;
  /** Requests in flight at most (default 64). */
  concurrency?: number;
  /** The clock (tests). */
  now?: () => number;
}

/** Evenly spaced sends for one route. */
export class Pacer<T> {
  private readonly queue: Scheduled<T>[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly concurrency: number;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: PacerOptions<T>) {
    this.now = options.now ?? Date.now;
    this.concurrency = options.concurrency ?? 64;
  }

  /** Schedules `items` from `startAt` (epoch ms), `intervalMs` apart. */
  schedule(items: T[], startAt: number, intervalMs: number): void {
    items.forEach((item, i) => this.queue.push({ item, dueAt: startAt + i * intervalMs }));
    this.pump();
  }

  /** Items scheduled but not yet started. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Items scheduled or in flight. */
  get pending(): number {
    return this.queue.length + this.inFlight.size;
  }

  /** Resolves once at most `n` items wait to start (back-pressure for the claimer). */
  async waitUntilBelow(n: number): Promise<void> {
    while (this.queue.length > n) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Removes and returns every item not yet started. */
  release(): T[] {
    const items = this.queue.splice(0).map((s) => s.item);
    this.notify();
    return items;
  }

  /** Resolves when every started send has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const now = this.now();
    let started = false;
    while (this.queue.length > 0 && this.inFlight.size < this.concurrency && (this.queue[0]?.dueAt ?? Infinity) <= now) {
      const next = this.queue.shift()!;
      started = true;
      const p = this.options.send(next.item).finally(() => {
        this.inFlight.delete(p);
        this.pump();
      });
      this.inFlight.add(p);
    }
    if (started) this.notify();
    const head = this.queue[0];
    if (head && this.inFlight.size < this.concurrency) {
      this.timer = setTimeout(() => this.pump(), Math.max(0, head.dueAt - this.now()));
    }
  }
}
