/**
 * "The documents lack this": flags officers raise from a case, with a note and the resident's
 * question (masked), for the content team. Supervisors list and export them.
 */
import type { Database } from '../storage/database';
import type { Lang } from '../locales/lang';

/** A stored flag. */
export interface KnowledgeGap {
  id: number;
  handoffId: string;
  officerId: string | null;
  officerName: string | null;
  lang: Lang;
  question: string;
  note: string;
  createdAt: string;
}

interface Row {
  id: string;
  handoff_id: string;
  officer_id: string | null;
  officer_name: string | null;
  lang: Lang;
  question: string;
  note: string;
  created_at: Date | string;
}

const toGap = (r: Row): KnowledgeGap => ({
  id: Number(r.id),
  handoffId: r.handoff_id,
  officerId: r.officer_id,
  officerName: r.officer_name,
  lang: r.lang,
  question: r.question,
  note: r.note,
  createdAt: new Date(r.created_at).toISOString(),
});

/** Knowledge-gap flags in the database. */
export class KnowledgeGapRepository {
  constructor(private readonly db: Database) {}

  /** Stores a flag. */
  async add(input: { handoffId: string; officerId: string; lang: Lang; question: string; note: string }, now = new Date()): Promise<KnowledgeGap> {
    const { rows } = await this.db.query<Row>(
      `INSERT INTO knowledge_gaps (handoff_id, officer_id, lang, question, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING *, (SELECT name FROM officers WHERE id = $2) AS officer_name`,
      [input.handoffId, input.officerId, input.lang, input.question, input.note, now.toISOString()],
    );
    return toGap(rows[0]);
  }

  /** Flags, newest first (optionally since a time, or of one case). */
  async list(query: { since?: string; handoffId?: string; limit?: number } = {}): Promise<KnowledgeGap[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT g.*, o.name AS officer_name FROM knowledge_gaps g LEFT JOIN officers o ON o.id = g.officer_id
       WHERE ($1::timestamptz IS NULL OR g.created_at >= $1) AND ($2::text IS NULL OR g.handoff_id = $2)
       ORDER BY g.created_at DESC, g.id DESC LIMIT $3`,
      [query.since ?? null, query.handoffId ?? null, query.limit ?? 10_000],
    );
    return rows.map(toGap);
  }
}
