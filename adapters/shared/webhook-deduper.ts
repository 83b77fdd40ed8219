/**
 * Remembers webhook event ids so a redelivered event is processed once. The SQL implementation
 * (sql-webhook-deduper.ts) works across instances; the memory one is for a single process.
 */

/** Answers whether an event id is new. */
export interface WebhookDeduper {
  /** True the first time `(platform, eventId)` is seen, false afterwards. */
  firstSeen(platform: string, eventId: string): Promise<boolean>;
}

/** In-process deduper with a bounded memory (oldest ids forgotten first). */
export class MemoryWebhookDeduper implements WebhookDeduper {
  private readonly seen = new Set<string>();

  /** @param capacity how many ids to remember */
  constructor(private readonly capacity = 10000) {}

  /** @inheritdoc */
  firstSeen(platform: string, eventId: string): Promise<boolean> {
    const key = `${platform}\u0000${eventId}`;
    if (this.seen.has(key)) return Promise.resolve(false);
    this.seen.add(key);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return Promise.resolve(true);
  }
}
