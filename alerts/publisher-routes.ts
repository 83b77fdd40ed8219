/**
 * The publisher-role routes of the officer API (admins only, as the role is granted today): who
 * holds the role, grant, revoke. Mounted on the announcement router, which handles their errors.
 * Every grant and revoke is audited (`publisher.grant`, `publisher.revoke`).
 */
import type { RequestHandler, Router } from 'express';
import { parse } from '../officers/api-schemas';
import { caller, requireRole } from '../officers/auth-middleware';
import type { AuditSink } from '../officers/ports';
import { AlertError } from './alert-errors';
import { OfficerId } from './api-schemas';
import type { PublisherRepository } from './publisher-repository';

/** An officer as the publishers screen lists them. */
export interface OfficerSummary {
  id: string;
  name: string;
  email: string;
  role: string;
}

/** What the routes need. */
export interface PublisherRoutesDeps {
  authenticate: RequestHandler;
  noStore: RequestHandler;
  publishers: PublisherRepository;
  /** Officer ids that exist (granting the role to an unknown id is a 404). */
  officerExists: (id: string) => Promise<boolean>;
  /** Every officer account (the screen lists who holds the role and who could). */
  listOfficers?: () => Promise<OfficerSummary[]>;
  audit: AuditSink;
}

/** Adds the routes to `router`. */
export function mountPublisherRoutes(router: Router, deps: PublisherRoutesDeps): void {
  const admin = requireRole('admin');
  const audit = (res: Parameters<RequestHandler>[1], action: string, officerId: string) => {
    const { officer } = caller(res);
    return deps.audit.append({ actorId: officer.id, actorRole: officer.role, action, target: `officer:${officerId}` });
  };

  router.get('/publishers', deps.noStore, deps.authenticate, admin, async (_req, res) => {
    const publishers = await deps.publishers.list();
    const granted = new Map(publishers.map((p) => [p.officerId, p]));
    const officers = deps.listOfficers ? await deps.listOfficers() : [];
    res.json({
      publishers,
      // Every officer, with whether and how they hold the role (admins always do).
      officers: officers.map((o) => {
        const grant = granted.get(o.id);
        const via = o.role === 'admin' ? 'admin' : grant ? 'grant' : null;
        return { id: o.id, name: o.name, email: o.email, role: o.role, publisher: via !== null, via, grantedBy: grant?.grantedBy ?? null, grantedAt: grant?.grantedAt ?? null };
      }),
    });
  });

  router.put('/publishers/:officerId', deps.noStore, deps.authenticate, admin, async (req, res) => {
    const officerId = parse(OfficerId, req.params.officerId);
    if (!(await deps.officerExists(officerId))) throw new AlertError('officer not found', 404);
    const granted = await deps.publishers.grant(officerId, caller(res).officer.id);
    await audit(res, 'publisher.grant', officerId);
    res.status(granted ? 201 : 200).json({ officerId, publisher: true });
  });

  router.delete('/publishers/:officerId', deps.noStore, deps.authenticate, admin, async (req, res) => {
    const officerId = parse(OfficerId, req.params.officerId);
    const revoked = await deps.publishers.revoke(officerId);
    if (!revoked) throw new AlertError('this officer does not hold the publisher role', 404);
    await audit(res, 'publisher.revoke', officerId);
    res.status(204).end();
  });
}
