/**
 * The Express application, without `listen`: mounts every channel endpoint and extra router,
 * adds liveness/readiness probes, request ids and structured request logs, and turns every
 * error into a JSON answer (never a stack trace).
 */
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { BotLogic, ChannelEndpoint } from '../adapters/shared/channel-endpoint';
import { requestLog } from '../ops/request-log';

/** What `/readyz` reports. */
export interface Readiness {
  /** `ok`: all up; `degraded`: answering without the LLM; `down`: the database is unreachable. */
  status: 'ok' | 'degraded' | 'down';
  database: 'up' | 'down';
  [detail: string]: unknown;
}

/** An extra router mounted by the host (officer API, console, admin, demo page, metrics). */
export interface MountedRoute {
  path: string;
  handler: RequestHandler;
}

/** Everything the app needs. */
export interface AppDeps {
  log: Logger;
  bot: BotLogic;
  channels: ChannelEndpoint[];
  routes: MountedRoute[];
  readiness: () => Promise<Readiness>;
  /**
   * Per-IP rate limit for endpoints residents' browsers call directly (the web chat). Platform
   * webhooks (LINE, Kakao, Telegram, Bot Framework) arrive from the platforms' few shared servers,
   * so a per-IP limit there would throttle every resident at once; they are limited per resident.
   */
  residentLimiter?: { paths: string[]; handler: RequestHandler };
  /** Set while shutting down: new requests get 503. */
  isShuttingDown?: () => boolean;
  /**
   * Express's `trust proxy` (TRUST_PROXY): which hops may name the client in X-Forwarded-For.
   * Default off: the socket's address is the client, so no request can choose its own address
   * for the per-address limits.
   */
  trustProxy?: false | number | string[];
}

/** Builds the Express app. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(requestLog(deps.log, { quietPaths: ['/healthz', '/readyz'] }));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'"], 'connect-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'frame-ancestors': ["'self'"] },
      },
      crossOriginResourcePolicy: false,
    }),
  );
  app.use((req, res, next) => {
    if (deps.isShuttingDown?.()) {
      res.setHeader('connection', 'close');
      res.status(503).json({ error: 'shutting down' });
      return;
    }
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = await deps.readiness();
    res.status(readiness.status === 'down' ? 503 : 200).json(readiness);
  });

  for (const channel of deps.channels) {
    if (channel.enabled) {
      if (deps.residentLimiter?.paths.includes(channel.mountPath)) app.use(channel.mountPath, deps.residentLimiter.handler);
      app.use(channel.mountPath, channel.router(deps.bot));
    } else {
      const reason = channel.disabledReason ?? `channel ${channel.channelId} is not configured`;
      app.use(channel.mountPath, (_req, res) => {
        res.status(404).json({ error: reason });
      });
    }
  }
  for (const route of deps.routes) app.use(route.path, route.handler);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  app.use(errorHandler(deps.log));
  return app;
}

/** Maps body-parser and unexpected errors to JSON; 5xx only for real server faults. */
function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = err as { status?: number; statusCode?: number; type?: string; expose?: boolean; message?: string };
    const status = e.status ?? e.statusCode ?? 500;
    if (res.headersSent) return;
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: 'payload too large' });
    } else if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'malformed JSON body' });
    } else if (status >= 400 && status < 500) {
      res.status(status).json({ error: e.expose && e.message ? e.message : 'bad request' });
    } else {
      log.error({ err, reqId: (req as { id?: unknown }).id }, 'request failed');
      res.status(500).json({ error: 'internal error' });
    }
  };
}
