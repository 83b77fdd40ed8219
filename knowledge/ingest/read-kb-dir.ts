/**
 * Reads every `*.md` file of a knowledge folder (recursively, in a stable order). A malformed
 * file is collected as a rejection with its line and never stops the others.
 */
import fs from 'node:fs';
import path from 'node:path';
import { KbDocumentError, type KbDocument, type KbRejection } from './kb-document';
import { parseKbFile } from './parse-kb-file';

/** What a folder holds: the valid documents and the rejected files. */
export interface KbDirContent {
  documents: KbDocument[];
  rejected: KbRejection[];
}

/** Thrown when the folder itself cannot be read. */
export class KbDirError extends Error {
  constructor(
    readonly dir: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot read knowledge folder ${dir}`, options);
    this.name = 'KbDirError';
  }
}

function listMarkdown(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listMarkdown(full));
    else if (entry.isFile() && /\.md$/i.test(entry.name) && !/^readme\.md$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/**
 * Reads and validates a knowledge folder. Duplicate ids are rejected (the first file wins).
 * @param dir the folder (README.md files are ignored)
 */
export function readKbDir(dir: string): KbDirContent {
  let files: string[];
  try {
    files = listMarkdown(dir);
  } catch (err) {
    throw new KbDirError(dir, { cause: err });
  }
  const documents: KbDocument[] = [];
  const rejected: KbRejection[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const rel = path.relative(dir, file);
    try {
      const doc = parseKbFile(rel, fs.readFileSync(file, 'utf8'));
      const first = seen.get(doc.id);
      if (first) {
        rejected.push({ file: rel, line: 2, reason: `duplicate id "${doc.id}" (already in ${first})` });
        continue;
      }
      seen.set(doc.id, rel);
      documents.push(doc);
    } catch (err) {
      if (err instanceof KbDocumentError) rejected.push(err.toRejection());
      else rejected.push({ file: rel, line: 1, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return { documents, rejected };
}
