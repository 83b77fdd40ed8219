/**
 * Turns body-parser failures (bad JSON, too large, wrong charset) into a 4xx JSON answer, so a
 * malformed webhook never becomes a 500 or a stack trace in the response.
 */
import type { ErrorRequestHandler } from 'express';

interface HttpishError {
  status?: number;
  statusCode?: number;
  type?: string;
}

/** Express error middleware for a channel router; anything unexpected is 400, not 500. */
export function jsonBodyErrors(log: { warn: (obj: object, msg: string) => void }): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const e = (typeof err === 'object' && err !== null ? err : {}) as HttpishError;
    const status = e.status ?? e.statusCode ?? 400;
    const code = status === 413 ? 413 : status >= 400 && status < 500 ? status : 400;
    const message =
      code === 413 ? 'payload too large' : e.type === 'entity.parse.failed' ? 'invalid JSON body' : 'invalid request';
    log.warn({ status: code, type: e.type }, 'rejected webhook body');
    res.status(code).json({ error: message });
  };
}
