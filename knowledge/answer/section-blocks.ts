/**
 * A section's Markdown as blocks a reply can quote verbatim while keeping the document's shape:
 * numbered steps keep their own numbers, bullets stay one item per line, a table becomes one line
 * per row ("cell · cell"), paragraphs stay paragraphs. Inline markup (emphasis, code, link
 * targets) is dropped so the text reads the same on plain-text channels (LINE, Kakao, Telegram,
 * the web widget) and on Markdown ones (Teams), where `- ` and `1. ` lines still render as lists.
 * Documents' own list marks (ㅇ, ●, ・, ①, (1), 가.) count as lists too (see {@link listLine}).
 */
import { listLine } from './list-markers';

/** One quotable block of a section. */
export interface SectionBlock {
  /** `sentence`: one sentence of a paragraph too long to quote whole (joined to its neighbours). */
  kind: 'step' | 'item' | 'para' | 'sentence';
  /** The list marker as the document wrote it for steps ("3."), `-` for items, '' for paragraphs. */
  marker: string;
  /** The block's plain text (continuation lines joined). */
  text: string;
}

/** Removes inline Markdown (emphasis, code, link targets) from a line. */
export function plainInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/(^|\s)[*_]([^*_\s][^*_]*?)[*_](?=\s|$|[.,;:!?)])/g, '$1$2')
    .trim();
}

const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/** Splits a section's Markdown into blocks (see file comment). */
export function sectionBlocks(markdown: string): SectionBlock[] {
  const out: SectionBlock[] = [];
  let open: SectionBlock | null = null;
  for (const raw of markdown.split('\n')) {
    if (raw.trim() === '') {
      open = null;
      continue;
    }
    if (/^\s{0,3}#{1,6}\s/.test(raw)) {
      // A heading inside a chunk (the document title): the reply names the section itself.
      open = null;
      continue;
    }
    if (TABLE_RULE.test(raw)) continue;
    if (TABLE_ROW.test(raw)) {
      const cells = raw.trim().replace(/^\||\|$/g, '').split('|').map((c) => plainInline(c)).filter(Boolean);
      open = null;
      if (cells.length > 0) out.push({ kind: 'item', marker: '-', text: cells.join(' · ') });
      continue;
    }
    const list = listLine(raw);
    if (list) {
      open = { kind: list.kind, marker: list.marker, text: plainInline(list.text) };
      out.push(open);
    } else if (open) {
      // A paragraph keeps its line breaks (a line per fact, as in many city documents); a
      // list item's continuation line joins the item.
      open.text = open.kind === 'para' ? `${open.text}\n${plainInline(raw)}` : joinLines(open.text, plainInline(raw));
    } else {
      open = { kind: 'para', marker: '', text: plainInline(raw) };
      out.push(open);
    }
  }
  return out.filter((b) => b.text !== '');
}

/** Joins two lines of one block: a space between Latin or Korean words, none after CJK punctuation. */
function joinLines(a: string, b: string): string {
  if (/[\u3000-\u30ff\u4e00-\u9fff]$/u.test(a) && /^[\u3000-\u30ff\u4e00-\u9fff]/u.test(b)) return a + b;
  return `${a} ${b}`;
}

/** One block as a line of the reply. */
export function blockLine(block: SectionBlock): string {
  return block.marker ? `${block.marker} ${block.text}` : block.text;
}

/**
 * Lines of a reply from blocks, with a blank line where a paragraph meets a list (Markdown
 * channels need it to start a list; plain-text channels simply show an empty line).
 */
export function blocksToText(blocks: readonly SectionBlock[]): string {
  let out = '';
  blocks.forEach((b, i) => {
    const prev = blocks[i - 1];
    if (b.kind === 'sentence' && prev?.kind === 'sentence') out += /[。！？」）]$/u.test(prev.text) ? '' : ' ';
    else if (i > 0) out += b.kind === 'para' || b.kind === 'sentence' || prev.kind === 'para' || prev.kind === 'sentence' ? '\n\n' : '\n';
    out += blockLine(b);
  });
  return out;
}
