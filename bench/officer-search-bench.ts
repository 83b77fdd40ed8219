/**
 * Officer search benchmark: the real server (container + HTTP host, embedded PGlite in memory, the
 * bundled sample knowledge base, no LLM), one logged-in officer, and `GET /api/officer/knowledge/search`
 * over loopback for questions in Korean, Japanese and English (many of them cross-lingual), one at a
 * time as a console sends them. Prints one JSON object: latency p50/p95/p99 and max in ms, measured
 * at the client (authentication, retrieval, the audit write and JSON included), and the server's own
 * retrieval time (`tookMs`). Run: `npx tsx bench/officer-search-bench.ts [rounds]`.
 */
import pino from 'pino';
import { loadConfig } from '../bot/config';
import { buildContainer } from '../bot/container';
import { startServer } from '../bot/server';
import { addOfficer } from '../bot/commands/officer-command';
import { percentile } from '../knowledge/eval/eval-metrics';

const QUERIES = [
  '기초연금 신청 서류',
  '방과후 돌봄 신청',
  '독감 예방접종',
  '한부모 수당',
  '대형 폐기물 버리는 법',
  '児童手当の申請',
  '粗大ごみの出し方',
  '基礎年金',
  '住民票の写し',
  '介護保険のサービス',
  'basic pension documents',
  'after-school club application',
  'housing benefit rent',
  'library card',
  'flu vaccination for seniors',
  'heating assistance',
];

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 30);
  const log = pino({ level: 'silent' });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: '', LLM_ENABLED: 'false', OLLAMA_BASE_URL: 'http://127.0.0.1:1' }, null);
  const container = await buildContainer(config, log, { inMemoryDatabase: true });
  const server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, onShutdown: [container.shutdown] });
  try {
    const password = 'officer search benchmark';
    await addOfficer(container.db, { email: 'bench@city.example', name: 'Bench', role: 'officer' }, async () => password, 4);
    const login = (await (await fetch(`${server.url}/api/officer/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@city.example', password }) })).json()) as { token: string };
    const headers = { authorization: `Bearer ${login.token}` };
    const search = async (q: string) => {
      const started = performance.now();
      const res = await fetch(`${server.url}/api/officer/knowledge/search?q=${encodeURIComponent(q)}`, { headers });
      const body = (await res.json()) as { tookMs: number; results: unknown[] };
      if (res.status !== 200 || body.results.length === 0) throw new Error(`search "${q}" answered ${res.status} with ${body.results.length} results`);
      return { ms: performance.now() - started, tookMs: body.tookMs };
    };
    for (const q of QUERIES) await search(q); // warm-up: JIT, prepared statements
    const client: number[] = [];
    const retrieval: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const q of QUERIES) {
        const { ms, tookMs } = await search(q);
        client.push(ms);
        retrieval.push(tookMs);
      }
    }
    const round = (n: number) => Math.round(n * 10) / 10;
    console.log(
      JSON.stringify({
        searches: client.length,
        documents: container.knowledge.kbStatus().documents,
        clientMs: { p50: round(percentile(client, 50)), p95: round(percentile(client, 95)), p99: round(percentile(client, 99)), max: round(Math.max(...client)) },
        retrievalMs: { p50: round(percentile(retrieval, 50)), p95: round(percentile(retrieval, 95)), max: round(Math.max(...retrieval)) },
      }),
    );
  } finally {
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
