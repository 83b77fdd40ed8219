/**
 * `POST /admin/kb/import`, `POST /admin/kb/rollback`, `GET /admin/kb/versions` and
 * `GET /admin/kb/documents` for the `madoguchi kb` CLI when the server holds the embedded
 * database (PGlite allows one process). Loopback only, and never through a
 * reverse proxy (a proxied request also arrives from 127.0.0.1, so any forwarding header is
 * refused). The import streams its progress as NDJSON, one event per line, ending with
 * `{"phase":"done","summary":…}` or `{"phase":"error","message":…}`.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { KnowledgeBase } from '../../knowledge/retrieval/knowledge-base';
import type { ImportProgress } from '../../knowledge/ingest/kb-importer';
import { KbRollbackError } from '../../knowledge/ingest/kb-rollback';

const importBody = z.object({ dir: z.string().min(1), prune: z.boolean().optional(), dryRun: z.boolean().optional() });
const rollbackBody = z.object({ to: z.number().int().positive().optional() });

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** True for a direct (unproxied) request from this machine. */
export function isLocalRequest(req: Request): boolean {
  const forwarded = req.headers['x-forwarded-for'] ?? req.headers.forwarded ?? req.headers['x-real-ip'];
  return !forwarded && LOOPBACK.has(req.socket.remoteAddress ?? '');
}

function refuseRemote(req: Request, res: Response): boolean {
  if (isLocalRequest(req)) return false;
  res.status(403).json({ error: 'loopback only' });
  return true;
}

/** Creates the router; mount it at the application root. */
export function createKbAdminRouter(kb: KnowledgeBase): Router {
  const router = express.Router();

  router.post('/admin/kb/import', express.json({ limit: '16kb' }), async (req: Request, res: Response) => {
    if (refuseRemote(req, res)) return;
    const body = importBody.safeParse(req.body ?? {});
    const dir = body.success ? path.resolve(body.data.dir) : '';
    if (!body.success || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      res.status(400).json({ error: 'dir must be an existing folder on the server machine' });
      return;
    }
    res.status(200).type('application/x-ndjson');
    const send = (event: ImportProgress | { phase: 'error'; message: string }): void => {
      res.write(`${JSON.stringify(event)}\n`);
    };
    try {
      await kb.importDir(dir, send, { prune: body.data.prune, dryRun: body.data.dryRun });
    } catch (err) {
      send({ phase: 'error', message: err instanceof Error ? err.message : String(err) });
    }
    res.end();
  });

  router.post('/admin/kb/rollback', express.json({ limit: '1kb' }), async (req: Request, res: Response) => {
    if (refuseRemote(req, res)) return;
    const body = rollbackBody.safeParse(req.body ?? {});
    if (!body.success) {
      res.status(400).json({ error: 'to must be a positive integer version' });
      return;
    }
    try {
      res.json(await kb.rollback(body.data.to));
    } catch (err) {
      if (!(err instanceof KbRollbackError)) throw err;
      res.status(409).json({ error: err.message });
    }
  });

  router.get('/admin/kb/versions', async (req: Request, res: Response) => {
    if (refuseRemote(req, res)) return;
    res.json(await kb.versions());
  });

  router.get('/admin/kb/documents', async (req: Request, res: Response) => {
    if (refuseRemote(req, res)) return;
    res.json(await kb.listDocuments());
  });

  return router;
}
