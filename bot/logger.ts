/**
 * Structured JSON logs (pino). Request bodies and message text are never logged: log lines carry
 * ids (request, conversation), routes and timings, not what residents wrote.
 */
import pino, { type Logger } from 'pino';

/** Creates the process logger. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'madoguchi' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-line-signature"]', 'req.headers["x-skill-secret"]', 'req.headers["x-telegram-bot-api-secret-token"]', 'text'], censor: '[redacted]' },
    },
    destination,
  );
}
