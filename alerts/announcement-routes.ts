/**
 * The announcement routes of the officer API (mounted at `/api/officer` in front of the officer
 * router; requests for other paths pass through): compose, edit before sending, preview, approve
 * (four-eyes), cancel, status with delivery counts, and the publisher role (publisher-routes.ts).
 * Composing, editing and approving need the publisher role; reading needs it or the supervisor
 * role. Every action is audited.
 */
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import { parse } from '../officers/api-schemas';
import { caller } from '../officers/auth-middleware';
import { OfficerError } from '../officers/officer-errors';
import { roleAtLeast } from '../officers/officer-repository';
import type { AuditSink } from '../officers/ports';
import { AlertError } from './alert-errors';
import { EDITABLE_STATUSES, type Announcement, type AnnouncementInput, type AnnouncementRepository } from './announcement-repository';
import { AnnouncementBody, AnnouncementId, AnnouncementListQuery, AnnouncementPatch, ApproveBody, TopicsQuery } from './api-schemas';
import type { Lang } from '../locales/lang';
import type { AlertTopicChoice } from './ports';
import type { AlertOutbox } from './outbox';
import type { PublisherRepository } from './publisher-repository';
import { mountPublisherRoutes, type OfficerSummary } from './publisher-routes';

/** What the routes need. */
export interface AnnouncementRoutesDeps {
  /** The officer API's session check (officers/auth-middleware.ts `authenticate`). */
  authenticate: RequestHandler;
  announcements: AnnouncementRepository;
  outbox: AlertOutbox;
  publishers: PublisherRepository;
  /** Whether an announcement needs a second officer's approval (ALERTS_FOUR_EYES). */
  fourEyes: boolean;
  /** Officer ids that exist (granting the role to an unknown id is a 404). */
  officerExists: (id: string) => Promise<boolean>;
  /** Every officer account (for the publishers screen). */
  listOfficers?: () => Promise<OfficerSummary[]>;
  audit: AuditSink;
  /** Wakes the outbox workers on every instance (an announcement was approved). */
  wake: (announcementId: string) => Promise<void>;
  /** The topics residents can subscribe to, labelled (for composing). */
  topics?: (lang: Lang) => Promise<AlertTopicChoice[]>;
  bodyLimit?: string;
  log?: Logger;
}

/** Builds the router. */
export function createAnnouncementRoutes(deps: AnnouncementRoutesDeps): Router {
  const router = express.Router();
  const json = express.json({ limit: deps.bodyLimit ?? '64kb' });
  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    next();
  };
  const publisher: RequestHandler = async (_req, res, next) => {
    if (!(await deps.publishers.isPublisher(caller(res).officer))) {
      res.status(403).json({ error: 'requires the publisher role (granted by an admin)' });
      return;
    }
    next();
  };
  const reader: RequestHandler = async (_req, res, next) => {
    const { officer } = caller(res);
    if (!roleAtLeast(officer.role, 'supervisor') && !(await deps.publishers.isPublisher(officer))) {
      res.status(403).json({ error: 'requires the publisher or supervisor role' });
      return;
    }
    next();
  };
  const audit = (res: express.Response, action: string, target: string, detail?: Record<string, unknown>) => {
    const { officer } = caller(res);
    return deps.audit.append({ actorId: officer.id, actorRole: officer.role, action, target, ...(detail ? { detail } : {}) });
  };

  router.post('/announcements', noStore, deps.authenticate, publisher, json, async (req, res) => {
    const body = parse(AnnouncementBody, req.body);
    const announcement = await deps.announcements.create(body, { officerId: caller(res).officer.id });
    await audit(res, 'announcement.create', `announcement:${announcement.id}`, { topics: announcement.topics, langs: announcement.langs });
    res.status(201).json({ announcement, recipients: await deps.announcements.preview(announcement.id), fourEyes: deps.fourEyes });
  });

  router.get('/announcements', noStore, deps.authenticate, reader, async (req, res) => {
    const query = parse(AnnouncementListQuery, req.query);
    // The console shows composing and approving to publishers only (the routes check it again).
    res.json({ announcements: await deps.announcements.list(query), publisher: await deps.publishers.isPublisher(caller(res).officer), fourEyes: deps.fourEyes });
  });

  router.get('/announcements/topics', noStore, deps.authenticate, reader, async (req, res) => {
    const lang = parse(TopicsQuery, req.query).lang;
    res.json({ topics: deps.topics ? await deps.topics(lang) : [] });
  });

  router.get('/announcements/:id', noStore, deps.authenticate, reader, async (req, res) => {
    const id = parse(AnnouncementId, req.params.id);
    const announcement = await deps.announcements.get(id);
    if (!announcement) throw new AlertError('announcement not found', 404);
    const planned = announcement.plannedAt !== null;
    await audit(res, 'announcement.read', `announcement:${id}`);
    res.json({
      announcement,
      // Before sending: who it would reach now, per route; afterwards the deliveries say it.
      recipients: planned ? null : await deps.announcements.preview(id),
      deliveries: await deps.outbox.counts(id),
      ...(announcement.kind === 'recommendation' ? { targets: await deps.announcements.targets(id, 50) } : {}),
    });
  });

  // Edit before sending (its author or any other publisher): the stored announcement with the edit
  // applied is checked as a whole, as a new one is; an approval given before is withdrawn.
  router.patch('/announcements/:id', noStore, deps.authenticate, publisher, json, async (req, res) => {
    const id = parse(AnnouncementId, req.params.id);
    const { revision, ...changes } = parse(AnnouncementPatch, req.body);
    const current = await deps.announcements.get(id);
    if (!current) throw new AlertError('announcement not found', 404);
    if (!EDITABLE_STATUSES.includes(current.status)) throw new AlertError(`announcement is ${current.status} and can no longer be edited`, 409);
    if (revision !== undefined && revision !== current.revision) {
      throw new AlertError(`announcement was changed since revision ${revision} (now revision ${current.revision}); reload it`, 409);
    }
    const edited = parse(AnnouncementBody, { ...authored(current), ...changes });
    const { announcement, approvalWithdrawnFrom } = await deps.announcements.edit(id, edited, caller(res).officer.id, current.revision);
    const before = authored(current);
    const after = authored(announcement);
    const fields = (Object.keys(after) as (keyof AnnouncementInput)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    await audit(res, 'announcement.edit', `announcement:${id}`, {
      revision: announcement.revision,
      fields,
      ...(approvalWithdrawnFrom ? { approvalWithdrawnFrom } : {}),
    });
    res.json({ announcement, recipients: await deps.announcements.preview(id), approvalWithdrawn: approvalWithdrawnFrom !== null, fourEyes: deps.fourEyes });
  });

  router.post('/announcements/:id/approve', noStore, deps.authenticate, publisher, json, async (req, res) => {
    const id = parse(AnnouncementId, req.params.id);
    const { revision } = parse(ApproveBody, req.body);
    const announcement = await deps.announcements.approve(id, caller(res).officer.id, deps.fourEyes, revision);
    await audit(res, 'announcement.approve', `announcement:${id}`, { fourEyes: deps.fourEyes, revision: announcement.revision });
    await deps.wake(id).catch((err: unknown) => deps.log?.warn({ err }, 'alert workers not woken; they will find the announcement at their next poll'));
    res.json({ announcement });
  });

  router.post('/announcements/:id/cancel', noStore, deps.authenticate, publisher, async (req, res) => {
    const id = parse(AnnouncementId, req.params.id);
    const announcement = await deps.announcements.cancel(id, caller(res).officer.id);
    await audit(res, 'announcement.cancel', `announcement:${id}`);
    res.json({ announcement });
  });

  mountPublisherRoutes(router, { ...deps, noStore });

  router.use(errorHandler(deps.log));
  return router;
}

/** What an author writes, as stored (the base an edit applies to). */
function authored(a: Announcement): AnnouncementInput {
  return { title: a.title, texts: a.texts, topics: a.topics, area: a.area, langs: a.langs, docId: a.docId, linkUrl: a.linkUrl, sendAt: a.sendAt, expiresAt: a.expiresAt };
}

function errorHandler(log: Logger | undefined): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof OfficerError) {
      res.status(err.status).json({ error: err.message });
      return;
    }
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large') res.status(413).json({ error: 'payload too large' });
    else if (e.type === 'entity.parse.failed') res.status(400).json({ error: 'malformed JSON body' });
    else if (e.status && e.status >= 400 && e.status < 500) res.status(e.status).json({ error: 'bad request' });
    else {
      log?.error({ err }, 'announcement API failed');
      res.status(500).json({ error: 'internal error' });
    }
  };
}
