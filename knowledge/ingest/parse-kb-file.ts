/**
 * Parses one knowledge file (YAML front matter + Markdown) into a validated document. Every
 * problem becomes a {@link KbDocumentError} naming the file and the line to fix.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { frontMatterSchema, KbDocumentError, type KbDocument } from './kb-document';
import { chunkBySection } from './section-chunker';

/**
 * Parses and validates a knowledge file's content.
 * @param file file path, used for messages and to check that `id` equals the file name
 * @param content the file content
 */
export function parseKbFile(file: string, content: string): KbDocument {
  const text = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  if (lines[0]?.trim() !== '---') throw new KbDocumentError(file, 1, 'missing YAML front matter: the file must start with a line "---"');
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (close < 0) throw new KbDocumentError(file, 1, 'front matter is not closed by a line "---"');
  const yamlText = lines.slice(1, close).join('\n');
  const yamlDoc = parseDocument(yamlText, { prettyErrors: false });
  if (yamlDoc.errors.length > 0) {
    const err = yamlDoc.errors[0];
    const offset = Math.min(err.pos[0], yamlText.length);
    const line = yamlText.slice(0, offset).split('\n').length + 1;
    throw new KbDocumentError(file, line, `invalid YAML: ${err.message.split('\n')[0]}`, { cause: err });
  }
  const raw: unknown = yamlDoc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new KbDocumentError(file, 2, 'front matter must be a YAML mapping of keys');
  const parsed = frontMatterSchema.safeParse(raw);
  if (!parsed.success) throw issueError(file, lines, close, parsed.error);
  const fm = parsed.data;
  const expectedId = path.basename(file).replace(/\.md$/i, '');
  if (fm.id !== expectedId) throw new KbDocumentError(file, keyLine(lines, close, 'id'), `id "${fm.id}" must equal the file name "${expectedId}"`);
  const body = lines.slice(close + 1).join('\n').trim();
  if (!body) throw new KbDocumentError(file, close + 2, 'the document has no body after the front matter');
  const sections = chunkBySection(body, fm.title);
  return {
    id: fm.id,
    title: fm.title,
    lang: fm.lang,
    domain: fm.domain,
    region: fm.region,
    updated: fm.updated,
    sourceUrl: fm.source_url,
    tags: fm.tags,
    meta: JSON.parse(JSON.stringify({ ...(raw as Record<string, unknown>), updated: fm.updated })) as Record<string, unknown>,
    contentHash: createHash('sha256').update(text).digest('hex'),
    body,
    sections,
    file,
  };
}

/** 1-based line of a top-level front-matter key, or the opening line when the key is absent. */
function keyLine(lines: string[], close: number, key: string): number {
  const re = new RegExp(`^${key}\\s*:`);
  for (let i = 1; i < close; i++) if (re.test(lines[i])) return i + 1;
  return 1;
}

function issueError(file: string, lines: string[], close: number, error: z.ZodError): KbDocumentError {
  const issue = error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const line = key ? keyLine(lines, close, key) : 1;
  const what = issue?.code === 'invalid_type' && issue.input === undefined ? 'is required' : (issue?.message ?? 'is invalid');
  return new KbDocumentError(file, line, `${key || 'front matter'}: ${what}`, { cause: error });
}
