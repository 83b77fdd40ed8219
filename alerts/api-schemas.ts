/**
 * Input schemas of the announcement API (zod); officers/openapi.ts describes the same shapes.
 */
import { z } from 'zod';

/** A subscription topic as the API accepts it. */
export const TopicSchema = z
  .string()
  .regex(/^(?:all|recommendations|domain:[a-z][a-z_-]{0,40}|program:[a-z0-9][a-z0-9_-]{0,120}|area:[a-z0-9][a-z0-9_-]{0,40})$/, 'expected all, recommendations, domain:<domain>, program:<document id> or area:<area id>');

const text = z.string().trim().min(1).max(2000);

/** The fields an author writes (no defaults: an edit leaves out what it does not change). */
const announcementFields = {
  title: z.string().trim().min(1).max(200),
  texts: z
    .object({ ko: text.optional(), ja: text.optional(), en: text.optional() })
    .strict()
    .refine((t) => Boolean(t.ko ?? t.ja ?? t.en), 'at least one of ko, ja, en'),
  topics: z.array(TopicSchema).max(20),
  area: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,40}$/).nullish(),
  langs: z.array(z.enum(['ko', 'ja', 'en'])).max(3),
  docId: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,120}$/).nullish(),
  linkUrl: z.url({ protocol: /^https?$/ }).max(500).nullish(),
  sendAt: z.iso.datetime({ offset: true }).nullish(),
  expiresAt: z.iso.datetime({ offset: true }).nullish(),
};

/** A new announcement, and an edited one as a whole (the stored one with the edit applied). */
export const AnnouncementBody = z
  .object({ ...announcementFields, topics: announcementFields.topics.default([]), langs: announcementFields.langs.default([]) })
  .strict()
  .refine((b) => !b.expiresAt || new Date(b.expiresAt).getTime() > Math.max(Date.now(), b.sendAt ? new Date(b.sendAt).getTime() : 0), {
    message: 'must be in the future and after sendAt',
    path: ['expiresAt'],
  })
  .refine((b) => b.langs.length === 0 || b.langs.every((l) => b.texts[l]), { message: 'every targeted language needs its text', path: ['langs'] });

/**
 * An edit: the fields it changes (`texts` replaces all the texts; null clears an optional field),
 * and optionally the revision the officer saw (refused with 409 when the announcement changed since).
 * The stored announcement with the edit applied is then checked with {@link AnnouncementBody}.
 */
export const AnnouncementPatch = z
  .object(announcementFields)
  .partial()
  .extend({ revision: z.number().int().min(1).optional() })
  .strict()
  .refine((p) => Object.keys(p).some((k) => k !== 'revision'), 'nothing to change');

/** An approval may name the revision the approver read (refused with 409 when it changed since). */
export const ApproveBody = z.object({ revision: z.number().int().min(1).optional() }).strict();

/** Announcement list query. */
export const AnnouncementListQuery = z.object({
  status: z.enum(['pending_approval', 'approved', 'sending', 'done', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/** An announcement id (random UUIDs). */
export const AnnouncementId = z.uuid();
/** An officer id. */
export const OfficerId = z.uuid();

/** Topics query: the language of the labels. */
export const TopicsQuery = z.object({ lang: z.enum(['ko', 'ja', 'en']).default('en') });
