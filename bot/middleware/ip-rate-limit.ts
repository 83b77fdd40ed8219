/**
 * Per-IP rate limit at the HTTP level, in front of the resident-facing channel endpoints, over the
 * same database counters as the per-resident limit. `req.ip` is the client address only when
 * Express's `trust proxy` is set to match the deployment's reverse proxy; otherwise it is the
 * proxy's address and every resident would share one counter (set it in createApp).
 * Over the limit: 429 with `Retry-After` and a JSON error. A database failure lets the request
 * through (logged).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { RateLimits } from '../../safety/limits/sliding-window';

/** Where the middleware reports (a pino logger fits). */
export interface IpRateLimitLog {
  warn(obj: object, msg: string): void;
}

/** Settings of the per-IP limit. */
export interface IpRateLimitOptions {
  limiter: RateLimits;
  /** Requests per window (RATE_LIMIT_PER_IP_PER_MINUTE). */
  limit: number;
  /** Window length (default one minute). */
  windowMs?: number;
  /** Counter key prefix (default `http-ip`). */
  keyPrefix?: string;
  log?: IpRateLimitLog;
}

/** Builds the Express middleware. */
export function ipRateLimit(options: IpRateLimitOptions): RequestHandler {
  const windowMs = options.windowMs ?? 60_000;
  const prefix = options.keyPrefix ?? 'http-ip';
  return (req: Request, res: Response, next: NextFunction) => {
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    options.limiter.hit(`${prefix}:${ip}`, options.limit, windowMs).then(
      (decision) => {
        res.setHeader('RateLimit-Limit', String(options.limit));
        res.setHeader('RateLimit-Remaining', String(Math.max(0, options.limit - decision.count)));
        if (decision.allowed) return next();
        const retryAfterSeconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
        res.setHeader('Retry-After', String(retryAfterSeconds));
        res.status(429).json({ error: 'rate_limited', message: 'Too many requests from this address; try again later.', retryAfterSeconds });
      },
      (err: unknown) => {
        options.log?.warn({ err }, 'IP rate limiter unavailable; request let through');
        next();
      },
    );
  };
}
