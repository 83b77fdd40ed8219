/**
 * Drafts from knowledge-base changes (`kb import`, `kb rollback`), for a person to review: nothing
 * is sent before a publisher approves it.
 * - A program added, or whose `eligibility:` rules changed, that now fits the kept screening profile
 *   of a resident who subscribed to `recommendations` (and did not fit before) becomes a
 *   "you may be eligible for …" draft for exactly those residents, each with the reasons in their
 *   language and how to apply.
 * - A changed document that residents follow (`program:<id>`) becomes an "updated" draft for them; a
 *   new document in a domain residents follow (`domain:<domain>`) a "new" draft.
 * What was seen last is kept in `alert_kb_seen`, compared and updated under an advisory lock in the
 * transaction that stores the drafts: every instance reloads, each change is drafted once. The first
 * run only records what is there.
 */
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Database, SqlRunner } from '../storage/database';
import { t } from '../locales/i18n';
import { LANGS, isLang, type Lang } from '../locales/lang';
import { criteriaSchema, type Criteria } from '../eligibility/criteria-schema';
import { evaluateProgram } from '../eligibility/engine';
import { formatReason } from '../eligibility/format-reason';
import { sanitizeProfile, type Profile } from '../eligibility/profile';
import type { EligibilitySettings } from '../eligibility/references';
import type { EligibilityProgram } from '../eligibility/types';
import type { AnnouncementRepository, RecommendationTarget } from './announcement-repository';
import { RECOMMENDATIONS_TOPIC } from './ports';

const LOCK_KEY = 724_100_150;

interface DocRow {
  id: string;
  title: string;
  lang: string;
  domain: string;
  region: string;
  updated: string;
  source_url: string | null;
  tags: string[] | null;
  meta: unknown;
  content_hash: string;
}

interface SeenRow {
  doc_id: string;
  content_hash: string;
  eligibility: unknown;
}

/** What a run drafted. */
export interface DraftReport {
  seeded: number;
  changed: number;
  drafts: string[];
}

const asObject = (v: unknown): Record<string, unknown> => ((typeof v === 'string' ? JSON.parse(v) : v) ?? {}) as Record<string, unknown>;
const stable = (v: unknown): string => createHash('sha256').update(JSON.stringify(v ?? null)).digest('hex');

/** Criteria of a stored document, or null (none, or invalid: the eligibility module reports those). */
function criteriaOf(meta: Record<string, unknown> | null): Criteria | null {
  if (!meta || meta.eligibility === undefined || meta.eligibility === null) return null;
  const parsed = criteriaSchema.safeParse(meta.eligibility);
  return parsed.success ? parsed.data : null;
}

function programOf(doc: DocRow, criteria: Criteria | null): EligibilityProgram {
  const meta = asObject(doc.meta);
  return {
    id: doc.id,
    title: doc.title,
    lang: isLang(doc.lang) ? doc.lang : 'en',
    domain: doc.domain,
    region: doc.region,
    ...(doc.source_url ? { sourceUrl: doc.source_url } : {}),
    tags: doc.tags ?? [],
    criteria,
    ...(typeof meta.apply === 'string' && meta.apply.trim() ? { apply: meta.apply.trim() } : {}),
  };
}

/** Settings of the drafter. */
export interface KbChangeDrafterOptions {
  db: Database;
  announcements: AnnouncementRepository;
  /** Income references and areas the rules refer to. */
  settings: () => EligibilitySettings;
  log: Logger;
}

/** Turns knowledge-base changes into drafts for review. */
export class KbChangeDrafter {
  constructor(private readonly options: KbChangeDrafterOptions) {}

  /** Compares the documents with what was seen, drafts what changed, records the new state. */
  async run(): Promise<DraftReport> {
    const { db, log } = this.options;
    const report = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const docs = (await tx.query<DocRow>('SELECT id, title, lang, domain, region, updated, source_url, tags, meta, content_hash FROM documents ORDER BY id')).rows;
      const seen = new Map((await tx.query<SeenRow>('SELECT doc_id, content_hash, eligibility FROM alert_kb_seen')).rows.map((r) => [r.doc_id, r]));
      const first = seen.size === 0;
      const drafts: string[] = [];
      let changed = 0;
      for (const doc of docs) {
        const before = seen.get(doc.id);
        if (before?.content_hash === doc.content_hash) continue;
        const meta = asObject(doc.meta);
        const criteria = criteriaOf(meta);
        await tx.query(
          `INSERT INTO alert_kb_seen (doc_id, content_hash, eligibility) VALUES ($1, $2, $3::jsonb)
           ON CONFLICT (doc_id) DO UPDATE SET content_hash = EXCLUDED.content_hash, eligibility = EXCLUDED.eligibility, seen_at = now()`,
          [doc.id, doc.content_hash, criteria ? JSON.stringify(criteria) : null],
        );
        if (first) continue;
        changed++;
        const oldCriteria = before ? (before.eligibility === null ? null : (asObject(before.eligibility) as unknown as Criteria)) : null;
        if (criteria && (!before || stable(criteria) !== stable(oldCriteria))) {
          const id = await this.draftRecommendation(tx, doc, criteria, before ? oldCriteria : null);
          if (id) drafts.push(id);
        }
        const id = await this.draftChange(tx, doc, before === undefined);
        if (id) drafts.push(id);
      }
      // Documents removed from the knowledge base are forgotten (a later re-import is "new" again).
      await tx.query('DELETE FROM alert_kb_seen WHERE NOT (doc_id = ANY ($1::text[]))', [docs.map((d) => d.id)]);
      return { seeded: first ? docs.length : 0, changed, drafts };
    });
    if (report.drafts.length) log.info({ drafts: report.drafts.length, changed: report.changed }, 'knowledge-base changes drafted as announcements for review');
    return report;
  }

  /** A recommendation for the consenting residents whose kept profile fits now (and did not before). */
  private async draftRecommendation(tx: SqlRunner, doc: DocRow, criteria: Criteria, oldCriteria: Criteria | null): Promise<string | null> {
    const settings = this.options.settings();
    const program = programOf(doc, criteria);
    const previous = oldCriteria ? programOf(doc, oldCriteria) : null;
    const { rows } = await tx.query<{ channel_id: string; user_id: string; lang: string; profile: unknown }>(
      `SELECT p.channel_id, p.user_id, r.lang, p.profile
         FROM eligibility_profiles p
         JOIN alert_recipients r ON r.channel_id = p.channel_id AND r.user_id = p.user_id
        WHERE EXISTS (SELECT 1 FROM alert_subscriptions s WHERE s.channel_id = p.channel_id AND s.user_id = p.user_id AND s.status = 'active' AND s.topic = $1)`,
      [RECOMMENDATIONS_TOPIC],
    );
    const targets: RecommendationTarget[] = [];
    for (const row of rows) {
      const profile = sanitizeProfile(asObject(row.profile)) as Profile;
      const now = evaluateProgram(program, profile, settings);
      if (now.status !== 'eligible') continue;
      if (previous && evaluateProgram(previous, profile, settings).status === 'eligible') continue;
      const lang: Lang = isLang(row.lang) ? row.lang : 'en';
      targets.push({
        channelId: row.channel_id,
        userId: row.user_id,
        detail: { reasons: now.reasons.map((r) => formatReason(r, lang, settings)), ...(program.apply ? { apply: program.apply } : {}) },
      });
    }
    if (targets.length === 0) return null;
    const texts = Object.fromEntries(LANGS.map((l) => [l, t(l, 'alerts.recommendation.text', { title: doc.title })]));
    return this.options.announcements.createIn(
      tx,
      { title: `${doc.title} — ${targets.length}`, texts, topics: [RECOMMENDATIONS_TOPIC], langs: [], docId: doc.id, linkUrl: doc.source_url },
      { officerId: null, kind: 'recommendation', origin: 'kb_import', originDetail: { docId: doc.id, contentHash: doc.content_hash, reason: previous ? 'rules changed' : 'new program' } },
      targets,
    );
  }

  /** An "updated" draft for a followed document, a "new" one for a followed domain. */
  private async draftChange(tx: SqlRunner, doc: DocRow, added: boolean): Promise<string | null> {
    const topic = added ? `domain:${doc.domain}` : `program:${doc.id}`;
    const { rows } = await tx.query("SELECT 1 FROM alert_subscriptions WHERE topic = $1 AND status = 'active' LIMIT 1", [topic]);
    if (rows.length === 0) return null;
    const key = added ? 'alerts.draft.added' : 'alerts.draft.updated';
    const texts = Object.fromEntries(LANGS.map((l) => [l, t(l, key, { title: doc.title, updated: doc.updated })]));
    return this.options.announcements.createIn(
      tx,
      { title: doc.title, texts, topics: [topic], langs: [], docId: doc.id, linkUrl: doc.source_url },
      { officerId: null, origin: 'kb_import', originDetail: { docId: doc.id, contentHash: doc.content_hash, change: added ? 'added' : 'updated' } },
    );
  }
}
