/**
 * The metrics' own listener (METRICS_PORT on METRICS_HOST, loopback by default): only `/metrics`,
 * kept off the listener residents and platforms reach, so a scraper on the same host (or, with
 * METRICS_HOST, on a private network) reads it without a token.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from 'pino';
import type { Metrics } from './metrics';
import { metricsHandler } from './metrics-handler';

/** A running metrics listener. */
export interface MetricsListener {
  /** e.g. `http://127.0.0.1:9464` */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts the listener. A port already in use is logged at error level and gives `null`: the
 * residents' service keeps running without its metrics rather than not starting at all.
 */
export async function startMetricsListener(metrics: Metrics, options: { port: number; host: string; log: Logger }): Promise<MetricsListener | null> {
  const app = express();
  app.disable('x-powered-by');
  app.use('/metrics', metricsHandler(metrics));
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  const server = http.createServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host, () => resolve());
    });
  } catch (err) {
    options.log.error({ err, host: options.host, port: options.port }, 'metrics listener could not start; /metrics is unavailable (set METRICS_PORT, or 0 for none)');
    return null;
  }
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
