/**
 * `madoguchi kb import <dir> [--dry-run] [--prune] [--json]`, `kb list`, `kb versions` and
 * `kb rollback [--to <version>]`. With embedded PGlite, a running server owns the data folder (it
 * writes `${DATA_DIR}/madoguchi.pid`), so the command goes through the server's loopback admin
 * route; otherwise it opens the database itself (PostgreSQL: every instance then reloads through
 * `NOTIFY kb_reload`). Exit status: 0 done, 1 failed or nothing could be imported, 2 refused by the
 * removal guard (an import that would remove too many documents; nothing was changed).
 */
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config';
import { t } from '../../locales/i18n';
import { openCommandDatabase, runningServer } from './command-database';
import { KnowledgeBase } from '../../knowledge/retrieval/knowledge-base';
import type { ImportProgress, ImportRunOptions, ImportSummary } from '../../knowledge/ingest/kb-importer';
import type { RollbackSummary } from '../../knowledge/ingest/kb-rollback';
import type { KbVersion } from '../../knowledge/ingest/kb-versions';

/** Exit status of an import the removal guard refused. */
export const EXIT_REFUSED = 2;

/** The live server that holds the data folder, once it listens (the command goes through it). */
function listeningServer(dataDir: string): { pid: number; port: number } | null {
  const server = runningServer(dataDir);
  if (server?.port === 0) throw new Error(`the Madoguchi server (pid ${server.pid}) on this data folder is still starting; try again once it listens`);
  return server;
}

/** Renders progress as a bar on a terminal, as plain lines otherwise. */
function progressPrinter(config: Config, json: boolean): { onProgress: (e: ImportProgress) => void; stop: () => void } {
  const tty = process.stdout.isTTY && !json;
  const out = json ? process.stderr : process.stdout;
  let bar: SingleBar | null = null;
  return {
    onProgress: (e) => {
      if (e.phase === 'read' && tty) {
        bar = new SingleBar({ format: ' {bar} {value}/{total} {id}', hideCursor: true }, Presets.shades_classic);
        bar.start(e.total, 0, { id: '' });
      } else if (e.phase === 'document') {
        if (bar) bar.update(e.done, { id: e.id });
        else out.write(`${t(config.DEFAULT_LANGUAGE, 'knowledge.import.progress', { done: e.done, total: e.total, id: e.id, action: e.action })}\n`);
      } else if (e.phase === 'done') {
        bar?.stop();
        bar = null;
      }
    },
    stop: () => bar?.stop(),
  };
}

async function importViaServer(port: number, dir: string, onProgress: (e: ImportProgress) => void, run: ImportRunOptions): Promise<ImportSummary> {
  const res = await fetch(`http://127.0.0.1:${port}/admin/kb/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dir, prune: !!run.prune, dryRun: !!run.dryRun }),
  });
  if (!res.ok || !res.body) throw new Error(`server answered ${res.status}: ${await res.text()}`);
  let buffer = '';
  let summary: ImportSummary | null = null;
  const decoder = new TextDecoder();
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line) continue;
      const event = JSON.parse(line) as ImportProgress | { phase: 'error'; message: string };
      if (event.phase === 'error') throw new Error(event.message);
      onProgress(event);
      if (event.phase === 'done') summary = event.summary;
    }
  }
  if (!summary) throw new Error('the server ended the import without a summary');
  return summary;
}

/** A knowledge base on the command's own database connection, closed after `fn`. */
async function withDirectKb<T>(config: Config, fn: (kb: KnowledgeBase) => Promise<T>): Promise<T> {
  const db = await openCommandDatabase(config.DATABASE_URL, config.DATA_DIR);
  try {
    return await fn(new KnowledgeBase({ db, pollIntervalMs: 0, maxRemoveShare: config.KB_MAX_REMOVE_SHARE, keepVersions: config.KB_KEEP_VERSIONS }));
  } finally {
    await db.close();
  }
}

/** Calls the running server's admin route and returns its JSON (its `error` becomes the thrown message). */
async function callServer<T>(port: number, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}${route}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) {
    let message = `server answered ${res.status}: ${text}`;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? message;
    } catch {
      // not JSON: keep the raw answer
    }
    throw new Error(message);
  }
  return JSON.parse(text) as T;
}

/** Runs an import (directly or through the running server) and returns its summary. */
export async function runKbImport(
  config: Config,
  dir: string,
  onProgress: (e: ImportProgress) => void,
  note: (line: string) => void = () => undefined,
  run: ImportRunOptions = {},
): Promise<ImportSummary> {
  const absolute = path.resolve(dir);
  const server = config.DATABASE_URL ? null : listeningServer(config.DATA_DIR);
  if (server) {
    note(t(config.DEFAULT_LANGUAGE, 'knowledge.import.viaServer', server));
    return importViaServer(server.port, absolute, onProgress, run);
  }
  return withDirectKb(config, (kb) => kb.importDir(absolute, onProgress, run));
}

/** Restores a kept version (directly or through the running server). */
export async function runKbRollback(config: Config, to?: number): Promise<RollbackSummary> {
  const server = config.DATABASE_URL ? null : listeningServer(config.DATA_DIR);
  if (server) return callServer<RollbackSummary>(server.port, '/admin/kb/rollback', to === undefined ? {} : { to });
  return withDirectKb(config, (kb) => kb.rollback(to));
}

/** Lists the kept versions (directly or through the running server). */
export async function runKbVersions(config: Config): Promise<KbVersion[]> {
  const server = config.DATABASE_URL ? null : listeningServer(config.DATA_DIR);
  if (server) return callServer<KbVersion[]>(server.port, '/admin/kb/versions');
  return withDirectKb(config, (kb) => kb.versions());
}

/** The readable summary lines (for a dry run or a refused import: what would change, id by id). */
export function summaryLines(config: Config, s: ImportSummary): string[] {
  const lang = config.DEFAULT_LANGUAGE;
  const plan = s.dryRun || s.refused !== null;
  const counts = { version: s.version, added: s.added.length, updated: s.updated.length, unchanged: s.unchanged, removed: s.removed.length, rejected: s.rejected.length };
  return [
    t(lang, plan ? 'knowledge.import.dryRun' : 'knowledge.import.summary', counts),
    ...(plan ? s.added.map((id) => t(lang, 'knowledge.import.added', { id })) : []),
    ...(plan ? s.updated.map((id) => t(lang, 'knowledge.import.updated', { id })) : []),
    ...s.removed.map((id) => t(lang, 'knowledge.import.removed', { id })),
    ...s.rejected.map((r) => t(lang, 'knowledge.import.rejected', { file: r.file, line: r.line, reason: r.reason })),
  ];
}

/** Why the guard refused, in words. */
export function refusalLine(config: Config, s: ImportSummary): string | null {
  if (!s.refused) return null;
  return t(config.DEFAULT_LANGUAGE, s.refused.reason === 'empty' ? 'knowledge.import.refusedEmpty' : 'knowledge.import.refusedShare', { ...s.refused });
}

function versionLine(config: Config, v: KbVersion): string {
  const { current, source, ...rest } = v;
  return t(config.DEFAULT_LANGUAGE, 'knowledge.versions.line', { ...rest, marker: current ? '*' : ' ', source: source ?? '-' });
}

function fail(config: Config, key: string, err: unknown): void {
  process.stderr.write(`${t(config.DEFAULT_LANGUAGE, key, { message: err instanceof Error ? err.message : String(err) })}\n`);
  process.exitCode = 1;
}

/** Registers `kb import`, `kb list`, `kb versions` and `kb rollback`. */
export function register(program: Command): void {
  const kb = program.command('kb').description('manage the knowledge base');
  kb.command('import <dir>')
    .description('import a folder of Markdown knowledge documents (added / updated / removed / rejected)')
    .option('--json', 'print the summary as one JSON object on stdout')
    .option('--dry-run', 'print what would be added, updated, removed and rejected; change nothing')
    .option('--prune', 'allow removing more than KB_MAX_REMOVE_SHARE of the documents (never all of them)')
    .action(async (dir: string, opts: { json?: boolean; dryRun?: boolean; prune?: boolean }) => {
      const config = loadConfig();
      const printer = progressPrinter(config, !!opts.json);
      try {
        const run = { dryRun: !!opts.dryRun, prune: !!opts.prune };
        const summary = await runKbImport(config, dir, printer.onProgress, (line) => process.stderr.write(`${line}\n`), run);
        printer.stop();
        if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else for (const line of summaryLines(config, summary)) process.stdout.write(`${line}\n`);
        const refusal = refusalLine(config, summary);
        if (refusal) {
          process.stderr.write(`${refusal}\n`);
          process.exitCode = EXIT_REFUSED;
          return;
        }
        const imported = summary.added.length + summary.updated.length + summary.unchanged;
        if (imported === 0) {
          process.stderr.write(`${t(config.DEFAULT_LANGUAGE, 'knowledge.import.nothing', { dir })}\n`);
          process.exitCode = 1;
        }
      } catch (err) {
        printer.stop();
        fail(config, 'knowledge.import.failed', err);
      }
    });
  kb.command('versions')
    .description('list the kept versions of the knowledge base (newest first; * = current)')
    .option('--json', 'print the versions as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = loadConfig();
      try {
        const versions = await runKbVersions(config);
        if (opts.json) process.stdout.write(`${JSON.stringify(versions, null, 2)}\n`);
        else if (versions.length === 0) process.stdout.write(`${t(config.DEFAULT_LANGUAGE, 'knowledge.versions.none')}\n`);
        else for (const v of versions) process.stdout.write(`${versionLine(config, v)}\n`);
      } catch (err) {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });
  kb.command('rollback')
    .description('restore the documents of a kept version (default: the version before the current one)')
    .option('--to <version>', 'the version to restore (see `kb versions`)')
    .option('--json', 'print the result as one JSON object')
    .action(async (opts: { to?: string; json?: boolean }) => {
      const config = loadConfig();
      try {
        const to = opts.to === undefined ? undefined : Number(opts.to);
        if (to !== undefined && (!Number.isInteger(to) || to < 1)) throw new Error(`--to must be a version number, got "${opts.to}"`);
        const result = await runKbRollback(config, to);
        if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
        else {
          const counts = { ...result, added: result.added.length, updated: result.updated.length, removed: result.removed.length };
          process.stdout.write(`${t(config.DEFAULT_LANGUAGE, 'knowledge.rollback.done', counts)}\n`);
        }
      } catch (err) {
        fail(config, 'knowledge.rollback.failed', err);
      }
    });
  kb.command('list')
    .description('print the stored documents as JSON')
    .action(async () => {
      const config = loadConfig();
      try {
        const server = config.DATABASE_URL ? null : listeningServer(config.DATA_DIR);
        let docs: unknown;
        if (server) {
          const res = await fetch(`http://127.0.0.1:${server.port}/admin/kb/documents`);
          if (!res.ok) throw new Error(`server answered ${res.status}`);
          docs = await res.json();
        } else {
          docs = await withDirectKb(config, (kb) => kb.listDocuments());
        }
        process.stdout.write(`${JSON.stringify(docs, null, 2)}\n`);
      } catch (err) {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });
}
