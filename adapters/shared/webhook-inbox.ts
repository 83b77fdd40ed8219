/**
 * The webhook inbox: every event a platform delivers is stored before the platform is answered,
 * processed from the store and marked done afterwards, so an acknowledged event survives a crash
 * and a redelivery of a finished event is recognised. The SQL implementation
 * (sql-webhook-inbox.ts) works across instances; the memory one is for a single process (tests).
 */

/** What {@link WebhookInbox.accept} found. */
export type InboxAcceptance =
  /** First delivery: stored, to be processed. */
  | 'new'
  /** Stored earlier but not finished (a crash, or still running): the caller tries to claim it. */
  | 'unfinished'
  /** Done or given up: a redelivery or a replay, to be ignored. */
  | 'duplicate';

/** What {@link WebhookInbox.recordRequest} found (requests answered in the same HTTP exchange). */
export type RequestRecord = 'new' | 'duplicate' | 'duplicate-unfinished';

/** An event claimed for processing. */
export interface ClaimedInboxEvent {
  key: string;
  payload: unknown;
  /** Attempts including this one. */
  attempts: number;
}

/** The store behind the inbox. Leases and windows are in milliseconds of the store's clock. */
export interface WebhookInbox {
  /** Stores `payload` under `(platform, key)` unless that key is known. */
  accept(platform: string, key: string, payload: unknown): Promise<InboxAcceptance>;
  /**
   * Claims an event: succeeds when it is pending, or processing with a claim older than `leaseMs`
   * (its processor died), and has had fewer than `maxAttempts` attempts. Exactly one of several
   * concurrent callers (on any instance) gets it.
   */
  claim(platform: string, key: string, leaseMs: number, maxAttempts: number): Promise<ClaimedInboxEvent | undefined>;
  /** Marks a claimed event done and forgets its payload (it may hold personal data). */
  complete(platform: string, key: string): Promise<void>;
  /** Returns a claimed event whose processing failed: pending again, or failed at `maxAttempts`. */
  release(platform: string, key: string, error: string, maxAttempts: number): Promise<'retry' | 'failed'>;
  /** Marks failed (payload dropped) the claimable events that used up their attempts; returns their keys. */
  giveUpExhausted(platform: string, leaseMs: number, maxAttempts: number): Promise<string[]>;
  /** Keys of the events a claim could take now, oldest first. */
  claimable(platform: string, leaseMs: number, limit: number): Promise<string[]>;
  /** Turns every `processing` event of `platform` back to pending (single-process start-up: their processor is gone). */
  releaseAll(platform: string): Promise<number>;
  /**
   * Records a request that carries no id of its own (Kakao) by a content key: `new` unless the same
   * key was recorded within `windowMs`; a duplicate says whether the first one was finished.
   */
  recordRequest(platform: string, key: string, windowMs: number): Promise<RequestRecord>;
}

type Status = 'pending' | 'processing' | 'done' | 'failed';
interface MemoryRow {
  status: Status;
  payload: unknown;
  attempts: number;
  receivedAt: number;
  claimedAt: number;
}

/** In-process inbox with bounded memory (oldest finished events forgotten first). */
export class MemoryWebhookInbox implements WebhookInbox {
  private readonly rows = new Map<string, MemoryRow>();

  /**
   * @param capacity how many events to remember
   * @param now the clock (tests)
   */
  constructor(
    private readonly capacity = 10000,
    private readonly now: () => number = Date.now,
  ) {}

  private row(platform: string, key: string): MemoryRow | undefined {
    return this.rows.get(`${platform}\u0000${key}`);
  }

  private put(platform: string, key: string, row: MemoryRow): void {
    this.rows.delete(`${platform}\u0000${key}`);
    this.rows.set(`${platform}\u0000${key}`, row);
    if (this.rows.size > this.capacity) {
      for (const [k, r] of this.rows) {
        if (r.status === 'done' || r.status === 'failed') {
          this.rows.delete(k);
          break;
        }
      }
    }
  }

  /** @inheritdoc */
  accept(platform: string, key: string, payload: unknown): Promise<InboxAcceptance> {
    const row = this.row(platform, key);
    if (!row) {
      this.put(platform, key, { status: 'pending', payload, attempts: 0, receivedAt: this.now(), claimedAt: 0 });
      return Promise.resolve('new');
    }
    return Promise.resolve(row.status === 'pending' || row.status === 'processing' ? 'unfinished' : 'duplicate');
  }

  private isClaimable(row: MemoryRow, leaseMs: number): boolean {
    return row.status === 'pending' || (row.status === 'processing' && row.claimedAt < this.now() - leaseMs);
  }

  /** @inheritdoc */
  claim(platform: string, key: string, leaseMs: number, maxAttempts: number): Promise<ClaimedInboxEvent | undefined> {
    const row = this.row(platform, key);
    if (!row || !this.isClaimable(row, leaseMs) || row.attempts >= maxAttempts) return Promise.resolve(undefined);
    row.status = 'processing';
    row.attempts++;
    row.claimedAt = this.now();
    return Promise.resolve({ key, payload: row.payload, attempts: row.attempts });
  }

  /** @inheritdoc */
  complete(platform: string, key: string): Promise<void> {
    const row = this.row(platform, key);
    if (row) Object.assign(row, { status: 'done', payload: null });
    return Promise.resolve();
  }

  /** @inheritdoc */
  release(platform: string, key: string, _error: string, maxAttempts: number): Promise<'retry' | 'failed'> {
    const row = this.row(platform, key);
    if (!row) return Promise.resolve('failed');
    if (row.attempts >= maxAttempts) Object.assign(row, { status: 'failed', payload: null });
    else row.status = 'pending';
    return Promise.resolve(row.status === 'failed' ? 'failed' : 'retry');
  }

  /** @inheritdoc */
  giveUpExhausted(platform: string, leaseMs: number, maxAttempts: number): Promise<string[]> {
    const keys: string[] = [];
    for (const [k, row] of this.rows) {
      if (!k.startsWith(`${platform}\u0000`) || !this.isClaimable(row, leaseMs) || row.attempts < maxAttempts) continue;
      Object.assign(row, { status: 'failed', payload: null });
      keys.push(k.slice(platform.length + 1));
    }
    return Promise.resolve(keys);
  }

  /** @inheritdoc */
  claimable(platform: string, leaseMs: number, limit: number): Promise<string[]> {
    const found = [...this.rows]
      .filter(([k, row]) => k.startsWith(`${platform}\u0000`) && this.isClaimable(row, leaseMs))
      .sort((a, b) => a[1].receivedAt - b[1].receivedAt)
      .map(([k]) => k.slice(platform.length + 1));
    return Promise.resolve(found.slice(0, limit));
  }

  /** @inheritdoc */
  releaseAll(platform: string): Promise<number> {
    let n = 0;
    for (const [k, row] of this.rows) {
      if (k.startsWith(`${platform}\u0000`) && row.status === 'processing') {
        row.status = 'pending';
        n++;
      }
    }
    return Promise.resolve(n);
  }

  /** @inheritdoc */
  recordRequest(platform: string, key: string, windowMs: number): Promise<RequestRecord> {
    const row = this.row(platform, key);
    if (row && row.receivedAt >= this.now() - windowMs) return Promise.resolve(row.status === 'done' ? 'duplicate' : 'duplicate-unfinished');
    this.put(platform, key, { status: 'processing', payload: null, attempts: 1, receivedAt: this.now(), claimedAt: this.now() });
    return Promise.resolve('new');
  }
}
