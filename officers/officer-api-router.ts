/**
 * The officer HTTP API, mounted by the host at `/api/officer`: login/logout/me, the hand-off routes,
 * officer management, the audit log, live events (SSE) and the OpenAPI document. Each route parses
 * its own JSON body with a size limit; every error is JSON `{error}`.
 */
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import type { Logger } from 'pino';
import { AuditExportQuery, AuditQuerySchema, LoginBody, NewOfficerBody, parse } from './api-schemas';
import { authenticate, caller, requireRole, SESSION_COOKIE } from './auth-middleware';
import { createHandoffRoutes } from './handoff-routes';
import type { KnowledgeDesk } from './knowledge-desk';
import { createKnowledgeRoutes } from './knowledge-routes';
import type { KnowledgeGapRepository } from './knowledge-gap-repository';
import type { ReplyTemplateRepository } from './reply-template-repository';
import { createWorkspaceRoutes } from './workspace-routes';
import type { OfficerScreener } from './officer-screening';
import type { HandoffService } from './handoff-service';
import { OfficerAuth } from './officer-auth';
import { LoginThrottledError, OfficerError } from './officer-errors';
import type { OfficerEvents } from './officer-events';
import type { Officer, OfficerRepository } from './officer-repository';
import { officerOpenApi } from './openapi';
import type { AuditSink, AuditTrail, TextMasker } from './ports';

/** What {@link createOfficerApiRouter} needs. */
export interface OfficerApiDeps {
  auth: OfficerAuth;
  service: HandoffService;
  officers: OfficerRepository;
  events: OfficerEvents;
  /** The audit log; `list` enables GET /audit and /audit/export (501 without it). */
  audit: AuditSink & Partial<Pick<AuditTrail, 'list'>> & { export?(format: 'json' | 'csv', query: { since?: string }): Promise<string> };
  /** Search and questions over the city's documents (GET /knowledge/search …; 501 without it). */
  knowledge?: KnowledgeDesk;
  /** Eligibility screening on entered facts (POST /screening answers 501 without it). */
  screener?: OfficerScreener;
  /** Reply templates and knowledge-gap flags (their routes answer 501 without them). */
  templates?: ReplyTemplateRepository;
  gaps?: KnowledgeGapRepository;
  /** Masks officers' search text before it is audited. */
  masker?: TextMasker;
  /** JSON body limit per route (default 64kb). */
  bodyLimit?: string;
  /** SSE heartbeat (default 20 s). */
  heartbeatMs?: number;
  log?: Logger;
}

const publicOfficer = (o: Officer) => ({ id: o.id, name: o.name, role: o.role });

/** Builds the officer API router. */
export function createOfficerApiRouter(deps: OfficerApiDeps): Router {
  const router = express.Router();
  const json = express.json({ limit: deps.bodyLimit ?? '64kb' });
  const auth = authenticate(deps.auth);

  router.use((_req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    next();
  });


  router.post('/login', json, async (req, res) => {
    const { email, password } = parse(LoginBody, req.body);
    const session = await deps.auth.login(email, password, { ip: req.ip });
    res.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      // req.secure honours the app's trust-proxy setting (TLS terminated at a reverse proxy).
      secure: req.secure,
      path: '/',
      expires: new Date(session.expiresAt),
    });
    res.json({ token: session.token, csrfToken: session.csrfToken, expiresAt: session.expiresAt, officer: publicOfficer(session.officer) });
  });

  router.post('/logout', auth, async (req: Request, res: Response) => {
    const c = caller(res);
    await deps.auth.logout(c.token, c.officer);
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
    res.status(204).end();
  });

  // The API's map is for officers and their tools, not for anyone who finds the host.
  router.get('/openapi.json', auth, (_req, res) => {
    res.json(officerOpenApi);
  });

  router.get('/me', auth, (_req, res) => {
    const c = caller(res);
    res.json({ officer: { ...publicOfficer(c.officer), email: c.officer.email }, csrfToken: c.csrfToken });
  });

  router.get('/events', auth, (req, res) => {
    res.status(200).set({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no', connection: 'keep-alive' });
    res.flushHeaders();
    let seq = 0;
    const unsubscribe = deps.events.subscribe((event) => {
      res.write(`id: ${++seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    res.write('retry: 3000\nevent: ready\ndata: {}\n\n');
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), deps.heartbeatMs ?? 20_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });

  router.get('/officers', auth, async (_req, res) => {
    const admin = caller(res).officer.role === 'admin';
    const all = await deps.officers.list();
    res.json({ officers: all.map((o) => (admin ? o : publicOfficer(o))) });
  });

  router.post('/officers', auth, requireRole('admin'), json, async (req, res) => {
    const body = parse(NewOfficerBody, req.body);
    const generated = body.password ? undefined : OfficerAuth.generatePassword();
    const officer = await deps.auth.createOfficer({ ...body, password: body.password ?? generated! });
    const c = caller(res);
    await deps.audit.append({ actorId: c.officer.id, actorRole: c.officer.role, action: 'officer.create', target: `officer:${officer.id}`, detail: { role: officer.role } });
    res.status(201).json({ officer, ...(generated ? { password: generated } : {}) });
  });

  router.get('/audit', auth, requireRole('supervisor'), async (req, res) => {
    const list = deps.audit.list?.bind(deps.audit);
    if (!list) throw new OfficerError('the audit log cannot be read in this deployment', 501);
    const query = parse(AuditQuerySchema, req.query);
    const c = caller(res);
    await deps.audit.append({ actorId: c.officer.id, actorRole: c.officer.role, action: 'audit.read', target: 'audit' });
    res.json({ entries: await list(query) });
  });

  router.get('/audit/export', auth, requireRole('supervisor'), async (req, res) => {
    const list = deps.audit.list?.bind(deps.audit);
    if (!list) throw new OfficerError('the audit log cannot be read in this deployment', 501);
    const { format, since } = parse(AuditExportQuery, req.query);
    const c = caller(res);
    await deps.audit.append({ actorId: c.officer.id, actorRole: c.officer.role, action: 'audit.export', target: 'audit', detail: { format } });
    const stamp = new Date().toISOString().slice(0, 10);
    res.setHeader('content-disposition', `attachment; filename="audit-${stamp}.${format === 'csv' ? 'csv' : 'ndjson'}"`);
    res.type(format === 'csv' ? 'text/csv' : 'application/x-ndjson');
    // The audit module's own export when it has one (the safety module's AuditLog does).
    if (deps.audit.export) {
      res.send(await deps.audit.export(format === 'csv' ? 'csv' : 'json', { since }));
      return;
    }
    const entries = await list({ limit: 100_000, since });
    if (format === 'csv') {
      // A leading = + - @ would run as a formula in a spreadsheet; prefix it with a quote.
      const cell = (v: string | number) => `"${String(v).replace(/^[=+\-@]/, "'$&").replace(/"/g, '""')}"`;
      const lines = ['id,at,actorId,actorRole,action,target,detail', ...entries.map((e) => [e.id, e.at, e.actorId, e.actorRole, e.action, e.target, JSON.stringify(e.detail ?? {})].map(cell).join(','))];
      res.send(`${lines.join('\n')}\n`);
    } else {
      res.send(entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length ? '\n' : ''));
    }
  });

  router.use(createWorkspaceRoutes({ auth, service: deps.service, templates: deps.templates, gaps: deps.gaps, screener: deps.screener, audit: deps.audit, masker: deps.masker, bodyLimit: deps.bodyLimit ?? '64kb' }));
  router.use(createKnowledgeRoutes({ auth, desk: deps.knowledge, audit: deps.audit, masker: deps.masker, bodyLimit: deps.bodyLimit ?? '64kb' }));

  // Last: every other path needs a session.
  router.use(auth, createHandoffRoutes(deps.service, deps.bodyLimit ?? '64kb'));

  router.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  router.use(errorHandler(deps.log));
  return router;
}

function errorHandler(log: Logger | undefined): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof LoginThrottledError) res.setHeader('retry-after', String(Math.max(1, Math.ceil(err.retryAfterSeconds))));
    if (err instanceof OfficerError) {
      if (err.status >= 500) log?.warn({ err, reqId: (req as { id?: unknown }).id }, 'officer API error');
      res.status(err.status).json({ error: err.message });
      return;
    }
    const e = err as { type?: string; status?: number };
    if (e.type === 'entity.too.large') res.status(413).json({ error: 'payload too large' });
    else if (e.type === 'entity.parse.failed') res.status(400).json({ error: 'malformed JSON body' });
    else if (e.status && e.status >= 400 && e.status < 500) res.status(e.status).json({ error: 'bad request' });
    else {
      log?.error({ err, reqId: (req as { id?: unknown }).id }, 'officer API failed');
      res.status(500).json({ error: 'internal error' });
    }
  };
}
