/**
 * The knowledge routes of the officer API: search the city's documents (`GET /knowledge/search`)
 * and ask them a question (`POST /knowledge/ask`). Mounted by {@link createOfficerApiRouter}; each
 * route authenticates, and every call is written to the audit log (with the query masked).
 */
import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { detectLanguage } from '../locales/detect-language';
import { caller } from './auth-middleware';
import { parse } from './api-schemas';
import { OfficerError } from './officer-errors';
import type { KnowledgeDesk } from './knowledge-desk';
import type { AuditSink, TextMasker } from './ports';

/** Search query: `q`, optional `lang` (detected from `q` when absent) and `limit`. */
export const KnowledgeSearchQuery = z.object({
  q: z.string().trim().min(1).max(500),
  lang: z.enum(['ko', 'ja', 'en']).optional(),
  limit: z.coerce.number().int().min(1).max(20).default(8),
});
/** Ask body: the question and the language to answer in (detected from the question when absent). */
export const KnowledgeAskBody = z.object({ question: z.string().trim().min(1).max(1000), lang: z.enum(['ko', 'ja', 'en']).optional() });

/** What {@link createKnowledgeRoutes} needs. */
export interface KnowledgeRoutesDeps {
  /** The session check (officer-api-router's `authenticate`). */
  auth: RequestHandler;
  /** Without it both routes answer 501 (a deployment without a knowledge base). */
  desk?: KnowledgeDesk;
  audit: AuditSink;
  masker?: TextMasker;
  bodyLimit: string;
}

/** Builds the knowledge routes. */
export function createKnowledgeRoutes(deps: KnowledgeRoutesDeps): Router {
  const router = express.Router();
  const json = express.json({ limit: deps.bodyLimit });
  const desk = (): KnowledgeDesk => {
    if (!deps.desk) throw new OfficerError('the knowledge base is not available in this deployment', 501);
    return deps.desk;
  };
  // What the officer typed may name a resident: the audit log keeps it masked and short.
  const logged = (text: string) => (deps.masker ? deps.masker.mask(text) : text).slice(0, 200);

  router.get('/knowledge/search', deps.auth, async (req, res) => {
    const { q, lang, limit } = parse(KnowledgeSearchQuery, req.query);
    const queryLang = lang ?? detectLanguage(q, 'en');
    const started = performance.now();
    const results = await desk().search({ text: q, lang: queryLang, limit });
    const tookMs = Math.round((performance.now() - started) * 10) / 10;
    const c = caller(res);
    await deps.audit.append({ actorId: c.officer.id, actorRole: c.officer.role, action: 'knowledge.search', target: 'knowledge', detail: { q: logged(q), lang: queryLang, results: results.length } });
    res.json({ query: q, lang: queryLang, tookMs, results });
  });

  router.post('/knowledge/ask', deps.auth, json, async (req, res) => {
    const { question, lang } = parse(KnowledgeAskBody, req.body);
    const answerLang = lang ?? detectLanguage(question, 'en');
    // The question reaches the LLM: personal data an officer pasted is masked first, as residents' is.
    const answer = await desk().ask(deps.masker ? deps.masker.mask(question) : question, answerLang);
    const c = caller(res);
    await deps.audit.append({
      actorId: c.officer.id,
      actorRole: c.officer.role,
      action: 'knowledge.ask',
      target: 'knowledge',
      detail: { q: logged(question), lang: answerLang, mode: answer?.mode ?? null },
    });
    res.json({ lang: answerLang, answer });
  });

  return router;
}
