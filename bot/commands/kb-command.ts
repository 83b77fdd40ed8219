/**
 * `madoguchi kb import <dir> [--json]` and `madoguchi kb list`. With embedded PGlite, a running
 * server owns the data folder (it writes `${DATA_DIR}/madoguchi.pid`), so the command goes through
 * the server's loopback admin route; otherwise it opens the database itself (PostgreSQL: every
 * instance then reloads through `NOTIFY kb_reload`). Exit status is non-zero only when nothing
 * could be imported.
 */
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config';
import { t } from '../../locales/i18n';
import { openCommandDatabase, runningServer } from './command-database';
import { KnowledgeBase } from '../../knowledge/retrieval/knowledge-base';
import type { ImportProgress, ImportSummary } from '../../knowledge/ingest/kb-importer';

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

async function importViaServer(port: number, dir: string, onProgress: (e: ImportProgress) => void): Promise<ImportSummary> {
  const res = await fetch(`http://127.0.0.1:${port}/admin/kb/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dir }),
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

/** Runs an import (directly or through the running server) and returns its summary. */
export async function runKbImport(config: Config, dir: string, onProgress: (e: ImportProgress) => void, note: (line: string) => void = () => undefined): Promise<ImportSummary> {
  const absolute = path.resolve(dir);
  const server = config.DATABASE_URL ? null : listeningServer(config.DATA_DIR);
  if (server) {
    note(t(config.DEFAULT_LANGUAGE, 'knowledge.import.viaServer', server));
    return importViaServer(server.port, absolute, onProgress);
  }
  const db = await openCommandDatabase(config.DATABASE_URL, config.DATA_DIR);
  try {
    return await new KnowledgeBase({ db, pollIntervalMs: 0 }).importDir(absolute, onProgress);
  } finally {
    await db.close();
  }
}

/** The readable summary lines. */
export function summaryLines(config: Config, s: ImportSummary): string[] {
  const lang = config.DEFAULT_LANGUAGE;
  return [
    t(lang, 'knowledge.import.summary', { version: s.version, added: s.added.length, updated: s.updated.length, unchanged: s.unchanged, removed: s.removed.length, rejected: s.rejected.length }),
    ...s.removed.map((id) => t(lang, 'knowledge.import.removed', { id })),
    ...s.rejected.map((r) => t(lang, 'knowledge.import.rejected', { file: r.file, line: r.line, reason: r.reason })),
  ];
}

/** Registers `kb import` and `kb list`. */
export function register(program: Command): void {
  const kb = program.command('kb').description('manage the knowledge base');
  kb.command('import <dir>')
    .description('import a folder of Markdown knowledge documents (added / updated / removed / rejected)')
    .option('--json', 'print the summary as one JSON object on stdout')
    .action(async (dir: string, opts: { json?: boolean }) => {
      const config = loadConfig();
      const printer = progressPrinter(config, !!opts.json);
      try {
        const summary = await runKbImport(config, dir, printer.onProgress, (line) => process.stderr.write(`${line}\n`));
        printer.stop();
        if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
        else for (const line of summaryLines(config, summary)) process.stdout.write(`${line}\n`);
        const imported = summary.added.length + summary.updated.length + summary.unchanged;
        if (imported === 0) {
          process.stderr.write(`${t(config.DEFAULT_LANGUAGE, 'knowledge.import.nothing', { dir })}\n`);
          process.exitCode = 1;
        }
      } catch (err) {
        printer.stop();
        process.stderr.write(`${t(config.DEFAULT_LANGUAGE, 'knowledge.import.failed', { message: err instanceof Error ? err.message : String(err) })}\n`);
        process.exitCode = 1;
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
          const db = await openCommandDatabase(config.DATABASE_URL, config.DATA_DIR);
          try {
            docs = await new KnowledgeBase({ db, pollIntervalMs: 0 }).listDocuments();
          } finally {
            await db.close();
          }
        }
        process.stdout.write(`${JSON.stringify(docs, null, 2)}\n`);
      } catch (err) {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });
}
