/**
 * {@link WebchatBus} over the database's LISTEN/NOTIFY, so an answer produced on one instance
 * reaches the SSE connection held by another. NOTIFY payloads are limited (8000 bytes in
 * PostgreSQL), so a large event is written to `webchat_outbox` and only its id is notified.
 */
import type { Logger } from 'pino';
import type { Database } from '../../storage/database';
import { InProcessWebchatBus, type WebchatBus, type WebchatEvent, type WebchatListener } from './webchat-bus';

const CHANNEL = 'madoguchi_webchat';
const INLINE_LIMIT = 7000;

interface Envelope {
  c: string;
  e?: WebchatEvent;
  ref?: string;
}

/** Multi-instance web chat bus. Call {@link start} at start-up and {@link close} at shutdown. */
export class SqlWebchatBus implements WebchatBus {
  private readonly local = new InProcessWebchatBus();
  private started: Promise<() => Promise<void>> | undefined;

  constructor(
    private readonly db: Database,
    private readonly log?: Logger,
  ) {}

  /** Starts listening (idempotent). */
  async start(): Promise<void> {
    this.started ??= this.db.listen(CHANNEL, (payload) => void this.onNotification(payload));
    await this.started;
  }

  private async onNotification(payload: string): Promise<void> {
    try {
      const env = JSON.parse(payload) as Envelope;
      if (this.local.count(env.c) === 0) return; // nobody here holds that conversation
      let event = env.e;
      if (!event && env.ref) {
        const row = await this.db.query<{ payload: unknown }>('SELECT payload FROM webchat_outbox WHERE id = $1', [env.ref]);
        const raw = row.rows[0]?.payload;
        event = (typeof raw === 'string' ? JSON.parse(raw) : raw) as WebchatEvent | undefined;
      }
      if (event) this.local.deliver(env.c, event);
    } catch (err) {
      this.log?.warn({ err }, 'bad web chat notification ignored');
    }
  }

  /** @inheritdoc */
  async publish(conversationId: string, event: WebchatEvent): Promise<void> {
    await this.start();
    const inline = JSON.stringify({ c: conversationId, e: event } satisfies Envelope);
    if (Buffer.byteLength(inline, 'utf8') <= INLINE_LIMIT) {
      await this.db.notify(CHANNEL, inline);
      return;
    }
    const row = await this.db.query<{ id: string | number }>('INSERT INTO webchat_outbox (conversation_id, payload) VALUES ($1, $2) RETURNING id', [
      conversationId,
      JSON.stringify(event),
    ]);
    await this.db.notify(CHANNEL, JSON.stringify({ c: conversationId, ref: String(row.rows[0]?.id) } satisfies Envelope));
    // Rows are only needed for the moment it takes other instances to read them.
    await this.db.query("DELETE FROM webchat_outbox WHERE created_at < now() - interval '10 minutes'");
  }

  /** @inheritdoc */
  subscribe(conversationId: string, listener: WebchatListener): () => void {
    this.start().catch((err: unknown) => this.log?.error({ err }, 'web chat bus could not listen'));
    return this.local.subscribe(conversationId, listener);
  }

  /** Subscribers of a conversation on this instance. */
  count(conversationId: string): number {
    return this.local.count(conversationId);
  }

  /** Stops listening. */
  async close(): Promise<void> {
    if (!this.started) return;
    const unlisten = await this.started;
    this.started = undefined;
    await unlisten();
  }
}
