/**
 * SQL for hand-offs and their messages. Every status change is a compare-and-set
 * (`UPDATE … WHERE status = <expected>`), so two officers on two instances cannot both claim one case.
 */
import { randomUUID } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import type { Database } from '../storage/database';
import { batchLimits, GroupBatcher } from '../storage/group-batcher';
import { conversationKey } from '../storage/conversation-key';
import type { Lang } from '../locales/lang';
import { assertTransition, type HandoffStatus } from './handoff-status';
import { HandoffNotFoundError, InvalidTransitionError } from './officer-errors';

/** A stored hand-off. */
export interface Handoff {
  id: string;
  channelId: string;
  conversationId: string;
  userId: string;
  lang: Lang;
  reason: string;
  priority: 'urgent' | 'normal';
  status: Exclude<HandoffStatus, 'bot'>;
  summary: string;
  summarySource: 'extractive' | 'llm';
  outcome: string | null;
  reference: Partial<ConversationReference> | null;
  assignedOfficerId: string | null;
  createdAt: string;
  queuedAt: string | null;
  assignedAt: string | null;
  activeAt: string | null;
  resolvedAt: string | null;
  updatedAt: string;
}

/** A message, note or system line of a hand-off. */
export interface HandoffMessage {
  id: number;
  handoffId: string;
  author: 'resident' | 'officer' | 'system';
  officerId: string | null;
  text: string;
  internal: boolean;
  delivery: 'none' | 'pending' | 'sent' | 'failed';
  deliveryError: string | null;
  createdAt: string;
}

/** What a new hand-off starts with. */
export interface NewHandoff
  extends Pick<Handoff, 'channelId' | 'conversationId' | 'userId' | 'lang' | 'reason' | 'priority' | 'summary' | 'reference'> {
  status: 'queued' | 'assigned';
  assignedOfficerId?: string;
}

type Row = Record<string, unknown>;
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

function toHandoff(r: Row): Handoff {
  return {
    id: String(r.id),
    channelId: String(r.channel_id),
    conversationId: String(r.conversation_id),
    userId: String(r.user_id),
    lang: r.lang as Lang,
    reason: String(r.reason),
    priority: r.priority as Handoff['priority'],
    status: r.status as Handoff['status'],
    summary: typeof r.summary === 'string' ? r.summary : '',
    summarySource: r.summary_source as Handoff['summarySource'],
    outcome: (r.outcome as string | null) ?? null,
    reference: (r.reference as Partial<ConversationReference> | null) ?? null,
    assignedOfficerId: (r.assigned_officer_id as string | null) ?? null,
    createdAt: iso(r.created_at)!,
    queuedAt: iso(r.queued_at),
    assignedAt: iso(r.assigned_at),
    activeAt: iso(r.active_at),
    resolvedAt: iso(r.resolved_at),
    updatedAt: iso(r.updated_at)!,
  };
}

function toMessage(r: Row): HandoffMessage {
  return {
    id: Number(r.id),
    handoffId: String(r.handoff_id),
    author: r.author as HandoffMessage['author'],
    officerId: (r.officer_id as string | null) ?? null,
    text: String(r.text),
    internal: Boolean(r.internal),
    delivery: r.delivery as HandoffMessage['delivery'],
    deliveryError: (r.delivery_error as string | null) ?? null,
    createdAt: iso(r.created_at)!,
  };
}

const OPEN_STATUSES: readonly HandoffStatus[] = ['queued', 'assigned', 'active'];
const OPEN = `status IN (${OPEN_STATUSES.map((st) => `'${st}'`).join(', ')})`;
/** Queue order: urgent first, then by time queued. */
const QUEUE_ORDER = `CASE priority WHEN 'urgent' THEN 0 ELSE 1 END, queued_at, id`;

/** Settings of a {@link HandoffRepository}. */
export interface HandoffRepositoryOptions {
  /**
   * This repository is the only writer of hand-offs in the database (the embedded database, which
   * serves one process): conversations found without an open hand-off are remembered, so most
   * turns need no lookup. Only opening a hand-off (here) can make that wrong, and it forgets the
   * conversation; deletions (retention, erasure) cannot. Never set it for a shared PostgreSQL,
   * where another instance may open a hand-off.
   */
  soleWriter?: boolean;
  /** Most conversations remembered without an open hand-off (default 20,000). */
  maxRemembered?: number;
}

/** Reads and writes hand-offs. */
export class HandoffRepository {
  /** Turns looking up their conversation's open hand-off at the same time share one SELECT. */
  private readonly openLookups: GroupBatcher<{ channelId: string; conversationId: string }, Handoff | null>;
  /** Conversations known to have no open hand-off, least recently used first (sole writer only). */
  private readonly withoutOpen = new Map<string, true>();
  /** Counts hand-offs opened here, so a lookup that raced with one is not remembered. */
  private openings = 0;

  constructor(
    private readonly db: Database,
    private readonly options: HandoffRepositoryOptions = {},
  ) {
    this.openLookups = new GroupBatcher((keys) => this.selectOpen(keys), batchLimits(db.driver));
  }

  /** Creates a hand-off unless the conversation already has an open one, which is returned instead. */
  async createOrReuse(input: NewHandoff, now: Date): Promise<{ handoff: Handoff; created: boolean }> {
    const id = randomUUID();
    const at = now.toISOString();
    this.opening(input.channelId, input.conversationId);
    const { rows } = await this.db.query(
      `INSERT INTO handoffs (id, channel_id, conversation_id, user_id, lang, reason, priority, status, summary, reference,
         assigned_officer_id, last_ack_at, created_at, queued_at, assigned_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $12)
       ON CONFLICT (channel_id, conversation_id) WHERE ${OPEN} DO NOTHING
       RETURNING *`,
      [
        id,
        input.channelId,
        input.conversationId,
        input.userId,
        input.lang,
        input.reason,
        input.priority,
        input.status,
        input.summary,
        input.reference ? JSON.stringify(input.reference) : null,
        input.assignedOfficerId ?? null,
        at,
        input.status === 'queued' ? at : null,
        input.status === 'assigned' ? at : null,
      ],
    );
    if (rows[0]) return { handoff: toHandoff(rows[0]), created: true };
    const open = await this.findOpen(input.channelId, input.conversationId);
    // The open one was closed between the insert and the read: try once more.
    if (!open) return this.createOrReuse(input, now);
    return { handoff: open, created: false };
  }

  /** A hand-off by id. */
  async get(id: string): Promise<Handoff | null> {
    const { rows } = await this.db.query('SELECT * FROM handoffs WHERE id = $1', [id]);
    return rows[0] ? toHandoff(rows[0]) : null;
  }

  /** A hand-off by id, or {@link HandoffNotFoundError}. */
  async require(id: string): Promise<Handoff> {
    const h = await this.get(id);
    if (!h) throw new HandoffNotFoundError(id);
    return h;
  }

  /** The open hand-off of a conversation. */
  async findOpen(channelId: string, conversationId: string): Promise<Handoff | null> {
    if (!this.options.soleWriter) return this.openLookups.add({ channelId, conversationId });
    const key = conversationKey(channelId, conversationId);
    if (this.withoutOpen.delete(key)) {
      this.withoutOpen.set(key, true);
      return null;
    }
    const openingsBefore = this.openings;
    const open = await this.openLookups.add({ channelId, conversationId });
    if (!open && this.openings === openingsBefore) {
      this.withoutOpen.set(key, true);
      if (this.withoutOpen.size > (this.options.maxRemembered ?? 20_000)) this.withoutOpen.delete(this.withoutOpen.keys().next().value as string);
    }
    return open;
  }

  /** A hand-off is about to open for a conversation: it no longer counts as without one. */
  private opening(channelId: string, conversationId: string): void {
    this.openings += 1;
    this.withoutOpen.delete(conversationKey(channelId, conversationId));
  }

  /** The open hand-off of each conversation (null where none), in input order. */
  private async selectOpen(keys: { channelId: string; conversationId: string }[]): Promise<(Handoff | null)[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT h.* FROM handoffs h JOIN unnest($1::text[], $2::text[]) AS k(channel_id, conversation_id)
         ON h.channel_id = k.channel_id AND h.conversation_id = k.conversation_id
       WHERE ${OPEN.replace('status', 'h.status')}`,
      [keys.map((k) => k.channelId), keys.map((k) => k.conversationId)],
    );
    const open = new Map(rows.map((r) => [conversationKey(String(r.channel_id), String(r.conversation_id)), r]));
    return keys.map((k) => {
      const row = open.get(conversationKey(k.channelId, k.conversationId));
      // Each caller gets its own object, also when two asked for the same conversation.
      return row ? toHandoff(row) : null;
    });
  }

  /**
   * Moves a hand-off from its current status to `to`, atomically; throws {@link InvalidTransitionError}
   * when the lifecycle forbids it or another instance changed the status first.
   */
  async transition(
    current: Handoff,
    to: Exclude<HandoffStatus, 'bot'>,
    now: Date,
    fields: { assignedOfficerId?: string; outcome?: string } = {},
  ): Promise<Handoff> {
    assertTransition(current.id, current.status, to);
    const stamp = { queued: 'queued_at', assigned: 'assigned_at', active: 'active_at', resolved: 'resolved_at', cancelled: 'resolved_at' }[to];
    if (OPEN_STATUSES.includes(to)) this.opening(current.channelId, current.conversationId);
    const { rows } = await this.db.query(
      `UPDATE handoffs SET status = $3, ${stamp} = $4, updated_at = $4,
         assigned_officer_id = COALESCE($5, assigned_officer_id), outcome = COALESCE($6, outcome)
       WHERE id = $1 AND status = $2 RETURNING *`,
      [current.id, current.status, to, now.toISOString(), fields.assignedOfficerId ?? null, fields.outcome ?? null],
    );
    if (rows[0]) return toHandoff(rows[0]);
    const fresh = await this.require(current.id);
    throw new InvalidTransitionError(current.id, fresh.status, to);
  }

  /** Reassigns an assigned or active hand-off (compare-and-set on the current assignee). */
  async reassign(current: Handoff, officerId: string, now: Date): Promise<Handoff> {
    const { rows } = await this.db.query(
      `UPDATE handoffs SET assigned_officer_id = $3, updated_at = $4
       WHERE id = $1 AND status IN ('assigned', 'active') AND assigned_officer_id IS NOT DISTINCT FROM $2 RETURNING *`,
      [current.id, current.assignedOfficerId, officerId, now.toISOString()],
    );
    if (rows[0]) return toHandoff(rows[0]);
    const fresh = await this.require(current.id);
    throw new InvalidTransitionError(current.id, fresh.status, 'assigned');
  }

  /** Raises an open hand-off to urgent. */
  async makeUrgent(id: string, now: Date): Promise<Handoff> {
    const { rows } = await this.db.query(`UPDATE handoffs SET priority = 'urgent', updated_at = $2 WHERE id = $1 RETURNING *`, [id, now.toISOString()]);
    if (!rows[0]) throw new HandoffNotFoundError(id);
    return toHandoff(rows[0]);
  }

  /** Replaces the summary. */
  async setSummary(id: string, summary: string, source: 'extractive' | 'llm', now: Date): Promise<void> {
    await this.db.query('UPDATE handoffs SET summary = $2, summary_source = $3, updated_at = $4 WHERE id = $1', [id, summary, source, now.toISOString()]);
  }

  /** 1-based place of a queued hand-off (urgent first, then by time queued); 0 when not queued. */
  async position(handoff: Handoff): Promise<number> {
    if (handoff.status !== 'queued') return 0;
    const { rows } = await this.db.query<{ id: string }>(`SELECT id FROM handoffs WHERE status = 'queued' ORDER BY ${QUEUE_ORDER}`);
    const index = rows.findIndex((r) => r.id === handoff.id);
    return index < 0 ? 0 : index + 1;
  }

  /** Hand-offs in one status: the queue in queue order, others most recent first. */
  async list(status: Exclude<HandoffStatus, 'bot'>, limit = 200): Promise<Handoff[]> {
    const order = status === 'queued' ? QUEUE_ORDER : 'updated_at DESC';
    const { rows } = await this.db.query(`SELECT * FROM handoffs WHERE status = $1 ORDER BY ${order} LIMIT $2`, [status, limit]);
    return rows.map(toHandoff);
  }

  /** Records an acknowledgement unless one was sent within `intervalMs`; true when this call may ack. */
  async claimAck(id: string, now: Date, intervalMs: number): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE handoffs SET last_ack_at = $2 WHERE id = $1 AND (last_ack_at IS NULL OR last_ack_at <= $3) RETURNING id`,
      [id, now.toISOString(), new Date(now.getTime() - intervalMs).toISOString()],
    );
    return rows.length > 0;
  }

  /** Adds a message, note or system line. */
  async addMessage(
    m: { handoffId: string; author: HandoffMessage['author']; officerId?: string; text: string; internal?: boolean; delivery?: HandoffMessage['delivery'] },
    now: Date,
  ): Promise<HandoffMessage> {
    const { rows } = await this.db.query(
      `INSERT INTO handoff_messages (handoff_id, author, officer_id, text, internal, delivery, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [m.handoffId, m.author, m.officerId ?? null, m.text, m.internal ?? false, m.delivery ?? 'none', now.toISOString()],
    );
    return toMessage(rows[0]);
  }

  /** A message of a hand-off (scoped by the hand-off id). */
  async getMessage(handoffId: string, messageId: number): Promise<HandoffMessage | null> {
    const { rows } = await this.db.query('SELECT * FROM handoff_messages WHERE handoff_id = $1 AND id = $2', [handoffId, messageId]);
    return rows[0] ? toMessage(rows[0]) : null;
  }

  /** Messages and notes of a hand-off, oldest first. */
  async messages(handoffId: string, limit = 500): Promise<HandoffMessage[]> {
    const { rows } = await this.db.query(
      'SELECT * FROM (SELECT * FROM handoff_messages WHERE handoff_id = $1 ORDER BY id DESC LIMIT $2) m ORDER BY id ASC',
      [handoffId, limit],
    );
    return rows.map(toMessage);
  }

  /** Records the delivery result of an officer message. */
  async setDelivery(messageId: number, delivery: HandoffMessage['delivery'], error: string | null): Promise<void> {
    await this.db.query('UPDATE handoff_messages SET delivery = $2, delivery_error = $3 WHERE id = $1', [messageId, delivery, error]);
  }
}
