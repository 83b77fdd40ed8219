/**
 * The workspace routes of the officer API: reply templates per team and language (everyone reads,
 * supervisors keep them) and "the documents lack this" flags (officers raise them from a case,
 * supervisors list and export them). Each route authenticates; every change is audited.
 */
import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { caller, requireRole } from './auth-middleware';
import { HandoffId, parse } from './api-schemas';
import { HandoffNotFoundError, NotFoundError, OfficerError } from './officer-errors';
import type { HandoffService } from './handoff-service';
import type { KnowledgeGapRepository } from './knowledge-gap-repository';
import { TEMPLATE_KINDS, type ReplyTemplateRepository } from './reply-template-repository';
import type { AuditSink, TextMasker } from './ports';
import { screeningReplyText, type OfficerScreener } from './officer-screening';

const Lang = z.enum(['ko', 'ja', 'en']);
/** A team name: letters, digits, spaces, dots, dashes (shown in the console, used in file names). */
const Team = z.string().trim().min(1).max(60).regex(/^[\p{L}\p{N} ._-]+$/u, 'letters, digits, spaces, dots and dashes only');
/** Template list filter. */
export const TemplateQuery = z.object({ team: Team.optional(), lang: Lang.optional() });
/** A template to save (replaces the team's template of that language and kind). */
export const TemplateBody = z.object({ team: Team, lang: Lang, kind: z.enum(TEMPLATE_KINDS), text: z.string().trim().min(1).max(2000) });
/** A knowledge-gap flag. */
export const GapBody = z.object({ note: z.string().trim().min(1).max(1000) });
/** Gap list / export query. */
export const GapQuery = z.object({ since: z.string().datetime().optional(), format: z.enum(['csv', 'ndjson']).default('csv') });

/** Screening request: the facts (the eligibility profile's shape) and the language of the reasons. */
export const ScreeningBody = z.object({ facts: z.record(z.string(), z.unknown()), lang: Lang.default('en') });

/** What {@link createWorkspaceRoutes} needs. */
export interface WorkspaceRoutesDeps {
  auth: RequestHandler;
  service: HandoffService;
  /** Without them the routes answer 501 (a deployment that does not keep them). */
  templates?: ReplyTemplateRepository;
  gaps?: KnowledgeGapRepository;
  /** Eligibility screening (501 without it). */
  screener?: OfficerScreener;
  audit: AuditSink;
  masker?: TextMasker;
  bodyLimit: string;
}

/** A CSV cell; a leading = + - @ would run as a formula in a spreadsheet, so it gets a quote first. */
const cell = (v: string | number | null) => `"${String(v ?? '').replace(/^[=+\-@]/, "'$&").replace(/"/g, '""')}"`;

/** Builds the workspace routes. */
export function createWorkspaceRoutes(deps: WorkspaceRoutesDeps): Router {
  const router = express.Router();
  const json = express.json({ limit: deps.bodyLimit });
  const supervisor = requireRole('supervisor');
  const templates = (): ReplyTemplateRepository => deps.templates ?? unavailable();
  const gaps = (): KnowledgeGapRepository => deps.gaps ?? unavailable();
  const mask = (text: string) => (deps.masker ? deps.masker.mask(text) : text);
  const audit = (res: express.Response, action: string, target: string, detail?: Record<string, unknown>) => {
    const c = caller(res);
    return deps.audit.append({ actorId: c.officer.id, actorRole: c.officer.role, action, target, detail });
  };

  router.get('/templates', deps.auth, async (req, res) => {
    const filter = parse(TemplateQuery, req.query);
    res.json({ templates: await templates().list(filter) });
  });

  router.put('/templates', deps.auth, supervisor, json, async (req, res) => {
    const body = parse(TemplateBody, req.body);
    const saved = await templates().save({ ...body, text: mask(body.text) }, caller(res).officer.id);
    await audit(res, 'template.save', `template:${saved.id}`, { team: saved.team, lang: saved.lang, kind: saved.kind });
    res.json({ template: saved });
  });

  router.delete('/templates/:id', deps.auth, supervisor, async (req, res) => {
    const id = String(req.params.id);
    if (!(await templates().remove(id))) throw new NotFoundError('template not found');
    await audit(res, 'template.delete', `template:${id}`);
    res.status(204).end();
  });

  router.post('/handoffs/:id/gaps', deps.auth, json, async (req, res) => {
    const parsed = HandoffId.safeParse(req.params.id);
    if (!parsed.success) throw new HandoffNotFoundError(String(req.params.id));
    const { note } = parse(GapBody, req.body);
    // The flag carries what the resident needed (masked, read like the draft's question).
    const { need, lang } = await deps.service.residentNeed(parsed.data);
    const gap = await gaps().add({ handoffId: parsed.data, officerId: caller(res).officer.id, lang, question: need?.question ?? '', note: mask(note) });
    await audit(res, 'knowledge.gap', `handoff:${parsed.data}`, { gapId: gap.id });
    res.status(201).json({ gap });
  });

  router.post('/screening', deps.auth, json, async (req, res) => {
    const { facts, lang } = parse(ScreeningBody, req.body);
    if (!deps.screener) throw new OfficerError('eligibility screening is not available in this deployment', 501);
    const outcome = deps.screener.screen(facts, lang);
    if (!outcome.ok) throw new OfficerError(`invalid request: facts.${outcome.problem}`, 400);
    // The facts are the resident's: the audit log keeps which ones were given, never their values.
    await audit(res, 'eligibility.screen', 'eligibility', { facts: Object.keys(facts).sort(), programs: outcome.results.length });
    res.json({ results: outcome.results, replyText: screeningReplyText(outcome.results, lang) });
  });

  router.get('/knowledge/gaps', deps.auth, supervisor, async (req, res) => {
    const { since } = parse(GapQuery, req.query);
    await audit(res, 'knowledge.gaps_read', 'knowledge_gaps');
    res.json({ gaps: await gaps().list({ since, limit: 1000 }) });
  });

  router.get('/knowledge/gaps/export', deps.auth, supervisor, async (req, res) => {
    const { since, format } = parse(GapQuery, req.query);
    const flags = await gaps().list({ since });
    await audit(res, 'knowledge.gaps_export', 'knowledge_gaps', { format, count: flags.length });
    const stamp = new Date().toISOString().slice(0, 10);
    res.setHeader('content-disposition', `attachment; filename="knowledge-gaps-${stamp}.${format}"`);
    if (format === 'csv') {
      const lines = ['id,createdAt,handoffId,officer,lang,question,note', ...flags.map((g) => [g.id, g.createdAt, g.handoffId, g.officerName, g.lang, g.question, g.note].map(cell).join(','))];
      res.type('text/csv').send(`${lines.join('\n')}\n`);
    } else {
      res.type('application/x-ndjson').send(flags.map((g) => JSON.stringify(g)).join('\n') + (flags.length ? '\n' : ''));
    }
  });

  return router;
}

function unavailable(): never {
  throw new OfficerError('templates and knowledge-gap flags are not kept in this deployment', 501);
}
