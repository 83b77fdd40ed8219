/**
 * `npm run bench` — alerts fan-out: one approved announcement to 100,000 subscribed residents
 * (LINE 80,000, Telegram 1,200, Teams 2,000, KakaoTalk 8,400, web chat 8,400) through the real
 * outbox worker, senders and embedded database, against test doubles of the platforms that enforce
 * each one's documented rate limit (bench/platform-limits-server.ts, in its own process). The
 * limits allow it in 40 s (Telegram's 30 messages/s and Teams' 50 requests/s each need 40 s; LINE's
 * 80,000 go 500 to a multicast request, 161 requests at 200/s); the figure is how long it took from
 * the approval until every delivery was made, and its ratio to what the limits allow.
 * Also checked: nothing lost, nothing sent twice, how many 429s the platforms had to answer.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openDatabase } from '../storage/open-database';
import type { Database } from '../storage/database';
import { AlertOutbox } from '../alerts/outbox';
import { AlertWorker } from '../alerts/alert-worker';
import { AnnouncementRepository } from '../alerts/announcement-repository';
import { QuietHours, parseQuietHours } from '../alerts/quiet-hours';
import { LineDeliverer } from '../alerts/channels/line-deliverer';
import { TelegramDeliverer } from '../alerts/channels/telegram-deliverer';
import { KakaoDeliverer } from '../alerts/channels/kakao-deliverer';
import { WebchatDeliverer } from '../alerts/channels/webchat-deliverer';
import { BotFrameworkDeliverer } from '../alerts/channels/botframework-deliverer';
import { BotFrameworkEndpoint } from '../adapters/botframework/botframework-endpoint';
import { InProcessWebchatBus } from '../adapters/webchat/webchat-bus';
import { PLATFORM_LIMITS, type PlatformStats } from './platform-limits-server';

const TOKEN = 'bench-token';
/** Recipients per route for the full run (100,000 in all). */
export const FANOUT_MIX = { line: 80_000, telegram: 1_200, botframework: 2_000, kakao: 8_400, webchat: 8_400 } as const;

/** The figures. */
export interface AlertsFanoutResult {
  recipients: number;
  by_route: Record<string, number>;
  /** Seconds the platforms' limits allow at best (the slowest route at its limit). */
  limit_bound_s: number;
  /** From the approval until every delivery was made. */
  elapsed_s: number;
  /** elapsed / limit_bound (target ≤ 1.10). */
  ratio: number;
  planning_s: number;
  /** From the approval until each platform accepted its first request. */
  first_send_s: Record<string, number>;
  /** The machine's one-minute load average at the start and at the end (the sender shares the machine). */
  load_average: [number, number];
  /** CPU time of the sending process (worker, senders, embedded database) per delivery. */
  sender_cpu_ms_per_delivery: number;
  statuses: Record<string, number>;
  /** Why deliveries failed or were skipped (none in a clean run). */
  reasons?: Record<string, number>;
  platforms: Record<string, PlatformStats & { rate_per_s: number }>;
  lost: number;
  duplicates: number;
}

async function startLimitsServer(): Promise<{ url: string; stop: () => void }> {
  const child = fork(path.join(__dirname, 'platform-limits-server.ts'), [TOKEN], { execArgv: ['--require', require.resolve('tsx/cjs')], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('platform limits server did not start')), 60_000);
    child.once('message', (m: { type: string; url: string }) => {
      clearTimeout(timer);
      resolve(m.url);
    });
    child.once('exit', (code) => reject(new Error(`platform limits server exited (${code})`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function seed(db: Database, mix: Record<keyof typeof FANOUT_MIX, number>, serviceUrl: string): Promise<void> {
  const platformRef = (channel: string, id: string) => `jsonb_build_object('channelId', '${channel}', 'serviceUrl', 'https://${channel}.madoguchi.local', 'conversation', jsonb_build_object('id', ${id}))`;
  const rows: [string, string, number, string, string][] = [
    ['line', 'line', mix.line, `'U' || md5('line' || i)`, platformRef('line', `'U' || md5('line' || i)`)],
    ['telegram', 'telegram', mix.telegram, `(100000000 + i)::text`, platformRef('telegram', `(100000000 + i)::text`)],
    ['kakao', 'kakao', mix.kakao, `md5('kakao' || i) || md5('k' || i)`, platformRef('kakao', `md5('kakao' || i) || md5('k' || i)`)],
    ['webchat', 'webchat', mix.webchat, `'wc-' || md5('webchat' || i)`, platformRef('webchat', `'wc-' || md5('webchat' || i)`)],
    [
      'msteams',
      'botframework',
      mix.botframework,
      `'29:' || md5('teams' || i)`,
      `jsonb_build_object('channelId', 'msteams', 'serviceUrl', '${serviceUrl}', 'conversation', jsonb_build_object('id', 'a:' || md5('conv' || i)), 'user', jsonb_build_object('id', '29:' || md5('teams' || i)), 'bot', jsonb_build_object('id', '28:bot'))`,
    ],
  ];
  for (const [channel, route, n, id, reference] of rows) {
    if (n === 0) continue;
    await db.query(
      `INSERT INTO alert_recipients (channel_id, user_id, conversation_id, reference, lang, route, region)
       SELECT '${channel}', ${id}, ${reference} -> 'conversation' ->> 'id', ${reference}, (ARRAY['ko', 'ja', 'en'])[1 + i % 3], '${route}', 'KR'
         FROM generate_series(1, $1::int) AS i`,
      [n],
    );
  }
  await db.query(
    `INSERT INTO alert_subscriptions (id, channel_id, user_id, topic, status, wording_version, consent_lang)
     SELECT gen_random_uuid()::text, channel_id, user_id, 'domain:safety', 'active', 'bench', lang FROM alert_recipients`,
  );
}

/** Runs the fan-out (`scale` < 1 shrinks every route for a quick run). */
export async function runAlertsFanoutBench(
  options: { log?: (line: string) => void; scale?: number; databaseUrl?: string; mix?: Partial<Record<keyof typeof FANOUT_MIX, number>> } = {},
): Promise<AlertsFanoutResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const scale = options.scale ?? 1;
  const base = { ...(options.mix ? { line: 0, telegram: 0, botframework: 0, kakao: 0, webchat: 0, ...options.mix } : FANOUT_MIX) };
  const mix = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, Math.round(v * scale)])) as Record<keyof typeof FANOUT_MIX, number>;
  const total = Object.values(mix).reduce((a, b) => a + b, 0);
  const limits = await startLimitsServer();
  // On disk, as the embedded database runs in production (DATA_DIR).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-alerts-bench-'));
  const db = await openDatabase({ databaseUrl: options.databaseUrl ?? '', dataDir });
  const quiet = pino({ level: 'silent' });
  try {
    log(`[alerts] seeding ${total} subscribed residents…`);
    await seed(db, mix, limits.url);
    const botframework = new BotFrameworkEndpoint({ appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '' }, '256kb', async () => undefined, quiet, {
      allowAnonymous: true,
      trustedServiceHosts: [],
    });
    const worker = new AlertWorker({
      db,
      outbox: new AlertOutbox(db, 'Hanbit'),
      deliverers: [
        new LineDeliverer({ apiBaseUrl: limits.url, channelAccessToken: TOKEN, multicastMax: 500 }),
        new TelegramDeliverer({ apiBaseUrl: limits.url, botToken: TOKEN }),
        new KakaoDeliverer(),
        new WebchatDeliverer(new InProcessWebchatBus()),
        new BotFrameworkDeliverer(botframework, () => undefined),
      ],
      rates: { ...PLATFORM_LIMITS },
      quietHours: new QuietHours(parseQuietHours('off', 'UTC')),
      owner: 'bench',
      pollMs: 100,
      log: quiet,
    });
    await worker.start();
    const repo = new AnnouncementRepository(db);
    const a = await repo.create({ title: 'Heat wave', texts: { ko: '폭염 쉼터를 운영합니다.', ja: '暑さ避難所を開設しました。', en: 'Heat shelters are open.' }, topics: ['domain:safety'], langs: [] }, { officerId: 'author' });
    log(`[alerts] approved; sending…`);
    const load0 = os.loadavg()[0];
    const t0 = Date.now();
    const cpu0 = process.cpuUsage();
    await repo.approve(a.id, 'approver', true);
    let planned = 0;
    for (;;) {
      const status = (await db.query<{ status: string; planned_at: Date | null }>('SELECT status, planned_at FROM alert_announcements WHERE id = $1', [a.id])).rows[0];
      if (!planned && status?.planned_at) planned = Date.now();
      if (status?.status === 'done') break;
      if (Date.now() - t0 > 600_000) throw new Error('fan-out did not finish within 10 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
    const elapsed = (Date.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    await worker.stop();
    const statuses = Object.fromEntries(
      (await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM alert_deliveries WHERE announcement_id = $1 GROUP BY status', [a.id])).rows.map((r) => [r.status, r.n]),
    );
    const reasons = Object.fromEntries(
      (await db.query<{ reason: string; n: number }>("SELECT left(coalesce(reason, ''), 120) AS reason, count(*)::int AS n FROM alert_deliveries WHERE announcement_id = $1 AND status IN ('failed', 'skipped') GROUP BY 1", [a.id])).rows.map((r) => [r.reason, r.n]),
    );
    const platforms = (await (await fetch(`${limits.url}/stats`)).json()) as Record<string, PlatformStats>;
    const stored = Number((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM kakao_pending_messages")).rows[0]?.n) + Number((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM transcript WHERE author = 'system'")).rows[0]?.n);
    const reached = Object.values(platforms).reduce((s, p) => s + p.accepted - p.duplicates, 0) + stored;
    // LINE residents of one language go 500 to a multicast request (three languages: three partial ones at most).
    const lineRequests = Math.ceil(mix.line / 3 / 500) * 3;
    const limitBound = Math.max(lineRequests / PLATFORM_LIMITS.line_multicast, mix.telegram / PLATFORM_LIMITS.telegram, mix.botframework / PLATFORM_LIMITS.botframework);
    const result: AlertsFanoutResult = {
      recipients: total,
      by_route: mix,
      limit_bound_s: Math.round(limitBound * 10) / 10,
      elapsed_s: Math.round(elapsed * 10) / 10,
      ratio: Math.round((elapsed / limitBound) * 1000) / 1000,
      planning_s: Math.round(((planned || t0) - t0) / 100) / 10,
      first_send_s: Object.fromEntries(Object.entries(platforms).filter(([, v]) => v.firstAt > 0).map(([k, v]) => [k, Math.round((v.firstAt - t0) / 100) / 10])),
      load_average: [Math.round(load0 * 100) / 100, Math.round(os.loadavg()[0] * 100) / 100],
      sender_cpu_ms_per_delivery: Math.round(((cpu.user + cpu.system) / 1000 / total) * 1000) / 1000,
      statuses,
      ...(Object.keys(reasons).length ? { reasons } : {}),
      platforms: Object.fromEntries(Object.entries(platforms).map(([k, v]) => [k, { ...v, rate_per_s: v.lastAt > v.firstAt ? Math.round(((v.accepted - 1) / (v.lastAt - v.firstAt)) * 10000) / 10 : 0 }])),
      lost: total - reached,
      duplicates: Object.values(platforms).reduce((s, p) => s + p.duplicates, 0),
    };
    log(`[alerts] ${total} recipients in ${result.elapsed_s} s (limits allow ${result.limit_bound_s} s, ratio ${result.ratio}); lost ${result.lost}, duplicates ${result.duplicates}`);
    return result;
  } finally {
    await db.close();
    limits.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const scale = Number(process.argv.find((a) => a.startsWith('--scale='))?.slice(8) ?? '1');
  const databaseUrl = process.argv.find((a) => a.startsWith('--database='))?.slice(11);
  const only = process.argv.find((a) => a.startsWith('--mix='))?.slice(6);
  const mix = only ? (Object.fromEntries(only.split(',').map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])])) as Partial<Record<keyof typeof FANOUT_MIX, number>>) : undefined;
  runAlertsFanoutBench({ scale, databaseUrl, mix }).then(
    (r) => {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(1);
    },
  );
}
