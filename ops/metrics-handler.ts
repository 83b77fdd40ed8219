/**
 * `GET /metrics`: the Prometheus text exposition of one {@link Metrics} registry.
 */
import type { RequestHandler } from 'express';
import type { Metrics } from './metrics';

/**
 * An Express handler serving the metrics. Mount it where only the scraper can reach it (the
 * exposition holds no personal data, but it tells an outsider how busy the service is).
 */
export function metricsHandler(metrics: Metrics): RequestHandler {
  return async (req, res, next) => {
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
