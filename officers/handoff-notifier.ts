/**
 * Tells officers about new and urgent hand-offs through an incoming webhook (Slack, Teams, LINE WORKS
 * or a city system): POST JSON with a `text` line plus structured fields. Runs in the background with
 * retries and backoff, so a slow or broken webhook never delays the resident's turn.
 */
import type { Logger } from 'pino';

/** What is posted. */
export interface HandoffNotice {
  text: string;
  handoffId: string;
  priority: 'urgent' | 'normal';
  lang: string;
  channel: string;
  summary: string;
  /** Set on an alarm rather than a new case: what went wrong (the hand-off id is then empty). */
  alert?: 'crisis_escalation_failed';
  /** The resident's conversation on `channel`, on an alarm (there is no hand-off to open). */
  conversationId?: string;
}

/** Settings of {@link HandoffNotifier}. */
export interface HandoffNotifierOptions {
  /** HANDOFF_NOTIFY_WEBHOOK_URL; empty turns notifications off. */
  webhookUrl: string;
  log?: Logger;
  /** Attempts in all (default 4). */
  attempts?: number;
  /** First backoff delay; doubles each retry (default 500 ms). */
  baseDelayMs?: number;
  /** Per-attempt timeout (default 5 s). */
  timeoutMs?: number;
  /** Injected for tests (default global fetch). */
  fetch?: typeof fetch;
}

/** Posts hand-off notices to the configured webhook. */
export class HandoffNotifier {
  private readonly pending = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: HandoffNotifierOptions) {}

  /** True when a webhook is configured. */
  get enabled(): boolean {
    return this.options.webhookUrl !== '';
  }

  /** Queues a notice and returns at once. */
  notify(notice: HandoffNotice): void {
    if (!this.enabled || this.stopped) return;
    const task = this.deliver(notice).finally(() => this.pending.delete(task));
    this.pending.add(task);
  }

  /** Waits for notices in flight (tests, shutdown); later notices are dropped after `stop`. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops accepting notices and waits for those in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.drain();
  }

  private async deliver(notice: HandoffNotice): Promise<void> {
    const attempts = this.options.attempts ?? 4;
    const doFetch = this.options.fetch ?? fetch;
    let delay = this.options.baseDelayMs ?? 500;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const res = await doFetch(this.options.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(notice),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
        });
        if (res.ok) return;
        // 4xx other than 408/429 will not get better by retrying.
        if (res.status < 500 && res.status !== 408 && res.status !== 429) {
          this.options.log?.warn({ status: res.status, handoffId: notice.handoffId }, 'hand-off webhook rejected the notice');
          return;
        }
        this.options.log?.warn({ status: res.status, attempt, handoffId: notice.handoffId }, 'hand-off webhook failed; retrying');
      } catch (err) {
        this.options.log?.warn({ err, attempt, handoffId: notice.handoffId }, 'hand-off webhook unreachable; retrying');
      }
      if (attempt < attempts && !this.stopped) {
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay *= 2;
      } else if (this.stopped) {
        return;
      }
    }
    this.options.log?.error({ handoffId: notice.handoffId }, 'hand-off webhook gave up');
  }
}
