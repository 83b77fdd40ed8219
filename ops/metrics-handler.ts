/**
 * `GET /metrics`: the Prometheus text exposition of one {@link Metrics} registry, optionally
 * behind a bearer token (METRICS_TOKEN) where it shares the residents' listener.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Metrics } from './metrics';

/** Options of {@link metricsHandler}. */
export interface MetricsHandlerOptions {
  /** When set, scrapers must send `Authorization: Bearer <token>` (401 otherwise). */
  token?: string;
}

/** Compares digests, so neither the token's content nor its length shows in the timing. */
function sameToken(sent: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

/**
 * An Express handler serving the metrics. Mount it where only the scraper can reach it (the
 * exposition holds no personal data, but it tells an outsider how busy the service is): on the
 * separate loopback listener (`metrics-listener.ts`) or with a token.
 */
export function metricsHandler(metrics: Metrics, options: MetricsHandlerOptions = {}): RequestHandler {
  return async (req, res, next) => {
    if (options.token) {
      const sent = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (!sent || !sameToken(sent, options.token)) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        res.status(401).json({ error: 'metrics need Authorization: Bearer <METRICS_TOKEN>' });
        return;
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      res.status(405).json({ error: 'method not allowed' });
      return;
    }
    try {
      const body = await metrics.exposition();
      res.setHeader('content-type', metrics.contentType);
      res.setHeader('cache-control', 'no-store');
      res.send(body);
    } catch (err) {
      next(err);
    }
  };
}
