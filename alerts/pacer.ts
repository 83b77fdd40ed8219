/**
 * Pacing of a route's sends. A {@link Pacer} starts a route's claimed alerts at their reserved
 * times (each batch arrives with the start of its window, reserved in the shared database so all
 * instances together keep the platform's rate, see AlertOutbox.reserve), with at most
 * `concurrency` sends under way; `release` hands back what has not started (the platform said to
 * wait, or the worker is stopping). A {@link RateGate}, taken right before each request, keeps
 * this instance exactly within the platform's limit, however its requests are delayed.
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
  /** Sends under way at most (default 64). */
  concurrency?: number;
  /** The clock (tests). */
  now?: () => number;
}

/**
 * Room left below each platform's limit (2 %): the window a request is counted in is this much
 * longer than the platform's second, against clocks that round and platforms that count a little
 * differently.
 */
export const RATE_MARGIN = 0.02;

/** A place in a {@link RateGate}'s window, taken by one request. */
export interface RateTicket {
  /** The answer came: the request counts in the window until `windowMs` from now. */
  answered(): void;
  /**
   * The platform did not count the request (it answered 429, or the request never left): its
   * place is given back at once. A refused request is thus counted once, by the platform's hold
   * ({@link RateGate.hold}), not a second time in the window.
   */
  notCounted(): void;
}

/** Settings of a {@link RateGate}. */
export interface RateGateOptions {
  /** Requests allowed in any window (the platform's limit per second). */
  rate: number;
  /** The platform's window (default 1000 ms); the gate counts over `windowMs × (1 + margin)`. */
  windowMs?: number;
  /** Room left below the limit (default {@link RATE_MARGIN}). */
  margin?: number;
  /** The clock and timer (tests). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * At most `rate` requests in any sliding window, as the platform counts them: by when each
 * arrives. A request arrives some time between the moment the gate lets it through and the moment
 * its answer comes back, so the gate counts it over that whole span, and for a window after its
 * answer: it holds a place from `acquire` until `window` after {@link RateTicket.answered}. Any
 * window of the platform's then holds at most `rate` requests, whatever delayed them on the way
 * (a database write before the request, a busy event loop, the network): of the requests the
 * platform saw in one window, take the one let through last; when it was let through, each of the
 * others had been let through and either was still waiting for its answer or had been answered
 * less than a window before, so each held a place, and the gate lets a request through only
 * while fewer than `rate` places are held. Requests never go out bunched, and no 429 is needed
 * to find the limit; the cost is the round trip (a place is held for a window plus the time to
 * the answer), about 1 to 3 % of the rate on a loopback or a nearby platform.
 */
export class RateGate {
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Requests let through and not yet answered. */
  private outstanding = 0;
  /** When each answered request stops counting (epoch ms; unordered, at most `rate`). */
  private expiries: number[] = [];
  /** No request before this time (the platform said to wait). */
  private heldUntil = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** Wakes the request waiting for a place (a place was given back). */
  private wake: (() => void) | null = null;

  constructor(private readonly options: RateGateOptions) {
    this.windowMs = (options.windowMs ?? 1000) * (1 + (options.margin ?? RATE_MARGIN));
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Places held now (requests under way and answered within the window). */
  get held(): number {
    this.prune(this.now());
    return this.outstanding + this.expiries.length;
  }

  /** Resolves, in the order asked, when a request may go out; it holds a place until its ticket says. */
  acquire(): Promise<RateTicket> {
    const turn = this.queue.then(() => this.waitForPlace());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** The platform asked every sender to wait `ms` (429 retry_after): nothing goes out before then. */
  hold(ms: number): void {
    this.heldUntil = Math.max(this.heldUntil, this.now() + ms);
  }

  private prune(now: number): void {
    if (this.expiries.length && this.expiries.some((t) => t <= now)) this.expiries = this.expiries.filter((t) => t > now);
  }

  private async waitForPlace(): Promise<RateTicket> {
    const rate = this.options.rate;
    for (;;) {
      const now = this.now();
      if (now < this.heldUntil) {
        await this.sleep(this.heldUntil - now);
        continue;
      }
      if (!rate) return NO_TICKET;
      this.prune(now);
      if (this.outstanding + this.expiries.length < rate) {
        this.outstanding++;
        return this.ticket();
      }
      // The next place frees when the earliest answered request leaves the window, or when one
      // under way is not counted; with all under way, only an answer or a give-back frees one.
      const next = this.expiries.length ? Math.min(...this.expiries) - now : Infinity;
      await new Promise<void>((resolve) => {
        let done = false;
        const finish = (): void => {
          if (done) return;
          done = true;
          this.wake = null;
          resolve();
        };
        this.wake = finish;
        if (Number.isFinite(next)) void this.sleep(Math.max(1, next)).then(finish);
      });
    }
  }

  private ticket(): RateTicket {
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      this.outstanding--;
      return true;
    };
    return {
      answered: () => {
        if (!settle()) return;
        this.expiries.push(this.now() + this.windowMs);
        // A waiter sleeping on no expiry (all places under way) can now time its wait.
        this.wake?.();
      },
      notCounted: () => {
        if (settle()) this.wake?.();
      },
    };
  }
}

/** The ticket of an unlimited gate. */
const NO_TICKET: RateTicket = { answered: () => undefined, notCounted: () => undefined };

/** Sends of one route at their scheduled times. */
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

  /** Items scheduled or under way. */
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
    if (head && this.inFlight.size < this.concurrency) this.timer = setTimeout(() => this.pump(), Math.max(0, head.dueAt - this.now()));
  }
}
