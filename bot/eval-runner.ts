/**
 * Runs labelled citizen messages through the same pipeline production uses — the real middleware
 * (masking, limits, transcript), the bot, the main dialog, triage, retrieval and, when Ollama is
 * reachable, generation — on a throwaway in-memory database, one new conversation per case, and
 * records what the bot did with each.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestAdapter, type Activity } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from './config';
import { buildContainer } from './container';
import type { TurnOutcome } from '../dialogs/ports';
import type { Database } from '../storage/database';

/** One labelled case (the format of shared/eval-sample/cases.jsonl). */
export interface EvalCaseInput {
  id: string;
  lang: string;
  text: string;
  pii?: string[];
}

/** What the bot did with one case. */
export interface EvalObservation {
  id: string;
  /** answer | not_sure | handoff | crisis | out_of_scope | eligibility | greeting | help | … */
  route: string;
  citedDocIds: string[];
  latencyMs: number;
  /** PII substrings of the case found in text sent to the LLM or stored in the database. */
  leakedPii: number;
  replies: string[];
}

/** Options of {@link runEvalCases}. */
export interface EvalRunOptions {
  config: Config;
  kbDir: string;
  log: Logger;
  onProgress?: (done: number, total: number) => void;
}

/** Runs every case; returns one observation per case, in order. */
export async function runEvalCases(cases: EvalCaseInput[], options: EvalRunOptions): Promise<{ observations: EvalObservation[]; llmMode: string }> {
  const llmInputs: string[] = [];
  const config: Config = { ...options.config, DATABASE_URL: '', KB_DIR: options.kbDir, RATE_LIMIT_PER_RESIDENT_PER_MINUTE: 1_000_000 };
  const container = await buildContainer(config, options.log, {
    inMemoryDatabase: true,
    knowledge: { recordLlmInput: (text) => llmInputs.push(text) },
  });
  const observations: EvalObservation[] = [];
  try {
    for (const [index, c] of cases.entries()) {
      const outcomes: TurnOutcome[] = [];
      const remove = container.outcomes.add({ record: (o) => outcomes.push(o) });
      // The TestAdapter merges this template into every activity: one new resident per case.
      const template: Partial<Activity> = {
        channelId: 'eval',
        serviceUrl: 'https://eval.madoguchi.local',
        conversation: { id: `eval-${c.id}`, isGroup: false, conversationType: 'personal', name: '' },
        from: { id: `resident-${c.id}`, name: '' },
        recipient: { id: 'madoguchi', name: 'madoguchi' },
      };
      const adapter = new TestAdapter(container.bot, template);
      adapter.use(...container.middleware);
      const before = llmInputs.length;
      const started = performance.now();
      await adapter.send(c.text).startTest();
      const latencyMs = performance.now() - started;
      remove();
      const replies = adapter.activeQueue.filter((a) => a.type === 'message').map((a) => a.text ?? '');
      const outcome = outcomes[outcomes.length - 1];
      const route = outcome?.route === 'answer' && outcome.answer?.status === 'not_sure' ? 'not_sure' : (outcome?.route ?? 'none');
      const cited = route === 'answer' ? (outcome?.answer?.citations ?? []).map((ci) => ci.docId) : [];
      const leaked = await countLeaks(c.pii ?? [], llmInputs.slice(before), container.db);
      observations.push({ id: c.id, route, citedDocIds: cited, latencyMs, leakedPii: leaked, replies });
      options.onProgress?.(index + 1, cases.length);
    }
    return { observations, llmMode: container.knowledge.status().mode };
  } finally {
    await container.shutdown();
  }
}

/** Counts the case's PII strings that reached the LLM or any stored text column. */
async function countLeaks(pii: string[], llmInputs: string[], db: Database): Promise<number> {
  if (pii.length === 0) return 0;
  const stored = await storedText(db);
  return pii.filter((p) => llmInputs.some((t) => t.includes(p)) || stored.includes(p)).length;
}

/** Every text/json column of every table, concatenated (a poor man's database dump). */
async function storedText(db: Database): Promise<string> {
  const { rows: columns } = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = 'public' AND data_type IN ('text', 'jsonb', 'json', 'character varying')`,
  );
  const parts: string[] = [];
  for (const { table_name, column_name } of columns) {
    if (table_name === 'documents' || table_name === 'chunks') continue; // the KB itself, not resident data
    const { rows } = await db.query<{ v: string | null }>(`SELECT "${column_name}"::text AS v FROM "${table_name}"`);
    for (const r of rows) if (r.v) parts.push(r.v);
  }
  return parts.join('\n');
}

/** Several KB folders are merged into one temporary folder (the evaluation's throwaway KB). */
export function mergeKbDirs(dirs: string[]): { dir: string; cleanup: () => void } {
  if (dirs.length === 1) return { dir: path.resolve(dirs[0]), cleanup: () => undefined };
  const merged = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-eval-kb-'));
  for (const dir of dirs) {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.md'))) fs.copyFileSync(path.join(dir, file), path.join(merged, file));
  }
  return { dir: merged, cleanup: () => fs.rmSync(merged, { recursive: true, force: true }) };
}
