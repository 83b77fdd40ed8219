/**
 * Webhook fuzz run: the real server (embedded PGlite in memory, or PostgreSQL with `--database-url`)
 * with every channel configured against local fakes, and `--n` generated payloads sent to each
 * webhook (Bot Framework, LINE signed, Telegram and Kakao with their secrets, the web chat with a
 * valid token); see test/helpers/webhook-fuzz.ts for the mutations. Prints one JSON object: the
 * answers by status per webhook, 5xx count, log lines at error level, `/healthz` afterwards and
 * unhandled rejections. Exits 1 on any 5xx, unanswered request, unhealthy server or unhandled
 * rejection.
 * Run: `npx tsx bench/webhook-fuzz.ts --n 3000 [--seed 1] [--concurrency 8] [--database-url postgres://…]`.
 */
import { parseArgs } from 'node:util';
import { bootFuzzServer, fuzzWebhook, serverErrors, WEBHOOKS, type FuzzResult } from '../test/helpers/webhook-fuzz';

/** The `message` of a logged error, if it has one. */
function errorMessage(err: unknown): string {
  const message = (err as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : '';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '3000' },
      seed: { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '8' },
      'database-url': { type: 'string', default: '' },
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

  const fuzz = await bootFuzzServer(values['database-url'] ? { databaseUrl: values['database-url'] } : {});
  const started = Date.now();
  const webhooks: Record<string, FuzzResult & { serverErrors: number; errorLogs: number; ms: number }> = {};
  try {
    for (const [k, webhook] of WEBHOOKS.entries()) {
      const logsBefore = fuzz.logLines.length;
      const t0 = Date.now();
      const result = await fuzzWebhook(fuzz.url, webhook, n, { seed: seed + k * 1_000_003, concurrency, serviceUrl: fuzz.sink.url });
      const errorLogs = fuzz.logLines.slice(logsBefore).filter((l) => Number(l.level) >= 50).length;
      webhooks[webhook] = { ...result, serverErrors: serverErrors(result), errorLogs, ms: Date.now() - t0 };
    }
    // Background turns of the last webhooks settle before the health check.
    await new Promise((r) => setTimeout(r, 2000));
    const health = await fetch(`${fuzz.url}/healthz`).then((r) => r.status, () => 0);
    // Distinct error-level log lines (message and error), to find what a payload broke behind a 200.
    const errorMessages = [
      ...new Set(fuzz.logLines.filter((l) => Number(l.level) >= 50).map((l) => `${String(l.msg)}: ${errorMessage(l.err)}`.slice(0, 300))),
    ];
    const report = {
      seed,
      perWebhook: n,
      database: values['database-url'] ? 'postgresql' : 'pglite',
      elapsedMs: Date.now() - started,
      healthz: health,
      unhandled,
      errorMessages,
      webhooks,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const bad = Object.values(webhooks).some((w) => w.serverErrors > 0) || health !== 200 || unhandled.length > 0;
    process.exitCode = bad ? 1 : 0;
  } finally {
    await fuzz.stop();
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
