/**
 * The transcript: every turn's text in and out, kept for officers, residents' export requests and
 * retention. Residents' lines arrive masked (the masking middleware runs before the one that
 * writes them); officers' and system lines reach residents through proactive turns that skip that
 * middleware, so this store masks them itself with the masker it is given.
 */
import { stripControlCharacters } from '../safety/text/control-characters';
import type { Database } from './database';
import { batchLimits, GroupBatcher } from './group-batcher';
import { conversationKey } from './conversation-key';

/** One transcript line. */
export interface TranscriptEntry {
  channelId: string;
  conversationId: string;
  userId: string;
  direction: 'in' | 'out';
  author: 'resident' | 'bot' | 'officer' | 'system';
  activityType: string;
  text: string;
  activityId?: string;
}

/** A stored transcript line. */
export interface StoredTranscriptEntry extends TranscriptEntry {
  id: number;
  createdAt: string;
}

interface Row {
  id: string;
  channel_id: string;
  conversation_id: string;
  user_id: string;
  direction: 'in' | 'out';
  author: TranscriptEntry['author'];
  activity_type: string;
  text: string;
  activity_id: string | null;
  created_at: Date | string;
}

/**
 * Milliseconds a background write waits for other turns' lines before its INSERT. A turn's own
 * write is never waited on, and with one resident after another (a quiet evening, the c=1 load
 * bench) an immediate write lands exactly when that resident's next message arrives; waiting
 * lets one INSERT carry several turns and keeps the next turn's path clear. Lines are at risk
 * only if the process dies within this window; reads through this store wait for them.
 */
export const BACKGROUND_WRITE_DELAY_MS = 25;

/** Settings of a {@link TranscriptStore}. */
export interface TranscriptStoreOptions {
  /**
   * Masks personal data in officers' and system lines before they are stored. Residents' lines
   * are masked at the edge already, and the bot's own lines are its documents' words (an office's
   * phone number there must stay legible to officers).
   */
  maskText?: (text: string) => string;
}

/** Authors whose lines this store masks (see {@link TranscriptStoreOptions.maskText}). */
const MASKED_AUTHORS: ReadonlySet<TranscriptEntry['author']> = new Set(['officer', 'system']);

/** Reads and appends transcript lines. */
export class TranscriptStore {
  /** Turns ending at the same time share one INSERT (see GroupBatcher). */
  private readonly appends: GroupBatcher<TranscriptEntry[], void>;
  /** The same for {@link appendInBackground}, whose batches wait {@link BACKGROUND_WRITE_DELAY_MS}. */
  private readonly backgroundAppends: GroupBatcher<TranscriptEntry[], void>;
  /** The latest background write per conversation (channel and conversation id). */
  private readonly writing = new Map<string, Promise<void>>();
  /**
   * Per conversation, the lines of its latest background write while that write has not reached
   * the database yet: a later turn's lines join them instead of queueing a write of their own.
   */
  private readonly gathering = new Map<string, TranscriptEntry[]>();

  constructor(
    private readonly db: Database,
    backgroundDelayMs = BACKGROUND_WRITE_DELAY_MS,
    private readonly options: TranscriptStoreOptions = {},
  ) {
    this.appends = new GroupBatcher((turns) => this.insert(turns), batchLimits(db.driver));
    this.backgroundAppends = new GroupBatcher(
      (writes) => {
        // From here on these lines are being written: later turns start a write of their own.
        for (const lines of writes) {
          const key = conversationKey(lines[0].channelId, lines[0].conversationId);
          if (this.gathering.get(key) === lines) this.gathering.delete(key);
        }
        return this.insert(writes);
      },
      { ...batchLimits(db.driver), delayMs: backgroundDelayMs },
    );
  }

  /** Appends one turn's lines in order, after the conversation's background lines; resolves once they are stored. */
  async append(entries: TranscriptEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.writing.get(conversationKey(entries[0].channelId, entries[0].conversationId));
    await this.appends.add(entries);
  }

  /**
   * Appends one turn's lines without making the caller wait for the database: the turn's reply
   * need not wait for its own record. Lines of one conversation are written in order (a turn's
   * lines join the conversation's write that has not started yet, or start the next one); reads
   * through this store ({@link list}, {@link count}) wait for lines still being written, and
   * {@link settled} waits for all (shutdown). A failed write goes to the `onError` of the turn
   * that started it; its lines are lost only if the database rejects them (or the process dies
   * before they were written: within {@link BACKGROUND_WRITE_DELAY_MS} and the few milliseconds
   * the write takes).
   */
  appendInBackground(entries: TranscriptEntry[], onError: (err: unknown) => void): void {
    if (entries.length === 0) return;
    const key = conversationKey(entries[0].channelId, entries[0].conversationId);
    const gathering = this.gathering.get(key);
    if (gathering) {
      gathering.push(...entries);
      return;
    }
    const lines = [...entries];
    this.gathering.set(key, lines);
    const previous = this.writing.get(key);
    const write: Promise<void> = (previous ? previous.then(() => this.backgroundAppends.add(lines)) : this.backgroundAppends.add(lines))
      .then(() => undefined)
      .catch(onError)
      .finally(() => {
        if (this.writing.get(key) === write) this.writing.delete(key);
      });
    this.writing.set(key, write);
  }

  /** Resolves once every line handed to {@link appendInBackground} so far was written (or failed). */
  async settled(): Promise<void> {
    // A conversation's latest write follows its earlier ones, so the latest per conversation is enough.
    await Promise.all([...this.writing.values()]);
  }

  /** One INSERT for several turns' lines, in order. */
  private async insert(turns: TranscriptEntry[][]): Promise<void[]> {
    const lines = turns.flat();
    const column = <K extends keyof TranscriptEntry>(k: K) => lines.map((e) => e[k] ?? null);
    // PostgreSQL text cannot hold NUL; a stray control character must not cost the lines written
    // with it. Cleaned first, so the masker sees the number a control character split.
    const mask = this.options.maskText;
    const texts = lines.map((e) => {
      const text = stripControlCharacters(e.text);
      return mask && MASKED_AUTHORS.has(e.author) ? mask(text) : text;
    });
    // One SQL text for every batch size (arrays, not a VALUES list), so it stays one prepared
    // statement; BIGSERIAL ids follow ORDER BY n, which keeps the lines in order.
    await this.db.query(
      `INSERT INTO transcript (channel_id, conversation_id, user_id, direction, author, activity_type, text, activity_id)
       SELECT channel_id, conversation_id, user_id, direction, author, activity_type, text, activity_id
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
         WITH ORDINALITY AS l(channel_id, conversation_id, user_id, direction, author, activity_type, text, activity_id, n)
       ORDER BY n`,
      [
        column('channelId'),
        column('conversationId'),
        column('userId'),
        column('direction'),
        column('author'),
        column('activityType'),
        texts,
        column('activityId'),
      ],
    );
    return turns.map(() => undefined);
  }

  /** The last `limit` lines of a conversation, oldest first. */
  async list(channelId: string, conversationId: string, limit = 200): Promise<StoredTranscriptEntry[]> {
    await this.writing.get(conversationKey(channelId, conversationId));
    const { rows } = await this.db.query<Row>(
      `SELECT * FROM (SELECT * FROM transcript WHERE channel_id = $1 AND conversation_id = $2 ORDER BY id DESC LIMIT $3) t ORDER BY id ASC`,
      [channelId, conversationId, limit],
    );
    return rows.map(toEntry);
  }

  /** Number of lines stored (tests, metrics). */
  async count(channelId: string, conversationId: string): Promise<number> {
    await this.writing.get(conversationKey(channelId, conversationId));
    const { rows } = await this.db.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM transcript WHERE channel_id = $1 AND conversation_id = $2',
      [channelId, conversationId],
    );
    return Number(rows[0]?.n ?? 0);
  }
}

function toEntry(r: Row): StoredTranscriptEntry {
  return {
    id: Number(r.id),
    channelId: r.channel_id,
    conversationId: r.conversation_id,
    userId: r.user_id,
    direction: r.direction,
    author: r.author,
    activityType: r.activity_type,
    text: r.text,
    activityId: r.activity_id ?? undefined,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
