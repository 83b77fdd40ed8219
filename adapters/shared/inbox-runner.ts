/**
 * Runs one channel's events through the {@link WebhookInbox}: the webhook handler stores each event
 * ({@link InboxRunner.accept}) before answering the platform, then has it processed
 * ({@link InboxRunner.process}): claimed, handled, marked done. At start-up
 * {@link InboxRunner.resume} processes what a crash left unfinished, and a periodic sweep takes over
 * events whose processor died on another instance (their claim's lease expired). Each event has at
 * most `maxAttempts` attempts, so an event that crashes the process every time is given up.
 */
import type { Logger } from 'pino';
import type { WebhookInbox } from './webhook-inbox';

/** Defaults: 5 attempts; a claim older than 2 minutes belongs to a dead processor; sweep every 30 s. */
export const INBOX_DEFAULTS = { maxAttempts: 5, leaseMs: 120_000, sweepIntervalMs: 30_000 } as const;

/** Settings of a runner. */
export interface InboxRunnerOptions {
  inbox: WebhookInbox;
  /** The platform, the first half of each event's key (`line`, `telegram`). */
  platform: string;
  log: Logger;
  /** Processes one stored payload; a throw counts as a failed attempt. */
  handle: (payload: unknown) => Promise<void>;
  /** Runs background work where shutdown can wait for it (the adapter's `track`). */
  track: (work: Promise<unknown>, what: string) => void;
  /** Attempts per event before it is given up (default 5). */
  maxAttempts?: number;
  /** How old a claim must be before another processor may take the event over (default 2 min). */
  leaseMs?: number;
}

/** The inbox loop of one channel. */
export class InboxRunner {
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(private readonly options: InboxRunnerOptions) {
    this.maxAttempts = options.maxAttempts ?? INBOX_DEFAULTS.maxAttempts;
    this.leaseMs = options.leaseMs ?? INBOX_DEFAULTS.leaseMs;
  }

  /**
   * Stores an event before it is acknowledged. True when the caller should have it processed: it is
   * new, or stored earlier and not finished (a redelivery after a crash must not be dropped while
   * nothing processes it; the claim decides whether anyone already does). Throws when it cannot be
   * stored: then the platform must not be answered 200.
   */
  async accept(key: string, payload: unknown): Promise<boolean> {
    const found = await this.options.inbox.accept(this.options.platform, key, payload);
    if (found === 'duplicate') this.options.log.info({ eventKey: key }, 'webhook event already processed; ignored');
    return found !== 'duplicate';
  }

  /** Processes an accepted event in the background (tracked for shutdown). */
  process(key: string): void {
    this.options.track(this.processNow(key), `${this.options.platform} event`);
  }

  /** Claims, handles and finishes one event; false when another processor has it or it is finished. */
  private async processNow(key: string): Promise<boolean> {
    const { inbox, platform, log } = this.options;
    const claimed = await inbox.claim(platform, key, this.leaseMs, this.maxAttempts);
    if (!claimed) return false;
    if (claimed.attempts > 1) log.warn({ eventKey: key, attempt: claimed.attempts }, 'webhook event resumed after an unfinished attempt');
    try {
      await this.options.handle(claimed.payload);
    } catch (err) {
      const outcome = await inbox.release(platform, key, err instanceof Error ? err.message : String(err), this.maxAttempts);
      log.error({ err, eventKey: key, attempt: claimed.attempts, outcome }, outcome === 'failed' ? 'webhook event given up after its last attempt' : 'webhook event failed; it will be retried');
      return true;
    }
    await inbox.complete(platform, key);
    return true;
  }

  /**
   * Processes the unfinished events, oldest first and one at a time (a resident's messages keep
   * their order). With `orphaned`, events marked as being processed are taken back at once: the
   * caller knows no other process can hold them (the embedded database has one process).
   */
  async resume(orphaned = false): Promise<number> {
    const { inbox, platform, log } = this.options;
    if (orphaned) await inbox.releaseAll(platform);
    const exhausted = await inbox.giveUpExhausted(platform, this.leaseMs, this.maxAttempts);
    for (const key of exhausted) log.error({ eventKey: key, attempts: this.maxAttempts }, 'webhook event given up: it never finished (a crash each time?)');
    let processed = 0;
    for (;;) {
      const keys = await inbox.claimable(platform, this.leaseMs, 100);
      let progressed = false;
      for (const key of keys) {
        if (await this.processNow(key)) {
          processed++;
          progressed = true;
        }
      }
      if (!progressed || keys.length < 100) break;
    }
    if (processed) log.info({ platform, processed }, 'unfinished webhook events processed');
    return processed;
  }

  /**
   * Resumes the unfinished events in the background (start-up), then sweeps every `intervalMs` for
   * events left by a processor that died (see {@link resume} for `orphaned`).
   */
  start(orphaned: boolean, intervalMs: number = INBOX_DEFAULTS.sweepIntervalMs): void {
    if (this.sweepTimer) return;
    this.sweep(orphaned);
    this.sweepTimer = setInterval(() => this.sweep(false), intervalMs);
    this.sweepTimer.unref();
  }

  private sweep(orphaned: boolean): void {
    if (this.sweeping) return;
    this.sweeping = true;
    const run = this.resume(orphaned).finally(() => (this.sweeping = false));
    this.options.track(run, `${this.options.platform} inbox sweep`);
  }

  /** Stops the sweep (shutdown). */
  stopSweeping(): void {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
  }
}
