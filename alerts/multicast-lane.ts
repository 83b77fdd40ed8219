/**
 * The multicast lane of a route (LINE): claimed alerts with the same announcement and text go
 * together, up to the platform's maximum per request. Each request is fixed in the database with
 * its key and recipients before it is sent (AlertOutbox.openBatch), paced at the multicast rate, and
 * closed with its outcome for all of them. A request the platform refused (4xx: it accepted nothing)
 * is dissolved, its alerts pushed one by one; a request whose worker died is taken over after the
 * lease and sent again unchanged (the platform answers 409 to a key it accepted).
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { AlertOutbox } from './outbox';
import { Pacer, RATE_MARGIN, RateGate, type RateTicket } from './pacer';
import type { ChannelDeliverer, DeliveryOutcome, OutgoingAlert } from './ports';

/** One multicast request. */
interface Unit {
  key: string;
  alerts: OutgoingAlert[];
  tries: number;
}

/** A UUID derived from the deliveries of a request (the same request always has the same key). */
export function batchKey(ids: string[]): string {
  const h = createHash('md5').update([...ids].sort().join(',')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Settings of a lane. */
export interface MulticastLaneOptions {
  outbox: AlertOutbox;
  deliverer: ChannelDeliverer & { multicast: NonNullable<ChannelDeliverer['multicast']> };
  owner: string;
  /** Multicast requests per second, all instances together (0: unlimited). */
  rate: number;
  maxAttempts: number;
  log: Logger;
  /** The platform asked to wait (429): hold the route. */
  onHold: (afterMs: number) => void;
}

/** Multicast requests of one route. */
export class MulticastLane {
  private readonly pacer: Pacer<Unit>;
  private readonly gate: RateGate;

  constructor(private readonly options: MulticastLaneOptions) {
    const gate = new RateGate({ rate: options.rate });
    this.gate = gate;
    this.pacer = new Pacer<Unit>({
      concurrency: 16,
      send: async (unit) => this.send(unit, await gate.acquire()),
    });
  }

  /**
   * Groups what can go together into requests and schedules them; returns the alerts to push on
   * their own (a message of their own, a group chat, or a group of one).
   */
  async take(alerts: OutgoingAlert[]): Promise<OutgoingAlert[]> {
    const { multicast } = this.options.deliverer;
    const singles: OutgoingAlert[] = [];
    const groups = new Map<string, OutgoingAlert[]>();
    for (const alert of alerts) {
      if (multicast.max < 2 || !multicast.eligible(alert)) {
        singles.push(alert);
        continue;
      }
      const k = `${alert.announcementId}\u0000${alert.text}`;
      const group = groups.get(k) ?? [];
      group.push(alert);
      groups.set(k, group);
    }
    const units: Unit[] = [];
    for (const group of groups.values()) {
      for (let i = 0; i < group.length; i += multicast.max) {
        const part = group.slice(i, i + multicast.max);
        if (part.length < 2) {
          singles.push(...part);
          continue;
        }
        const key = batchKey(part.map((a) => a.id));
        if (await this.options.outbox.openBatch(this.options.owner, this.options.deliverer.route, key, part[0].announcementId, part.map((a) => a.id))) {
          units.push({ key, alerts: part, tries: 0 });
        } else {
          // A claim of the group was taken over (this worker stalled past its lease): what is still
          // this worker's goes back to pending, to be claimed afresh.
          await this.options.outbox.complete(
            this.options.owner,
            part.map((a) => ({ id: a.id, status: 'pending' as const, refund: true })),
          );
        }
      }
    }
    await this.schedule(units);
    return singles;
  }

  /** Takes over requests left by a worker that died (`leaseMs` 0: all unclaimed ones). */
  async resume(leaseMs: number): Promise<number> {
    const stale = await this.options.outbox.claimStaleBatches(this.options.deliverer.route, this.options.owner, leaseMs);
    const units: Unit[] = [];
    for (const batch of stale) {
      if (batch.skip.length) await this.options.outbox.complete(this.options.owner, batch.skip.map((s) => ({ id: s.id, status: 'skipped' as const, reason: s.reason })));
      if (batch.alerts.length) units.push({ key: batch.key, alerts: batch.alerts, tries: 0 });
      else await this.options.outbox.closeBatch(batch.key, 'skipped', 'nothing left to send');
    }
    if (units.length) this.options.log.warn({ route: this.options.deliverer.route, requests: units.length }, 'multicast requests of a stopped worker resumed with their keys');
    await this.schedule(units);
    return units.length;
  }

  private async schedule(units: Unit[]): Promise<void> {
    if (units.length === 0) return;
    const interval = this.options.rate > 0 ? (1000 * (1 + RATE_MARGIN)) / this.options.rate : 0;
    const startIn = this.options.rate > 0 ? await this.options.outbox.reserve(this.options.deliverer.multicast.rateKey, units.length * interval) : 0;
    this.pacer.schedule(units, Date.now() + startIn, interval);
  }

  private async send(unit: Unit, ticket: RateTicket): Promise<void> {
    const { outbox, log } = this.options;
    unit.tries++;
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.options.deliverer.multicast.send(unit.alerts, unit.key);
    } catch (err) {
      outcome = { status: 'retry', afterMs: 1000, reason: err instanceof Error ? err.message : String(err), rateLimited: false };
    }
    // A 429 was not counted by the platform: the hold is its cost, not a place in the window too.
    if (outcome.status === 'retry' && outcome.rateLimited) ticket.notCounted();
    else ticket.answered();
    try {
      if (outcome.status === 'sent' || outcome.status === 'waiting') {
        await outbox.closeBatch(unit.key, 'sent');
      } else if (outcome.status === 'retry') {
        if (outcome.rateLimited) {
          this.gate.hold(outcome.afterMs);
          this.options.onHold(outcome.afterMs);
          await outbox.holdRoute(this.options.deliverer.multicast.rateKey, outcome.afterMs).catch(() => undefined);
          unit.tries--;
        }
        if (unit.tries >= this.options.maxAttempts) await outbox.closeBatch(unit.key, 'failed', `gave up after ${unit.tries} attempts: ${outcome.reason}`.slice(0, 300));
        // The same request again, after the wait (its key makes a repeat harmless).
        else this.pacer.schedule([unit], Date.now() + Math.max(outcome.afterMs, outcome.rateLimited ? 0 : 1000 * 2 ** unit.tries), 0);
      } else {
        // Refused as a whole: nothing was accepted, so each resident is pushed on their own.
        log.warn({ route: this.options.deliverer.route, reason: 'reason' in outcome ? outcome.reason : undefined }, 'multicast refused; its residents are pushed one by one');
        await outbox.dissolveBatch(unit.key);
      }
    } catch (err) {
      log.error({ err, key: unit.key }, 'multicast outcome not recorded; the request will be resumed after the lease');
    }
  }

  /** Requests waiting to be sent. */
  get waiting(): number {
    return this.pacer.waiting;
  }

  /** Resolves when at most `n` requests wait. */
  waitUntilBelow(n: number): Promise<void> {
    return this.pacer.waitUntilBelow(n);
  }

  /** Stops: requests not yet sent stay in the database for the next run (or another instance). */
  async stop(): Promise<void> {
    this.pacer.release();
    await this.pacer.idle();
  }
}
