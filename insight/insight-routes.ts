/**
 * The insight API behind the console's insight pages, mounted by the host at
 * `/api/officer/insight` behind the officer session and the supervisor role (the guards come from
 * the officer module through the composition root; this module never imports it):
 *
 * - `GET /?from&to&channel&lang&domain` — the report as JSON (default: the last 30 days), with
 *   masked example questions for the knowledge-gap topics;
 * - `GET /export?table=…&format=csv` and the same filters — one table as CSV.
 *
 * Every view and every export is written to the audit log before it is answered. The roll-up of
 * the days since the last complete one (normally today) runs first, at most every 30 s per instance.
 */
import express, { type ErrorRequestHandler, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { DemandReport } from './demand-report';
import { lastDays, ReportQuerySchema, type ReportQuery } from './report-query';
import { reportTables, TABLE_NAMES, tableCsv } from './report-tables';

/** An audit entry as the insight routes write it. */
export interface InsightAuditEntry {
  actorId: string;
  actorRole: string;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

/** What the routes need. */
export interface InsightRouteDeps {
  /** Authentication and the supervisor role check, in order. */
  guards: RequestHandler[];
  /** Who the authenticated caller is (for the audit log). */
  actor(res: Response): { actorId: string; actorRole: string };
  audit: { append(entry: InsightAuditEntry): Promise<void> };
  /** Builds a report (examples: masked example questions). */
  build(query: ReportQuery, options: { examples: boolean }): Promise<DemandReport>;
  /** Brings the roll-ups of the last days up to date (cheap). */
  refresh(): Promise<unknown>;
  now?: () => number;
  /** Days shown when no period is asked for (default 30). */
  defaultDays?: number;
}

const ExportQuery = z.object({ table: z.enum(TABLE_NAMES), format: z.literal('csv').default('csv') });

/** Builds the router. */
export function createInsightRouter(deps: InsightRouteDeps): Router {
  const router = express.Router();
  if (deps.guards.length > 0) router.use(...deps.guards);
  router.use((_req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    next();
  });

  const parseQuery = (raw: Record<string, unknown>): ReportQuery => {
    const today = new Date((deps.now ?? Date.now)()).toISOString().slice(0, 10);
    const fallback = lastDays(today, deps.defaultDays ?? 30);
    const pick = (k: string): unknown => (typeof raw[k] === 'string' && raw[k] !== '' ? raw[k] : undefined);
    const parsed = ReportQuerySchema.safeParse({ from: pick('from') ?? fallback.from, to: pick('to') ?? fallback.to, channel: pick('channel'), lang: pick('lang'), domain: pick('domain') });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BadQuery(`${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  };

  router.get('/', async (req, res) => {
    const query = parseQuery(req.query);
    await deps.audit.append({ ...deps.actor(res), action: 'insight.view', target: 'demand', detail: { ...query } });
    await deps.refresh();
    res.json(await deps.build(query, { examples: true }));
  });

  router.get('/export', async (req, res) => {
    const query = parseQuery(req.query);
    const parsed = ExportQuery.safeParse({ table: req.query.table, format: req.query.format ?? 'csv' });
    if (!parsed.success) throw new BadQuery(`table: one of ${TABLE_NAMES.join(', ')}; format: csv`);
    const { table } = parsed.data;
    await deps.audit.append({ ...deps.actor(res), action: 'insight.export', target: 'demand', detail: { ...query, table, format: 'csv' } });
    await deps.refresh();
    const report = await deps.build(query, { examples: false });
    res.setHeader('content-disposition', `attachment; filename="insight-${table}-${query.from}-${query.to}.csv"`);
    res.type('text/csv').send(tableCsv(table, reportTables(report)[table]));
  });

  router.use(((err: unknown, _req, res, next) => {
    if (err instanceof BadQuery) {
      res.status(400).json({ error: err.message });
      return;
    }
    next(err);
  }) as ErrorRequestHandler);
  return router;
}

/** A query the routes cannot answer (400). */
class BadQuery extends Error {}
