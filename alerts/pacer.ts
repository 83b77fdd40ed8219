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
  /**
   * At most this many starts in any second (the platform's limit as it counts it: a sliding
   * window). Scheduled times spread a batch; this keeps a backlog after a pause (a long database
   * call) from going out as a burst. 0 or absent: no limit.
   */
  ratePerSecond?: number;
  /** The clock (tests). */
  now?: () => number;
}

/** Slack added to the one-second window: requests started in order may arrive a little apart. */
const WINDOW_MS = 1025;

/**
 * At most `rate` passes in any second (the platform's limit as it counts it: a sliding window).
 * Taken just before the request goes out, after any database write the send needs first, so that
 * write's delay cannot bunch requests.
 */
export class RateGate {
  private readonly starts: number[] = [];
  private head = 0;
  private queue: Promise<void> = Promise.resolve();
  /** The window's stretch: 1, up to 1.15 after the platform answered 429 (it counts differently than we do). */
  private stretch = 1;

  constructor(
    private readonly rate: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when a request may go out (and counts it). */
  acquire(): Promise<void> {
    if (!this.rate) return Promise.resolve();
    const turn = this.queue.then(() => this.wait());
    this.queue = turn;
    return turn;
  }

  /** The platform said too many (429): leave it more room from now on. */
  slowDown(): void {
    this.stretch = Math.min(1.15, this.stretch + 0.03);
  }

  /** A request went through: give back a little of the room taken by {@link slowDown}. */
  succeeded(): void {
    if (this.stretch > 1) this.stretch = Math.max(1, this.stretch - 0.001);
  }

  private async wait(): Promise<void> {
    for (;;) {
      const now = this.now();
      const window = WINDOW_MS * this.stretch;
      while (this.head < this.starts.length && this.starts[this.head] <= now - window) this.head++;
      if (this.head > 4096) {
        this.starts.splice(0, this.head);
        this.head = 0;
      }
      if (this.starts.length - this.head < this.rate) {
        this.starts.push(now);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, this.starts[this.head] + window - now + 1));
    }
  }
}

/** Evenly spaced sends for one route. */
export class Pacer<T> {
  private readonly queue: Scheduled<T>[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly concurrency: number;
  private waiters: (() => void)[] = [];
  /** Start times within the last window (a ring: `starts[startHead…]`). */
  private readonly starts: number[] = [];
  private startHead = 0;

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
    while (this.queue.length > 0 && this.inFlight.size < this.concurrency && (this.queue[0]?.dueAt ?? Infinity) <= now && this.windowAllows(now) === 0) {
      const next = this.queue.shift()!;
      started = true;
      if (this.options.ratePerSecond) this.starts.push(now);
      const p = this.options.send(next.item).finally(() => {
        this.inFlight.delete(p);
        this.pump();
      });
      this.inFlight.add(p);
    }
    if (started) this.notify();
    const head = this.queue[0];
    if (head && this.inFlight.size < this.concurrency) {
      const at = this.now();
      this.timer = setTimeout(() => this.pump(), Math.max(0, head.dueAt - at, this.windowAllows(at)));
    }
  }

  /** 0 when the rate window allows a start now, else the milliseconds until it does. */
  private windowAllows(now: number): number {
    const rate = this.options.ratePerSecond;
    if (!rate) return 0;
    while (this.startHead < this.starts.length && this.starts[this.startHead] <= now - WINDOW_MS) this.startHead++;
    if (this.startHead > 4096) {
      this.starts.splice(0, this.startHead);
      this.startHead = 0;
    }
    if (this.starts.length - this.startHead < rate) return 0;
    return this.starts[this.startHead] + WINDOW_MS - now + 1;
  }
}
