/**
 * Webhook fuzz run: the real server (embedded PGlite in memory, or PostgreSQL with `--database-url`)
 * with every channel configured against local fakes, and `--n` generated payloads sent to each
 * webhook (Bot Framework, LINE signed, Telegram and Kakao with their secrets, the web chat with a
 * valid token); see test/helpers/webhook-fuzz.ts for the mutations. Prints one JSON object: the
 * answers by status per webhook, 5xx count, log lines at error level (a turn that failed behind
 * its acknowledgement logs one), the webhook inbox once settled (every acknowledged LINE and
 * Telegram event must end `done`), `/healthz` afterwards, unhandled rejections and the longest
 * the event loop was held. Exits 1 on any 5xx, unanswered request, error-level log line,
 * unfinished or failed event, unhealthy server or unhandled rejection.
 * Run: `npx tsx bench/webhook-fuzz.ts --n 3000 [--seed 1] [--concurrency 8] [--postgres | --database-url postgres://…]`
 * (`--postgres`: a throwaway database on the test server, see test/helpers/test-databases.ts).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createThrowawayPostgres, type ThrowawayPostgres } from '../test/helpers/test-databases';
import { bootFuzzServer, errorLines, fuzzWebhook, serverErrors, settledInbox, unfinishedEvents, WEBHOOKS, type FuzzResult } from '../test/helpers/webhook-fuzz';

/** The `message` of a logged error and where it was thrown (the first frame of its stack). */
function errorMessage(err: unknown): string {
  const { message, stack } = (err ?? {}) as { message?: unknown; stack?: unknown };
  const frame = typeof stack === 'string' ? (stack.split('\n').find((l) => l.trim().startsWith('at ')) ?? '').trim() : '';
  return `${typeof message === 'string' ? message : ''}${frame ? ` (${frame})` : ''}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '3000' },
      seed: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '8' },
      'database-url': { type: 'string', default: '' },
      postgres: { type: 'boolean', default: false },
    },
  });
  const n = Number(values.n);
  const seed = Number(values.seed);
  const concurrency = Number(values.concurrency);
  const unhandled: string[] = [];
  const onRejection = (reason: unknown) => unhandled.push(`unhandledRejection: ${String(reason)}`);
  const onException = (err: Error) => unhandled.push(`uncaughtException: ${err.stack ?? String(err)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);

  const pg: ThrowawayPostgres | undefined = values.postgres ? await createThrowawayPostgres() : undefined;
  const databaseUrl = pg?.url ?? values['database-url'];
  const fuzz = await bootFuzzServer(databaseUrl ? { databaseUrl } : {});
  const started = Date.now();
  const webhooks: Record<string, FuzzResult & { serverErrors: number; errorLogs: number; ms: number; eventLoopMaxMs: number }> = {};
  try {
    for (const [k, webhook] of WEBHOOKS.entries()) {
      const logsBefore = fuzz.logLines.length;
      const t0 = Date.now();
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const result = await fuzzWebhook(fuzz.url, webhook, n, { seed: seed + k * 1_000_003, concurrency, serviceUrl: fuzz.sink.url });
      loop.disable();
      const errorLogs = errorLines(fuzz.logLines.slice(logsBefore)).length;
      webhooks[webhook] = { ...result, serverErrors: serverErrors(result), errorLogs, ms: Date.now() - t0, eventLoopMaxMs: Math.round(loop.max / 1e6) };
    }
    // Background turns of the last webhooks settle before the inbox and health checks.
    const inbox = await settledInbox(fuzz);
    const health = await fetch(`${fuzz.url}/healthz`).then((r) => r.status, () => 0);
    // Distinct error-level log lines (message and error), to find what a payload broke behind a 200.
    const errors = errorLines(fuzz.logLines);
    const errorMessages = [...new Set(errors.map((l) => `${String(l.msg)}: ${errorMessage(l.err)}`.slice(0, 300)))];
    const report = {
      seed,
      perWebhook: n,
      database: databaseUrl ? 'postgresql' : 'pglite',
      elapsedMs: Date.now() - started,
      healthz: health,
      unhandled,
      errorMessages,
      inbox,
      webhooks,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const bad = Object.values(webhooks).some((w) => w.serverErrors > 0) || errors.length > 0 || unfinishedEvents(inbox) > 0 || health !== 200 || unhandled.length > 0;
    process.exitCode = bad ? 1 : 0;
  } finally {
    await fuzz.stop();
    await pg?.drop();
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
