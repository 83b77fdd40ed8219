/**
 * Splits a document body into sections at its Markdown headings, using markdown-it's token
 * line maps so each chunk keeps the exact source text (lists, numbers, amounts) that an
 * extractive answer may quote. An over-long section is split further at paragraph boundaries.
 */
import MarkdownIt from 'markdown-it';
import type { KbSection } from './kb-document';
import { pseudoHeading } from './pseudo-headings';

const md = new MarkdownIt('commonmark');

/** Sections longer than this (characters) are split into several chunks. */
export const MAX_CHUNK_CHARS = 1500;

/**
 * Chunks a Markdown body by heading. Text before the first `##` heading (the introduction under
 * the `#` title) becomes section 0, labelled with the top heading or `title`. A body without `##`
 * headings is chunked at the headings city pages write otherwise ("■ 지원대상", "【対象者】",
 * "**How to apply**", "Q. …"; see {@link pseudoHeading}).
 */
export function chunkBySection(body: string, title: string): KbSection[] {
  const lines = body.split('\n');
  const tokens = md.parse(body, {});
  const heads: { line: number; end: number; level: number; text: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'heading_open' && t.map) {
      const inline = tokens[i + 1];
      heads.push({ line: t.map[0], end: t.map[1], level: Number(t.tag.slice(1)), text: inline?.content.trim() ?? '' });
    }
  }
  if (!heads.some((h) => h.level >= 2)) addPseudoHeadings(lines, heads, tokens);
  const raw: { section: string; text: string }[] = [];
  let start = 0;
  let label = title;
  for (const h of heads) {
    pushSection(raw, label, lines.slice(start, h.line).join('\n'));
    label = h.level === 1 ? h.text || title : h.text;
    start = h.end;
  }
  pushSection(raw, label, lines.slice(start).join('\n'));
  const out: KbSection[] = [];
  for (const r of raw) for (const piece of splitLong(r.text)) out.push({ ordinal: out.length, section: r.section, text: piece });
  return out;
}

/**
 * Adds the pseudo-headings of a body without `##` headings to `heads` (in line order); a label
 * that carries content on its line leaves that content as the section's first line.
 */
function addPseudoHeadings(lines: string[], heads: { line: number; end: number; level: number; text: string }[], tokens: ReturnType<typeof md.parse>): void {
  // Lines of code blocks and tables are never headings.
  const verbatim = new Set<number>();
  for (const t of tokens) {
    if ((t.type === 'fence' || t.type === 'code_block' || t.type === 'table_open') && t.map) for (let l = t.map[0]; l < t.map[1]; l++) verbatim.add(l);
  }
  const found: { line: number; end: number; level: number; text: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (verbatim.has(i) || heads.some((h) => i >= h.line && i < h.end)) continue;
    const h = pseudoHeading(lines, i);
    if (!h) continue;
    if (h.rest !== '') {
      lines[i] = h.rest;
      found.push({ line: i, end: i, level: 2, text: h.text });
    } else found.push({ line: i, end: i + 1, level: 2, text: h.text });
  }
  heads.push(...found);
  heads.sort((a, b) => a.line - b.line);
}

function pushSection(out: { section: string; text: string }[], section: string, text: string): void {
  const trimmed = text.trim();
  if (trimmed) out.push({ section, text: trimmed });
}

function splitLong(text: string): string[] {
  if (text.length <= MAX_CHUNK_CHARS) return [text];
  const pieces: string[] = [];
  let current = '';
  for (const para of text.split(/\n(?=\s*\n)|\n(?=[-*] |\d+\. )/)) {
    if (current && current.length + para.length > MAX_CHUNK_CHARS) {
      pieces.push(current.trim());
      current = '';
    }
    current += (current ? '\n' : '') + para;
    while (current.length > MAX_CHUNK_CHARS) {
      pieces.push(current.slice(0, MAX_CHUNK_CHARS).trim());
      current = current.slice(MAX_CHUNK_CHARS);
    }
  }
  if (current.trim()) pieces.push(current.trim());
  return pieces.filter(Boolean);
}
