/**
 * Insight benchmark: the real server (container + HTTP host, no LLM) on the embedded database and
 * on PostgreSQL (when one answers at TEST_POSTGRES_URL or 127.0.0.1:5432), one million stored
 * turns seeded with SQL (not through the bot) over the last 90 days — demand events across five
 * channels and three languages, 👍 / 👎 on a tenth of the answers, the masked questions of the
 * unanswered ones in the transcript, 40,000 hand-offs with an officer's reply — rolled up once
 * (timed), then a logged-in supervisor's `GET /api/officer/insight` for 30, 90 and 365 days, a
 * filtered view and a CSV export, measured at the client (refresh, audit write, topics and JSON
 * included). Run: `npx tsx bench/insight-bench.ts [turns] [pglite|postgres]`; `npm run bench`
 * runs it with one million turns.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../bot/config';
import { buildContainer } from '../bot/container';
import { startServer } from '../bot/server';
import { addOfficer } from '../bot/commands/officer-command';
import { DemandRollup } from '../insight/demand-rollup';
import type { Database } from '../storage/database';
import { createThrowawayPostgres, postgresAvailable } from '../test/helpers/test-databases';

const QUESTIONS = ['반려견 등록은 어떻게 하나요?', '市民農園を借りたいです', 'Can I get a community garden plot?', '드론 비행 허가 신청', '粗大ごみの予約が取れない', 'Where do I renew a fishing licence?', '주차 허가증 발급', '墓地の使用許可の申請方法は'];

/** Seeds `turns` demand events (and what goes with them) over the last 90 days with SQL. */
async function seed(db: Database, turns: number): Promise<void> {
  const day = 86_400;
  await db.query(
    `INSERT INTO demand_events (created_at, channel_id, conversation_id, resident_key, lang, route, answer_status, doc_id, doc_ids, section, confidence_band, escalated, activity_id)
     SELECT now() - ((h / 15) % 90 * ${day} + (h / 1350) % ${day} + (2 - i % 3) * 40) * interval '1 second',
            (ARRAY['webchat','line','kakao','telegram','msteams'])[1 + h % 5],
            'c' || (i / 3), substr(md5('r' || (h % 150000)), 1, 20),
            (ARRAY['ko','ja','en'])[1 + (h / 5) % 3],
            CASE WHEN k < 88 THEN 'answer' WHEN k < 91 THEN 'out_of_scope' WHEN k < 95 THEN 'handoff' WHEN k < 96 THEN 'crisis' ELSE 'greeting' END,
            CASE WHEN k < 80 THEN 'answered' WHEN k < 88 THEN 'not_sure' ELSE '' END,
            CASE WHEN k < 80 THEN d.ids[1 + (i * 17) % cardinality(d.ids)] ELSE '' END,
            CASE WHEN k < 80 THEN ARRAY[d.ids[1 + (i * 17) % cardinality(d.ids)]] ELSE '{}' END,
            '',
            CASE WHEN k >= 88 THEN '' WHEN k >= 80 OR i % 10 = 0 THEN 'low' WHEN i % 10 < 4 THEN 'medium' ELSE 'high' END,
            k >= 91 AND k < 96, 'a' || i
       -- Three turns per conversation, on one day, channel and language; conversations spread evenly.
       FROM generate_series(1, $1::int) AS i, LATERAL (SELECT (i * 31) % 100 AS k, abs(hashtext('c' || (i / 3))::bigint) AS h) kk,
            (SELECT array_agg(id ORDER BY id) AS ids FROM documents) d`,
    [turns],
  );
  // The masked questions of the unanswered turns, where topics read them.
  await db.query(
    `INSERT INTO transcript (channel_id, conversation_id, user_id, direction, author, text, activity_id, created_at)
     SELECT channel_id, conversation_id, 'u' || resident_key, 'in', 'resident', ($1::text[])[1 + (id % cardinality($1::text[]))::int], activity_id, created_at
       FROM demand_events WHERE answer_status = 'not_sure' OR (answer_status = 'answered' AND confidence_band = 'low') OR route = 'out_of_scope'`,
    [QUESTIONS],
  );
  await db.query(
    `INSERT INTO demand_feedback (created_at, channel_id, conversation_id, resident_key, lang, helpful, route, doc_ids, section, confidence_band, event_id, reason)
     SELECT created_at + interval '20 seconds', channel_id, conversation_id, resident_key, lang, id % 4 <> 0, route, doc_ids, section, confidence_band, id,
            CASE WHEN id % 8 = 0 THEN 'the deadline is missing' ELSE '' END
       FROM demand_events WHERE answer_status = 'answered' AND id % 10 = 0`,
  );
  await db.query(
    `INSERT INTO handoffs (id, channel_id, conversation_id, user_id, lang, reason, priority, status, created_at, assigned_at, resolved_at, updated_at)
     SELECT 'h' || id, channel_id, conversation_id, 'u' || resident_key, lang, CASE WHEN route = 'crisis' THEN 'crisis' ELSE 'explicit_request' END,
            CASE WHEN route = 'crisis' THEN 'urgent' ELSE 'normal' END, 'resolved', created_at,
            created_at + (30 + id % 600) * interval '1 second', created_at + (1800 + id % 7200) * interval '1 second', created_at + (1800 + id % 7200) * interval '1 second'
       FROM demand_events WHERE route IN ('handoff', 'crisis') ORDER BY id LIMIT 40000`,
  );
  await db.query(
    `INSERT INTO handoff_messages (handoff_id, author, text, internal, delivery, created_at)
     SELECT id, 'officer', 'reply', false, 'sent', assigned_at + (30 + length(id) * 7) * interval '1 second' FROM handoffs`,
  );
  // As autovacuum would after a day of such traffic: the planner's statistics.
  await db.exec('ANALYZE');
}

const round = (n: number) => Math.round(n * 10) / 10;
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** One driver's figures. */
async function runOne(driver: 'pglite' | 'postgres', turns: number, log: (line: string) => void): Promise<Record<string, unknown>> {
  const pg = driver === 'postgres' ? await createThrowawayPostgres() : undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-insight-bench-'));
  const silent = pino({ level: 'silent' });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DATABASE_URL: pg?.url ?? '', LLM_ENABLED: 'false', OLLAMA_BASE_URL: 'http://127.0.0.1:1' }, null);
  const container = await buildContainer(config, silent, { inMemoryDatabase: driver === 'pglite' });
  const server = await startServer(container.app, { port: 0, host: '127.0.0.1', log: silent, shutdownTimeoutMs: 5000, onShutdown: [container.shutdown] });
  try {
    let t0 = performance.now();
    await seed(container.db, turns);
    const seedS = (performance.now() - t0) / 1000;
    log(`[insight] ${driver}: ${turns} turns seeded in ${round(seedS)} s`);
    t0 = performance.now();
    await new DemandRollup(container.db).rollup();
    const rollupS = (performance.now() - t0) / 1000;
    await container.db.exec('ANALYZE');
    log(`[insight] ${driver}: full roll-up in ${round(rollupS)} s`);

    await addOfficer(container.db, { email: 'bench@city.example', name: 'Bench', role: 'supervisor' }, async () => 'insight benchmark password', 4);
    const login = (await (await fetch(`${server.url}/api/officer/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@city.example', password: 'insight benchmark password' }) })).json()) as { token: string };
    const today = new Date().toISOString().slice(0, 10);
    const since = (days: number) => new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
    const views: Record<string, string> = {
      days_30: `/insight?from=${since(30)}&to=${today}`,
      days_90: `/insight?from=${since(90)}&to=${today}`,
      days_365: `/insight?from=${since(365)}&to=${today}`,
      days_90_ko_line: `/insight?from=${since(90)}&to=${today}&lang=ko&channel=line`,
      csv_daily_90: `/insight/export?table=daily&from=${since(90)}&to=${today}`,
    };
    const out: Record<string, unknown> = { turns, seed_s: round(seedS), full_rollup_s: round(rollupS) };
    for (const [name, p] of Object.entries(views)) {
      const ms: number[] = [];
      let figures = '';
      for (let r = 0; r < 6; r++) {
        const started = performance.now();
        const res = await fetch(`${server.url}/api/officer${p}`, { headers: { authorization: `Bearer ${login.token}` } });
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${p}: ${res.status} ${body.slice(0, 200)}`);
        // The first request warms caches and prepared statements; it is reported apart.
        ms.push(performance.now() - started);
        if (name.startsWith('days_') && r === 0) {
          const report = JSON.parse(body) as { totals: { conversations: number }; topics: { topics: unknown[] } };
          figures = `${report.totals.conversations} conversations, ${report.topics.topics.length} topics`;
        }
      }
      out[name] = { first_ms: round(ms[0]), p50_ms: round(median(ms.slice(1))), max_ms: round(Math.max(...ms.slice(1))), ...(figures ? { figures } : {}) };
      log(`[insight] ${driver} ${name}: ${JSON.stringify(out[name])}`);
    }
    return out;
  } finally {
    await server.stop();
    await pg?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs the benchmark on both drivers (PostgreSQL when it answers). */
export async function runInsightBench(options: { turns?: number; drivers?: ('pglite' | 'postgres')[]; log?: (line: string) => void } = {}): Promise<Record<string, unknown>> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const turns = options.turns ?? 1_000_000;
  const out: Record<string, unknown> = {};
  for (const driver of options.drivers ?? ['pglite', 'postgres']) {
    if (driver === 'postgres' && !(await postgresAvailable())) {
      out.postgres = { skipped: 'no PostgreSQL at TEST_POSTGRES_URL or 127.0.0.1:5432' };
      continue;
    }
    out[driver] = await runOne(driver, turns, log);
  }
  return out;
}

if (require.main === module) {
  const turns = Number(process.argv[2] ?? 1_000_000);
  const drivers = process.argv[3] ? [process.argv[3] as 'pglite' | 'postgres'] : undefined;
  runInsightBench({ turns, drivers }).then(
    (out) => {
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
