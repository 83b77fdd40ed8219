/**
 * The append-only audit log: every officer read of a transcript and every officer action. This
 * repository has no update or delete method on purpose, and the database rejects UPDATE, DELETE
 * and TRUNCATE on the table (storage/migrations/030-safety.sql), so not even a bug can rewrite
 * history. Supervisors list and export it (JSON lines or CSV).
 */
import type { Database } from '../../storage/database';

/** One entry to record: who did what to which record. */
export interface AuditEntry {
  actorId: string;
  /** officer, supervisor, admin, system, cli, … */
  actorRole: string;
  /** For example `handoff.read`, `handoff.claim`, `resident.delete`. */
  action: string;
  /** The record acted on, e.g. `handoff:<id>`. */
  target: string;
  /** Extra facts (never message text or personal data). */
  detail?: Record<string, unknown>;
}

/** A stored entry. */
export interface StoredAuditEntry extends AuditEntry {
  id: string;
  /** ISO time. */
  at: string;
}

/** Filters for reading the log (newest first). */
export interface AuditQuery {
  limit?: number;
  actorId?: string;
  target?: string;
  action?: string;
  /** ISO time: only entries at or after it. */
  since?: string;
  /** ISO time: only entries before it. */
  until?: string;
}

/** A write to the audit log failed. */
export class AuditLogError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuditLogError';
  }
}

interface Row {
  id: string | number;
  at: Date | string;
  actor_id: string;
  actor_role: string;
  action: string;
  target: string;
  detail: Record<string, unknown> | string | null;
}

const MAX_LIMIT = 100_000;

/** The audit log repository. */
export class AuditLog {
  constructor(private readonly db: Database) {}

  /** Appends one entry. */
  async append(entry: AuditEntry): Promise<void> {
    try {
      await this.db.query('INSERT INTO audit_log (actor_id, actor_role, action, target, detail) VALUES ($1, $2, $3, $4, $5::jsonb)', [
        entry.actorId,
        entry.actorRole,
        entry.action,
        entry.target,
        JSON.stringify(entry.detail ?? {}),
      ]);
    } catch (err) {
      throw new AuditLogError(`could not record audit action ${entry.action}`, { cause: err });
    }
  }

  /** Lists entries, newest first. */
  async list(query: AuditQuery = {}): Promise<StoredAuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.actorId) add('actor_id = ?', query.actorId);
    if (query.target) add('target = ?', query.target);
    if (query.action) add('action = ?', query.action);
    if (query.since) add('at >= ?::timestamptz', query.since);
    if (query.until) add('at < ?::timestamptz', query.until);
    params.push(Math.min(Math.max(1, query.limit ?? 100), MAX_LIMIT));
    const sql = `SELECT id, at, actor_id, actor_role, action, target, detail FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`;
    const { rows } = await this.db.query<Row>(sql, params);
    return rows.map((r) => ({
      id: String(r.id),
      at: new Date(r.at).toISOString(),
      actorId: r.actor_id,
      actorRole: r.actor_role,
      action: r.action,
      target: r.target,
      detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : (r.detail ?? {}),
    }));
  }

  /** Exports entries as JSON lines or CSV (RFC 4180 quoting; a leading =+-@ is defused for spreadsheets). */
  async export(format: 'json' | 'csv', query: AuditQuery = {}): Promise<string> {
    const entries = await this.list({ limit: MAX_LIMIT, ...query });
    if (format === 'json') return entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : '');
    const cell = (s: string) => {
      return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
    };
    const lines = ['id,at,actorId,actorRole,action,target,detail'];
    for (const e of entries) lines.push([e.id, e.at, e.actorId, e.actorRole, e.action, e.target, JSON.stringify(e.detail ?? {})].map(cell).join(','));
    return `${lines.join('\r\n')}\r\n`;
  }
}
