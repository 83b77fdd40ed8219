/**
 * Live updates for officer consoles on every instance, over PostgreSQL LISTEN/NOTIFY (PGlite
 * implements the same). Events carry ids and states only — never message text or personal data —
 * so the 8 kB NOTIFY limit is never reached and nothing sensitive passes through the bus; a console
 * fetches what changed through the authenticated API.
 */
import type { Logger } from 'pino';
import type { Database } from '../storage/database';

/** The NOTIFY channel. */
export const OFFICER_EVENTS_CHANNEL = 'officer_events';

/** One live update. */
export interface OfficerEvent {
  type: 'handoff.created' | 'handoff.updated' | 'handoff.message';
  handoffId: string;
  status?: string;
  priority?: 'urgent' | 'normal';
  /** For `handoff.message`: who wrote it. */
  author?: 'resident' | 'officer' | 'system';
}

/** A subscriber. */
export type OfficerEventListener = (event: OfficerEvent) => void;

/** Publishes and receives officer events across instances. */
export class OfficerEvents {
  private readonly listeners = new Set<OfficerEventListener>();
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly db: Database,
    private readonly log?: Logger,
  ) {}

  /** Starts listening (call once at start-up). */
  async start(): Promise<void> {
    if (this.unlisten) return;
    this.unlisten = await this.db.listen(OFFICER_EVENTS_CHANNEL, (payload) => this.dispatch(payload));
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    const unlisten = this.unlisten;
    this.unlisten = null;
    this.listeners.clear();
    await unlisten?.();
  }

  /** Sends an event to every instance (this one included, through the database). */
  async publish(event: OfficerEvent): Promise<void> {
    try {
      await this.db.notify(OFFICER_EVENTS_CHANNEL, JSON.stringify(event));
    } catch (err) {
      // A lost live update is repaired by the console's periodic refresh; never fail the caller.
      this.log?.warn({ err, handoffId: event.handoffId }, 'officer event not published');
    }
  }

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: OfficerEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private dispatch(payload: string): void {
    let event: OfficerEvent;
    try {
      event = JSON.parse(payload) as OfficerEvent;
    } catch {
      return;
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.log?.warn({ err }, 'officer event listener failed');
      }
    }
  }
}
