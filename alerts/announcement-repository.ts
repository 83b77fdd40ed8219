/**
 * Announcements (table `alert_announcements`) and their approval. Every change is a compare-and-set
 * on the status, so two officers acting at once cannot both approve or approve a cancelled one.
 * Four-eyes: with `fourEyes`, the approver must be another officer than the author; a draft made
 * from a knowledge-base change has no author, so any publisher may approve it. Nothing is planned
 * for sending before an approval. An announcement not yet being sent can be edited; the edit
 * withdraws an approval given before it, and its editors join the author among those who may not
 * approve it (four-eyes covers every word that goes out).
 */
import { subscribedSql } from './match-sql';
import { randomUUID } from 'node:crypto';
import type { Database, SqlRunner } from '../storage/database';
import type { Lang } from '../locales/lang';
import { AlertError } from './alert-errors';
import { parseTexts, type AnnouncementTexts } from './render';

/** Lifecycle of an announcement. */
export type AnnouncementStatus = 'pending_approval' | 'approved' | 'sending' | 'done' | 'cancelled';

/** What an author writes. */
export interface AnnouncementInput {
  title: string;
  texts: AnnouncementTexts;
  topics: string[];
  area?: string | null;
  langs: Lang[];
  docId?: string | null;
  linkUrl?: string | null;
  sendAt?: string | null;
  expiresAt?: string | null;
}

/** A stored announcement. */
export interface Announcement extends Required<Omit<AnnouncementInput, 'texts'>> {
  id: string;
  kind: 'announcement' | 'recommendation';
  status: AnnouncementStatus;
  texts: AnnouncementTexts;
  origin: 'officer' | 'kb_import';
  originDetail: Record<string, unknown> | null;
  createdBy: string | null;
  createdAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  plannedAt: string | null;
  cancelledBy: string | null;
  cancelledAt: string | null;
  finishedAt: string | null;
  /** 1 when written, +1 with each edit. */
  revision: number;
  /** Officers who edited it after it was written (none of them may approve it under four-eyes). */
  editors: string[];
  editedBy: string | null;
  editedAt: string | null;
}

/** What an edit did. */
export interface AnnouncementEdit {
  announcement: Announcement;
  /** The officer whose approval the edit withdrew, or null when it was not approved. */
  approvalWithdrawnFrom: string | null;
}

/** Statuses in which an announcement can still be edited (nothing planned or sent yet). */
export const EDITABLE_STATUSES: readonly AnnouncementStatus[] = ['pending_approval', 'approved'];

/** A resident a recommendation is for, with reasons in their language. */
export interface RecommendationTarget {
  channelId: string;
  userId: string;
  detail: { reasons: string[]; apply?: string };
}

type Row = Record<string, unknown>;

function staleRevision(current: number, seen: number): AlertError {
  return new AlertError(`announcement was changed since revision ${seen} (now revision ${current}); reload it`, 409);
}
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

function toAnnouncement(r: Row): Announcement {
  return {
    id: String(r.id),
    kind: r.kind as Announcement['kind'],
    status: r.status as AnnouncementStatus,
    title: String(r.title),
    texts: parseTexts(r.texts),
    topics: (r.topics as string[] | null) ?? [],
    area: (r.area as string | null) ?? null,
    langs: ((r.langs as string[] | null) ?? []) as Lang[],
    docId: (r.doc_id as string | null) ?? null,
    linkUrl: (r.link_url as string | null) ?? null,
    sendAt: iso(r.send_at),
    expiresAt: iso(r.expires_at),
    origin: r.origin as Announcement['origin'],
    originDetail: (typeof r.origin_detail === 'string' ? JSON.parse(r.origin_detail) : r.origin_detail) as Record<string, unknown> | null,
    createdBy: (r.created_by as string | null) ?? null,
    createdAt: iso(r.created_at) ?? '',
    approvedBy: (r.approved_by as string | null) ?? null,
    approvedAt: iso(r.approved_at),
    plannedAt: iso(r.planned_at),
    cancelledBy: (r.cancelled_by as string | null) ?? null,
    cancelledAt: iso(r.cancelled_at),
    finishedAt: iso(r.finished_at),
    revision: Number(r.revision ?? 1),
    editors: (r.editors as string[] | null) ?? [],
    editedBy: (r.edited_by as string | null) ?? null,
    editedAt: iso(r.edited_at),
  };
}

/** Reads and writes announcements. */
export class AnnouncementRepository {
  constructor(private readonly db: Database) {}

  /** Stores a new announcement awaiting approval (with the residents of a recommendation). */
  async create(
    input: AnnouncementInput,
    by: { officerId: string | null; kind?: Announcement['kind']; origin?: Announcement['origin']; originDetail?: Record<string, unknown> },
    targets: RecommendationTarget[] = [],
  ): Promise<Announcement> {
    const id = await this.db.transaction((tx) => this.createIn(tx, input, by, targets));
    return (await this.get(id))!;
  }

  /** {@link create} inside the caller's transaction; returns the new id. */
  async createIn(
    tx: SqlRunner,
    input: AnnouncementInput,
    by: { officerId: string | null; kind?: Announcement['kind']; origin?: Announcement['origin']; originDetail?: Record<string, unknown> },
    targets: RecommendationTarget[] = [],
  ): Promise<string> {
    const id = randomUUID();
    await tx.query(
      `INSERT INTO alert_announcements (id, kind, status, title, texts, topics, area, langs, doc_id, link_url, send_at, expires_at, origin, origin_detail, created_by)
       VALUES ($1, $2, 'pending_approval', $3, $4::jsonb, $5::text[], $6, $7::text[], $8, $9, $10::timestamptz, $11::timestamptz, $12, $13::jsonb, $14)`,
      [
        id,
        by.kind ?? 'announcement',
        ...authoredValues(input),
        by.origin ?? 'officer',
        by.originDetail ? JSON.stringify(by.originDetail) : null,
        by.officerId,
      ],
    );
    if (targets.length) {
      await tx.query(
        `INSERT INTO alert_targets (announcement_id, channel_id, user_id, detail)
         SELECT $1, t.channel_id, t.user_id, t.detail FROM unnest($2::text[], $3::text[], $4::jsonb[]) AS t(channel_id, user_id, detail)
         ON CONFLICT DO NOTHING`,
        [id, targets.map((t) => t.channelId), targets.map((t) => t.userId), targets.map((t) => JSON.stringify(t.detail))],
      );
    }
    return id;
  }

  /** One announcement, or null. */
  async get(id: string): Promise<Announcement | null> {
    const { rows } = await this.db.query('SELECT * FROM alert_announcements WHERE id = $1', [id]);
    return rows[0] ? toAnnouncement(rows[0]) : null;
  }

  /** Newest first, optionally by status. */
  async list(query: { status?: AnnouncementStatus; limit: number }): Promise<Announcement[]> {
    const { rows } = await this.db.query('SELECT * FROM alert_announcements WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC, id LIMIT $2', [
      query.status ?? null,
      query.limit,
    ]);
    return rows.map(toAnnouncement);
  }

  /**
   * Approves an announcement awaiting approval. With `fourEyes`, neither its author nor any of its
   * editors can. With `revision`, only that revision (the one the approver read). Throws an
   * {@link AlertError} saying why when it cannot be approved.
   */
  async approve(id: string, officerId: string, fourEyes: boolean, revision?: number): Promise<Announcement> {
    const { rows } = await this.db.query(
      `UPDATE alert_announcements SET status = 'approved', approved_by = $2, approved_at = now()
        WHERE id = $1 AND status = 'pending_approval' AND ($4::int IS NULL OR revision = $4)
          AND (NOT $3::boolean OR ((created_by IS NULL OR created_by <> $2) AND NOT ($2 = ANY (editors))))
        RETURNING *`,
      [id, officerId, fourEyes, revision ?? null],
    );
    if (rows[0]) return toAnnouncement(rows[0]);
    const current = await this.get(id);
    if (!current) throw new AlertError('announcement not found', 404);
    if (current.status !== 'pending_approval') throw new AlertError(`announcement is ${current.status}, not awaiting approval`, 409);
    if (revision !== undefined && current.revision !== revision) throw staleRevision(current.revision, revision);
    throw new AlertError('four-eyes: another publisher than its author and its editors must approve this announcement', 403);
  }

  /**
   * Replaces what an author writes (`input`, already checked as a whole) of an announcement not yet
   * being sent, if it is still at `revision` (the one the edit was made on). An approval given
   * before is withdrawn (back to awaiting approval) in the same statement, so the planner, which
   * takes only approved announcements, can never send the edited text on the old approval.
   */
  async edit(id: string, input: AnnouncementInput, officerId: string, revision: number): Promise<AnnouncementEdit> {
    const { rows } = await this.db.query(
      `WITH old AS (
         SELECT id, approved_by FROM alert_announcements
          WHERE id = $1 AND status IN ('pending_approval', 'approved') AND revision = $12 FOR UPDATE)
       UPDATE alert_announcements a
          SET title = $2, texts = $3::jsonb, topics = $4::text[], area = $5, langs = $6::text[], doc_id = $7, link_url = $8,
              send_at = $9::timestamptz, expires_at = $10::timestamptz,
              revision = a.revision + 1, edited_by = $11, edited_at = now(),
              editors = CASE WHEN $11 = ANY (a.editors) THEN a.editors ELSE array_append(a.editors, $11::text) END,
              status = 'pending_approval', approved_by = NULL, approved_at = NULL
         FROM old
        WHERE a.id = old.id AND a.status IN ('pending_approval', 'approved') AND a.revision = $12
        RETURNING a.*, old.approved_by AS previous_approver`,
      [
        id,
        ...authoredValues(input),
        officerId,
        revision,
      ],
    );
    if (rows[0]) return { announcement: toAnnouncement(rows[0]), approvalWithdrawnFrom: (rows[0].previous_approver as string | null) ?? null };
    const current = await this.get(id);
    if (!current) throw new AlertError('announcement not found', 404);
    if (!EDITABLE_STATUSES.includes(current.status)) throw new AlertError(`announcement is ${current.status} and can no longer be edited`, 409);
    throw staleRevision(current.revision, revision);
  }

  /** Cancels an announcement not yet done; deliveries still pending are skipped by the worker. */
  async cancel(id: string, officerId: string): Promise<Announcement> {
    const { rows } = await this.db.query(
      `UPDATE alert_announcements SET status = 'cancelled', cancelled_by = $2, cancelled_at = now()
        WHERE id = $1 AND status IN ('pending_approval', 'approved', 'sending') RETURNING *`,
      [id, officerId],
    );
    if (rows[0]) return toAnnouncement(rows[0]);
    const current = await this.get(id);
    if (!current) throw new AlertError('announcement not found', 404);
    throw new AlertError(`announcement is ${current.status} and can no longer be cancelled`, 409);
  }

  /**
   * Residents an announcement would reach now, per route (web chat, LINE …): the same rule the
   * planner applies, counted without planning anything.
   */
  async preview(id: string): Promise<Record<string, number>> {
    const { rows } = await this.db.query<{ route: string; n: number | string }>(
      `SELECT r.route, count(*) AS n
         FROM alert_announcements a
         JOIN alert_recipients r ON (cardinality(a.langs) = 0 OR r.lang = ANY (a.langs))
        WHERE a.id = $1
          AND (a.kind <> 'recommendation' OR EXISTS (SELECT 1 FROM alert_targets t WHERE t.announcement_id = a.id AND t.channel_id = r.channel_id AND t.user_id = r.user_id))
          AND ${subscribedSql('a', 'r.channel_id', 'r.user_id')}
        GROUP BY r.route`,
      [id],
    );
    return Object.fromEntries(rows.map((r) => [r.route, Number(r.n)]));
  }

  /** The reasons of a recommendation, per target (for the reviewer). */
  async targets(id: string, limit = 200): Promise<RecommendationTarget[]> {
    const { rows } = await this.db.query<{ channel_id: string; user_id: string; detail: unknown }>(
      'SELECT channel_id, user_id, detail FROM alert_targets WHERE announcement_id = $1 ORDER BY channel_id, user_id LIMIT $2',
      [id, limit],
    );
    return rows.map((r) => ({ channelId: r.channel_id, userId: r.user_id, detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as RecommendationTarget['detail'] }));
  }
}

/** What an author writes of an announcement, as statement parameters in column order (title … expires_at). */
function authoredValues(input: AnnouncementInput): unknown[] {
  return [
    input.title,
    JSON.stringify(input.texts),
    input.topics,
    input.area ?? null,
    input.langs,
    input.docId ?? null,
    input.linkUrl ?? null,
    input.sendAt ?? null,
    input.expiresAt ?? null,
  ];
}
