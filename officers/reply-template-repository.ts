/**
 * Reply templates per team and language (greeting, documents to bring, office address, closing),
 * kept by supervisors. The greeting and closing frame drafted replies; every kind can be inserted
 * into a reply from the console.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../storage/database';
import type { Lang } from '../locales/lang';

/** What a template is for. */
export const TEMPLATE_KINDS = ['greeting', 'documents', 'address', 'closing'] as const;
/** A template kind. */
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** A stored template. */
export interface ReplyTemplate {
  id: string;
  team: string;
  lang: Lang;
  kind: TemplateKind;
  text: string;
  updatedBy: string | null;
  updatedAt: string;
}

interface Row {
  id: string;
  team: string;
  lang: Lang;
  kind: TemplateKind;
  text: string;
  updated_by: string | null;
  updated_at: Date | string;
}

const toTemplate = (r: Row): ReplyTemplate => ({
  id: r.id,
  team: r.team,
  lang: r.lang,
  kind: r.kind,
  text: r.text,
  updatedBy: r.updated_by,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** Reply templates in the database. */
export class ReplyTemplateRepository {
  constructor(private readonly db: Database) {}

  /** Templates, optionally of one team and/or language, ordered by team, language and kind. */
  async list(filter: { team?: string; lang?: Lang } = {}): Promise<ReplyTemplate[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT * FROM reply_templates WHERE ($1::text IS NULL OR team = $1) AND ($2::text IS NULL OR lang = $2)
       ORDER BY team, lang, array_position(ARRAY['greeting', 'documents', 'address', 'closing'], kind)`,
      [filter.team ?? null, filter.lang ?? null],
    );
    return rows.map(toTemplate);
  }

  /** Saves the template of a team, language and kind (replacing the one there). */
  async save(input: { team: string; lang: Lang; kind: TemplateKind; text: string }, officerId: string, now = new Date()): Promise<ReplyTemplate> {
    const { rows } = await this.db.query<Row>(
      `INSERT INTO reply_templates (id, team, lang, kind, text, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (team, lang, kind) DO UPDATE SET text = EXCLUDED.text, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
       RETURNING *`,
      [randomUUID(), input.team, input.lang, input.kind, input.text, officerId, now.toISOString()],
    );
    return toTemplate(rows[0]);
  }

  /** Deletes a template; false when there was none. */
  async remove(id: string): Promise<boolean> {
    const { affectedRows } = await this.db.query('DELETE FROM reply_templates WHERE id = $1', [id]);
    return affectedRows > 0;
  }
}
