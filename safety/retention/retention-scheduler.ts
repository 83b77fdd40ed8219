/**
 * Runs the retention purge once at start and then every day. The timer is unref'd so it never
 * keeps the process alive, and `stop()` ends it for a clean shutdown. When several instances share
 * a database they all purge; the deletes are idempotent, so that costs only a little work.
 */
import type { PurgeReport, RetentionPurger } from './retention-purger';

/** Where the scheduler reports (a pino logger fits). */
export interface RetentionLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Settings of the scheduler. */
export interface RetentionSchedulerOptions {
  purger: Pick<RetentionPurger, 'purge'>;
  /** RETENTION_DAYS. */
  days: number;
  /** Interval between purges (default one day). */
  intervalMs?: number;
  /** Purge right after `start()` (default true). */
  runAtStart?: boolean;
  log?: RetentionLog;
}

/** Daily retention purge. */
export class RetentionScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<PurgeReport | null> | null = null;

  constructor(private readonly options: RetentionSchedulerOptions) {}

  /** Starts the daily purge (idempotent). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs ?? 86_400_000);
    this.timer.unref();
    if (this.options.runAtStart ?? true) void this.runOnce();
  }

  /** Stops the schedule; a purge in progress finishes. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Runs one purge now (never two at once); errors are logged, not thrown. */
  runOnce(): Promise<PurgeReport | null> {
    this.running ??= this.options.purger
      .purge(this.options.days)
      .then((report) => {
        this.options.log?.info({ deleted: report.deleted, total: report.total, days: report.days }, 'retention purge done');
        return report;
      })
      .catch((err: unknown) => {
        this.options.log?.error({ err }, 'retention purge failed');
        return null;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
