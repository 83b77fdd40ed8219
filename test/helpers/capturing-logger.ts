/** A pino logger for tests whose JSON lines are kept, parsed, in `lines`. */
import pino, { type Logger } from 'pino';

export function capturingLogger(level = 'info'): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}
