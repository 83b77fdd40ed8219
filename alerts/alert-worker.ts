/**
 * The outbox worker. Housekeeping plans approved announcements when they are due, takes back
 * deliveries whose worker died (lease) and settles finished announcements; one loop per route
 * claims batches (never inside the route's region quiet hours), reserves send time in the shared
 * database so all instances together keep the platform's rate, and sends through the route's
 * {@link ChannelDeliverer}:
 * - idempotent routes (LINE) send, then record outcomes in batches; a crash in between resends
 *   with the same key, which the platform accepts once;
 * - at-most-once routes (Telegram, Bot Framework) record the start of each send, send, then record
 *   outcomes in batches, so a crash repeats nothing (a send whose outcome was not recorded yet is
 *   left in doubt, see AlertOutbox.recover);
 * - transactional routes (KakaoTalk, web chat) write the message and its outcome in one transaction.
 * Each request takes its place in the route's {@link RateGate} right before it goes out, so this
 * instance never exceeds the platform's limit; a rate-limited answer (429) holds the route for the
 * time the platform asked, for every instance, and hands back what was not sent yet.
 */
import type { Logger } from 'pino';
import type { Database } from '../storage/database';
import type { AlertOutbox, Completion } from './outbox';
import { MulticastLane } from './multicast-lane';
import { Pacer, RATE_MARGIN, RateGate, type RateTicket } from './pacer';
import type { ChannelDeliverer, DeliveryOutcome, OutgoingAlert } from './ports';
import type { QuietHours } from './quiet-hours';

/** The NOTIFY channel that wakes workers (an announcement approved or planned). */
export const ALERTS_WAKE_CHANNEL = 'madoguchi_alerts';

/** Settings of the worker. */
export interface AlertWorkerOptions {
  db: Database;
  outbox: AlertOutbox;
  deliverers: ChannelDeliverer[];
  /** Sends per second per route, for all instances together (0 or absent: unlimited). */
  rates: Record<string, number>;
  quietHours: QuietHours;
  /** This worker's id (claims carry it). */
  owner: string;
  /** A claim older than this belongs to a dead worker (default 60 s). */
  leaseMs?: number;
  /** Attempts per delivery before it fails (rate-limited attempts do not count; default 5). */
  maxAttempts?: number;
  /** How often an idle worker looks for work and does housekeeping (default 2 s). */
  pollMs?: number;
  /** The embedded database: no other process can hold claims, so all are taken back at start. */
  orphanedAtStart?: boolean;
  log: Logger;
}

/** Backoff of a failed attempt: 2 s, 4 s, 8 s … up to 5 minutes. */
const backoffMs = (attempts: number): number => Math.min(300_000, 1000 * 2 ** Math.max(1, attempts));

/** Runs the outbox. */
export class AlertWorker {
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly pollMs: number;
  private stopping = false;
  private readonly loops: Promise<void>[] = [];
  private wakers: (() => void)[] = [];
  /** Ends the renew loop's wait (stop). */
  private onStop: (() => void) | null = null;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(private readonly options: AlertWorkerOptions) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.pollMs = options.pollMs ?? 2000;
  }

  /** Starts housekeeping and one loop per route. */
  async start(): Promise<void> {
    const { db, deliverers } = this.options;
    if (this.options.orphanedAtStart) {
      for (const d of deliverers) {
        if (d.multicast) await this.options.outbox.releaseBatches(d.route);
        const r = await this.options.outbox.recover(d.route, d.guarantee, 0);
        if (r.requeued || r.interrupted) this.options.log.warn({ route: d.route, ...r }, 'alert deliveries left unfinished by the previous run taken back');
      }
    }
    this.unlisten = await db.listen(ALERTS_WAKE_CHANNEL, () => this.wakeAll());
    this.loops.push(this.housekeepingLoop());
    this.loops.push(this.renewLoop());
    for (const d of deliverers) this.loops.push(this.routeLoop(d));
  }

  /** Stops claiming, hands back what was not sent and waits for sends in flight. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeAll();
    this.onStop?.();
    await Promise.allSettled(this.loops);
    await this.unlisten?.().catch(() => undefined);
  }

  /** Wakes idle loops (an announcement was approved). */
  wakeAll(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const w of wakers) w();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakers.push(done);
    });
  }

  private async housekeepingLoop(): Promise<void> {
    const { outbox, log } = this.options;
    let lastRecover = 0;
    while (!this.stopping) {
      try {
        // Each chunk planned wakes this instance's senders, and the first one the other instances'.
        for (const id of await outbox.dueAnnouncements()) {
          let told = false;
          const afterChunk = async (): Promise<void> => {
            this.wakeAll();
            if (!told) await this.options.db.notify(ALERTS_WAKE_CHANNEL, id);
            told = true;
          };
          const planned = await outbox.plan(id, undefined, afterChunk);
          if (planned !== null) log.info({ announcementId: id, deliveries: planned }, 'announcement planned');
        }
        // Planning an instance left unfinished (it stopped or died in the middle) is taken up again.
        for (const id of await outbox.unfinishedPlanning()) await outbox.continuePlanning(id, undefined, async () => this.wakeAll());
        if (Date.now() - lastRecover > this.leaseMs / 4) {
          lastRecover = Date.now();
          for (const d of this.options.deliverers) {
            const r = await outbox.recover(d.route, d.guarantee, this.leaseMs, this.options.owner);
            if (r.requeued || r.interrupted) log.warn({ route: d.route, ...r }, 'alert deliveries of a worker whose lease ran out taken back');
          }
        }
        await outbox.settle();
      } catch (err) {
        log.error({ err }, 'alert housekeeping failed');
      }
      await this.sleep(this.pollMs);
    }
  }

  /**
   * Renews this worker's claims every quarter lease, apart from housekeeping (planning a large
   * announcement takes a while): a live worker keeps what it holds, a dead one stops renewing.
   */
  private async renewLoop(): Promise<void> {
    while (!this.stopping) {
      // Its own timer: approvals wake the other loops, not this one.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.onStop = null;
          resolve();
        }, this.leaseMs / 4);
        this.onStop = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (this.stopping) break;
      await this.options.outbox.renew(this.options.owner).catch((err: unknown) => this.options.log.warn({ err }, 'alert claims not renewed'));
    }
  }

  private async routeLoop(deliverer: ChannelDeliverer): Promise<void> {
    const rate = this.options.rates[deliverer.route] ?? 0;
    const multicast = deliverer.multicast && deliverer.multicast.max >= 2 ? deliverer.multicast : undefined;
    const lane = multicast
      ? new MulticastLane({
          outbox: this.options.outbox,
          deliverer: deliverer as ChannelDeliverer & { multicast: typeof multicast },
          owner: this.options.owner,
          rate: this.options.rates[multicast.rateKey] ?? 0,
          maxAttempts: this.maxAttempts,
          log: this.options.log,
          onHold: () => undefined,
        })
      : undefined;
    // A batch is about half a second of sends at the route's rate (at most 500, at least 1); with
    // multicast, two requests' worth; on stored routes, 100 writes. On the embedded database each
    // claim and write holds the event loop (it runs on this thread), so none is made long.
    const batchSize = multicast ? multicast.max : rate > 0 ? Math.max(1, Math.min(500, Math.round(rate / 2))) : 50;
    // On a route without idempotency key a send is marked started before it waits for the gate
    // (so the database's queue is not part of its place in the window): at most this many are
    // marked and not yet out, about half a second at the route's rate.
    const concurrency = deliverer.guarantee === 'at-most-once' && rate > 0 ? Math.max(4, Math.ceil(rate / 2)) : 64;
    let lastResume = 0;
    const completions: Completion[] = [];
    let flushing: Promise<void> = Promise.resolve();
    let holdUntil = 0;
    const flush = async (): Promise<void> => {
      const items = completions.splice(0);
      if (items.length) await this.options.outbox.complete(this.options.owner, items);
    };
    const record = (item: Completion): void => {
      completions.push(item);
      if (completions.length >= 200) flushing = flushing.then(flush).catch((err: unknown) => this.options.log.error({ err }, 'alert outcomes not recorded'));
    };
    const gate = new RateGate({ rate });
    const pacer = new Pacer<OutgoingAlert>({
      concurrency,
      send: async (alert) => {
        const outcome = await this.sendOne(deliverer, alert, gate);
        const completion = this.completionOf(alert, outcome);
        if (outcome.status === 'retry' && outcome.rateLimited) {
          // The platform asked every sender to wait: hold the route here (sends waiting for the
          // gate included) and on every instance, and hand back what has not started.
          gate.hold(outcome.afterMs);
          holdUntil = Math.max(holdUntil, Date.now() + outcome.afterMs);
          await this.options.outbox.holdRoute(deliverer.route, outcome.afterMs).catch(() => undefined);
          for (const rest of pacer.release()) record({ id: rest.id, status: 'pending', afterMs: outcome.afterMs, refund: true });
        }
        // Outcomes are recorded in batches (each claim round, or 200): on a route without
        // idempotency key, a send cut off by a crash before its outcome was recorded is in doubt
        // (its start was recorded), never sent again.
        record(completion);
      },
    });

    while (!this.stopping) {
      try {
        await flushing;
        if (Date.now() < holdUntil) {
          await this.sleep(holdUntil - Date.now());
          continue;
        }
        if (lane && Date.now() - lastResume > this.leaseMs / 4) {
          // Multicast requests of a worker that died (at start on the embedded database: the last run's).
          await lane.resume(lastResume === 0 && this.options.orphanedAtStart ? 0 : this.leaseMs);
          lastResume = Date.now();
        }
        const claimed = await this.options.outbox.claim(deliverer.route, this.options.owner, batchSize, this.options.quietHours.now());
        for (const s of claimed.skip) record({ id: s.id, status: 'skipped', reason: s.reason });
        if (claimed.send.length === 0 && claimed.skip.length === 0) {
          await pacer.idle();
          await flush();
          await this.sleep(this.pollMs);
          continue;
        }
        if (claimed.send.length === 0) continue;
        if (deliverer.guarantee === 'transactional') {
          await flush();
          await this.writeBatch(deliverer, claimed.send);
          continue;
        }
        const singles = lane ? await lane.take(claimed.send) : claimed.send;
        // Reserved windows leave the same room below the limit as the gate.
        const intervalMs = rate > 0 ? (1000 * (1 + RATE_MARGIN)) / rate : 0;
        if (singles.length) {
          const startIn = rate > 0 ? await this.options.outbox.reserve(deliverer.route, singles.length * intervalMs) : 0;
          pacer.schedule(singles, Date.now() + startIn, intervalMs);
        }
        // Keep about one batch scheduled ahead, so sends never wait for a claim.
        await pacer.waitUntilBelow(batchSize);
        await lane?.waitUntilBelow(4);
        if (completions.length) flushing = flushing.then(flush).catch((err: unknown) => this.options.log.error({ err }, 'alert outcomes not recorded'));
      } catch (err) {
        this.options.log.error({ err, route: deliverer.route }, 'alert route loop failed; retrying');
        await this.sleep(this.pollMs);
      }
    }
    // Stopping: what has not started goes back to pending at once; what is in flight finishes.
    for (const rest of pacer.release()) record({ id: rest.id, status: 'pending', refund: true });
    await pacer.idle();
    await lane?.stop();
    await flushing;
    await flush().catch((err: unknown) => this.options.log.error({ err }, 'alert outcomes not recorded at shutdown'));
  }

  /**
   * One send, never throwing. On a route without idempotency key it first records that the send
   * starts (a crash from then on leaves it in doubt, never sent twice); then it takes its place in
   * the rate gate and the request goes out at once. An unexpected error before the request left is
   * a failed attempt (retried); after, on such a route, the send is in doubt.
   */
  private async sendOne(deliverer: ChannelDeliverer, alert: OutgoingAlert, gate: RateGate): Promise<DeliveryOutcome> {
    let ticket: RateTicket | null = null;
    let requested = false;
    try {
      if (deliverer.guarantee === 'at-most-once' && !(await this.options.outbox.markStarted(this.options.owner, alert.id))) {
        // The claim was taken over (lease ran out): the other worker sends it.
        return { status: 'retry', afterMs: 0, reason: 'claim lost', rateLimited: false };
      }
      ticket = await gate.acquire();
      requested = true;
      const outcome = await deliverer.send!(alert);
      // A 429 was not counted by the platform: its wait (the hold) is what it costs, not a place too.
      if (outcome.status === 'retry' && outcome.rateLimited) ticket.notCounted();
      else ticket.answered();
      return outcome;
    } catch (err) {
      if (requested) ticket?.answered();
      this.options.log.warn({ err, route: deliverer.route, deliveryId: alert.id }, 'alert send failed unexpectedly');
      const reason = err instanceof Error ? err.message : String(err);
      return deliverer.guarantee === 'at-most-once' && requested
        ? { status: 'unknown', reason: `interrupted: ${reason}` }
        : { status: 'retry', afterMs: backoffMs(alert.attempts), reason, rateLimited: false };
    }
  }

  private completionOf(alert: OutgoingAlert, outcome: DeliveryOutcome): Completion {
    switch (outcome.status) {
      case 'sent':
      case 'waiting':
        return { id: alert.id, status: outcome.status };
      case 'skipped':
      case 'failed':
      case 'unknown':
        return { id: alert.id, status: outcome.status, reason: outcome.reason.slice(0, 300) };
      case 'retry':
        if (!outcome.rateLimited && alert.attempts >= this.maxAttempts) return { id: alert.id, status: 'failed', reason: `gave up after ${alert.attempts} attempts: ${outcome.reason}`.slice(0, 300) };
        return { id: alert.id, status: 'pending', reason: outcome.reason.slice(0, 300), afterMs: outcome.rateLimited ? outcome.afterMs : Math.max(outcome.afterMs, backoffMs(alert.attempts)), refund: outcome.rateLimited };
    }
  }

  /** Transactional routes: every message of the batch and its outcome in one transaction. */
  private async writeBatch(deliverer: ChannelDeliverer, alerts: OutgoingAlert[]): Promise<void> {
    const written: OutgoingAlert[] = [];
    try {
      await this.options.db.transaction(async (tx) => {
        const completions: Completion[] = [];
        for (const alert of alerts) {
          const outcome = await deliverer.write!(tx, alert);
          completions.push(this.completionOf(alert, outcome));
          if (outcome.status === 'sent' || outcome.status === 'waiting') written.push(alert);
        }
        await this.options.outbox.complete(this.options.owner, completions, tx);
      });
    } catch (err) {
      // Nothing of the batch was written: each goes back to pending with a backoff.
      written.length = 0;
      this.options.log.error({ err, route: deliverer.route }, 'alert batch could not be written; retrying later');
      await this.options.outbox.complete(
        this.options.owner,
        alerts.map((a) => this.completionOf(a, { status: 'retry', afterMs: 0, reason: err instanceof Error ? err.message : String(err), rateLimited: false })),
      );
      return;
    }
    for (const alert of written) await deliverer.afterCommit?.(alert).catch((err: unknown) => this.options.log.warn({ err, deliveryId: alert.id }, 'alert delivered; live notice failed'));
  }
}
