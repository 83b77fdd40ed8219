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
import { buildContainer, type Container } from './container';
import type { TurnOutcome } from '../dialogs/ports';
import type { Database } from '../storage/database';
import { storedText } from '../storage/stored-text';
import { KbDirError, readKbDir } from '../knowledge/ingest/read-kb-dir';
import { documentListItems, mergedListLines } from '../knowledge/eval/list-items';
import type { KbRejection } from '../knowledge/ingest/kb-document';
import { t } from '../locales/i18n';
import { LANGS } from '../locales/lang';

/**
 * The knowledge base yielded no documents (an empty or unreadable folder, or every file rejected):
 * every figure would be a meaningless zero, so the evaluation stops instead.
 */
export class EvalKbError extends Error {
  constructor(
    message: string,
    readonly rejected: KbRejection[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EvalKbError';
  }
}

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
  /** Every message the bot sent, in order (the first is the privacy notice when {@link notice}). */
  replies: string[];
  /** The replies begin with the privacy notice every new conversation gets (not part of the answer). */
  notice: boolean;
  /** Reply lines that hold two or more list items of a cited document (0: every item on its own line). */
  mergedListLines: number;
}

/** Options of {@link runEvalCases}. */
export interface EvalRunOptions {
  config: Config;
  kbDir: string;
  /** How to name the knowledge base in an error (default: kbDir; the merged folder is temporary). */
  kbLabel?: string;
  log: Logger;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Runs every case; returns one observation per case, in order.
 * @throws EvalKbError when the knowledge base yields no documents
 */
export async function runEvalCases(cases: EvalCaseInput[], options: EvalRunOptions): Promise<{ observations: EvalObservation[]; llmMode: string; documents: number }> {
  const llmInputs: string[] = [];
  const config: Config = { ...options.config, DATABASE_URL: '', KB_DIR: options.kbDir, RATE_LIMIT_PER_RESIDENT_PER_MINUTE: 1_000_000 };
  // The runner imports the KB itself (what the container's start-up import does) to see the summary.
  const container = await buildContainer(config, options.log, {
    inMemoryDatabase: true,
    skipKbImport: true,
    knowledge: { recordLlmInput: (text) => llmInputs.push(text) },
  });
  const observations: EvalObservation[] = [];
  const notices = privacyNotices(config);
  try {
    const documents = await importKb(container.knowledge, options.kbDir, options.kbLabel ?? options.kbDir);
    const listItems = new Map(readKbDir(options.kbDir).documents.map((d) => [d.id, documentListItems(d.body)]));
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
      const notice = notices.has(replies[0] ?? '');
      const items = [...new Set(cited)].flatMap((id) => listItems.get(id) ?? []);
      const merged = route === 'answer' ? mergedListLines(notice ? replies.slice(1) : replies, items) : 0;
      const confidence = outcome?.answer?.confidence;
      observations.push({ id: c.id, route, citedDocIds: cited, latencyMs, leakedPii: leaked, replies, notice, mergedListLines: merged, ...(confidence !== undefined ? { confidence } : {}) });
      options.onProgress?.(index + 1, cases.length);
    }
    return { observations, llmMode: container.knowledge.status().mode, documents };
  } finally {
    await container.shutdown();
  }
}

/** The privacy notice a new conversation gets first, in every language (as the main dialog words it). */
function privacyNotices(config: Config): Set<string> {
  return new Set(LANGS.map((lang) => t(lang, 'core.privacyNotice', { city: config.CITY_NAME || t(lang, 'core.cityFallback'), days: config.RETENTION_DAYS })));
}

/** Imports the KB folder into the throwaway store; returns the number of documents, never 0. */
async function importKb(knowledge: Container['knowledge'], dir: string, label: string): Promise<number> {
  let summary;
  try {
    summary = await knowledge.kb.importDir(dir);
  } catch (err) {
    if (err instanceof KbDirError) throw new EvalKbError(`cannot read knowledge folder ${label}`, [], { cause: err });
    throw err;
  }
  const documents = summary.added.length + summary.updated.length + summary.unchanged;
  if (documents > 0) {
    // The reload listener refreshes program titles in the background: have them before the first case.
    knowledge.titles.update((await knowledge.kb.listDocuments()).map((d) => d.title));
    return documents;
  }
  const { rejected } = summary;
  if (rejected.length === 0) throw new EvalKbError(`no knowledge documents in ${label} (no .md documents found); nothing to evaluate`);
  const first = rejected[0];
  throw new EvalKbError(
    `no knowledge documents in ${label}: all ${rejected.length} file(s) rejected (first: ${first.file}:${first.line}: ${first.reason}); nothing to evaluate`,
    rejected,
  );
}

/** Counts the case's PII strings that reached the LLM or any stored text column. */
async function countLeaks(pii: string[], llmInputs: string[], db: Database): Promise<number> {
  if (pii.length === 0) return 0;
  const stored = await storedText(db);
  return pii.filter((p) => llmInputs.some((t) => t.includes(p)) || stored.includes(p)).length;
}

/** Several KB folders are merged into one temporary folder (the evaluation's throwaway KB). */
/** @throws EvalKbError when a folder cannot be read */
export function mergeKbDirs(dirs: string[]): { dir: string; cleanup: () => void } {
  const listing = dirs.map((dir) => {
    try {
      return fs.readdirSync(dir).filter((f) => f.endsWith('.md'));
    } catch (err) {
      throw new EvalKbError(`cannot read knowledge folder ${dir}`, [], { cause: err });
    }
  });
  if (dirs.length === 1) return { dir: path.resolve(dirs[0]), cleanup: () => undefined };
  const merged = fs.mkdtempSync(path.join(os.tmpdir(), 'madoguchi-eval-kb-'));
  dirs.forEach((dir, i) => {
    for (const file of listing[i]) fs.copyFileSync(path.join(dir, file), path.join(merged, file));
  });
  return { dir: merged, cleanup: () => fs.rmSync(merged, { recursive: true, force: true }) };
}
