/**
 * Residents' rights: export or erase everything stored about one resident (channel + user id)
 * across the tables that exist — transcript, bot state (user and conversation keys), conversation
 * references, hand-offs and their messages, eligibility profiles, demand events and feedback (with
 * a 👎's reason), and channel queues that hold a message for them. Erasure runs in one transaction and is recorded in the audit log (the target is
 * the `resident:<channel>/<user>` key the operator asked for; no message text is logged).
 */
import type { Database, SqlRunner } from '../../storage/database';
import type { AuditEntry } from '../audit/audit-log';
import { tableColumns } from './table-catalog';
import { residentKey } from '../../insight/resident-key';

/** Everything stored about a resident, table by table. */
export interface ResidentExport {
  channelId: string;
  userId: string;
  exportedAt: string;
  conversationIds: string[];
  tables: Record<string, Record<string, unknown>[]>;
}

/** Rows deleted per table. */
export interface ResidentDeletion {
  channelId: string;
  userId: string;
  deleted: Record<string, number>;
  total: number;
}

/** Who asks (recorded in the audit log). */
export interface ResidentDataActor {
  actorId: string;
  actorRole: string;
}

const TABLES = ['transcript', 'bot_state', 'conversation_refs', 'privacy_notices', 'handoffs', 'handoff_messages', 'eligibility_profiles', 'kakao_pending_messages', 'webchat_outbox', 'demand_events', 'demand_feedback', 'alert_deliveries', 'alert_targets', 'alert_subscriptions', 'alert_recipients'];

/** The parts of a query per table: a WHERE clause and its parameters. */
type Selector = { table: string; where: string; params: unknown[] };

/** Export and erasure of one resident's data. */
export class ResidentData {
  constructor(
    private readonly db: Database,
    private readonly audit?: { append(entry: AuditEntry): Promise<void> },
  ) {}

  /** Everything stored about the resident. */
  async export(channelId: string, userId: string, actor?: ResidentDataActor): Promise<ResidentExport> {
    const { selectors, conversationIds } = await this.selectors(this.db, channelId, userId);
    const tables: Record<string, Record<string, unknown>[]> = {};
    for (const s of selectors) tables[s.table] = (await this.db.query(`SELECT * FROM ${s.table} WHERE ${s.where}`, s.params)).rows;
    if (actor) await this.audit?.append({ ...actor, action: 'resident.export', target: `resident:${channelId}/${userId}`, detail: { tables: Object.keys(tables).length } });
    return { channelId, userId, exportedAt: new Date().toISOString(), conversationIds, tables };
  }

  /** Erases everything stored about the resident (one transaction). */
  async delete(channelId: string, userId: string, actor?: ResidentDataActor): Promise<ResidentDeletion> {
    const deleted: Record<string, number> = {};
    await this.db.transaction(async (tx) => {
      const { selectors } = await this.selectors(tx, channelId, userId);
      // Children first: hand-off messages reference hand-offs.
      const ordered = [...selectors].sort((a, b) => Number(b.table === 'handoff_messages') - Number(a.table === 'handoff_messages'));
      for (const s of ordered) deleted[s.table] = (await tx.query(`DELETE FROM ${s.table} WHERE ${s.where}`, s.params)).affectedRows;
    });
    const total = Object.values(deleted).reduce((a, b) => a + b, 0);
    if (actor) await this.audit?.append({ ...actor, action: 'resident.delete', target: `resident:${channelId}/${userId}`, detail: { total } });
    return { channelId, userId, deleted, total };
  }

  private async selectors(db: SqlRunner, channelId: string, userId: string): Promise<{ selectors: Selector[]; conversationIds: string[] }> {
    const cols = await tableColumns(db, TABLES);
    const has = (table: string, ...columns: string[]) => columns.every((c) => cols.get(table)?.has(c));
    const conversations = new Set<string>();
    for (const table of ['transcript', 'conversation_refs', 'handoffs']) {
      if (!has(table, 'channel_id', 'user_id', 'conversation_id')) continue;
      const { rows } = await db.query<{ conversation_id: string }>(`SELECT DISTINCT conversation_id FROM ${table} WHERE channel_id = $1 AND user_id = $2`, [channelId, userId]);
      for (const r of rows) conversations.add(r.conversation_id);
    }
    const conversationIds = [...conversations];
    const byUser = (table: string): Selector => ({ table, where: 'channel_id = $1 AND user_id = $2', params: [channelId, userId] });
    const selectors: Selector[] = [];
    for (const table of ['transcript', 'conversation_refs', 'privacy_notices', 'handoffs', 'eligibility_profiles']) if (has(table, 'channel_id', 'user_id')) selectors.push(byUser(table));
    // Alerts: deliveries and recommendation reasons, then subscriptions (consent records), then where to reach them.
    for (const table of ['alert_deliveries', 'alert_targets', 'alert_subscriptions', 'alert_recipients']) if (has(table, 'channel_id', 'user_id')) selectors.push(byUser(table));
    if (has('handoff_messages', 'handoff_id') && has('handoffs', 'id', 'channel_id', 'user_id')) {
      selectors.push({ table: 'handoff_messages', where: 'handoff_id IN (SELECT id FROM handoffs WHERE channel_id = $1 AND user_id = $2)', params: [channelId, userId] });
    }
    if (has('bot_state', 'key')) {
      // botbuilder keys: `<channel>/users/<user>` and `<channel>/conversations/<conversation>`.
      const keys = [`${channelId}/users/${userId}`, ...conversationIds.map((c) => `${channelId}/conversations/${c}`)];
      selectors.push({ table: 'bot_state', where: 'key = ANY($1::text[])', params: [keys] });
    }
    // Demand events and 👍 / 👎 (with a 👎's reason) carry the resident's pseudonymous key and conversation
    // ids; the daily roll-ups hold counts only and stay.
    for (const table of ['demand_events', 'demand_feedback']) {
      if (has(table, 'channel_id', 'resident_key', 'conversation_id')) {
        selectors.push({ table, where: 'channel_id = $1 AND (resident_key = $2 OR conversation_id = ANY($3::text[]))', params: [channelId, residentKey(channelId, userId, ''), conversationIds] });
      }
    }
    if (channelId === 'kakao' && has('kakao_pending_messages', 'user_id')) selectors.push({ table: 'kakao_pending_messages', where: 'user_id = $1', params: [userId] });
    if (channelId === 'webchat' && has('webchat_outbox', 'conversation_id') && conversationIds.length > 0) {
      selectors.push({ table: 'webchat_outbox', where: 'conversation_id = ANY($1::text[])', params: [conversationIds] });
    }
    return { selectors, conversationIds };
  }
}
