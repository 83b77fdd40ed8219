/**
 * "No list item merged into another": the evaluation checks that every list item, numbered step
 * and table row a reply quotes from its document stands on a line of its own. A document's items
 * are read from its Markdown body; a reply line that holds two of them (that do not contain each
 * other) has merged them ("신청서 (센터 비치) 신분증 대리 신청 시 위임장과 대리인 신분증").
 * Pure: no I/O.
 */
import { sectionBlocks } from '../answer/section-blocks';
import { chunkBySection } from '../ingest/section-chunker';

/** Items shorter than this are too generic to recognise inside a line ("신분증" is kept: 3 chars). */
const MIN_ITEM_CHARS = 3;

const normalize = (text: string): string => text.normalize('NFKC').replace(/\s+/gu, ' ').trim();

/**
 * The list items, numbered steps and table rows of a document body, in order: the blocks its
 * sections are quoted from (the same chunking and block reading as the answers, so the documents'
 * own marks and headings — "■ 지원대상", "ㅇ …", "① …" — are read the same way).
 */
export function documentListItems(body: string): string[] {
  return chunkBySection(body, '')
    .flatMap((chunk) => sectionBlocks(chunk.text))
    .filter((b) => b.kind === 'step' || b.kind === 'item')
    .map((b) => normalize(b.text))
    .filter((i) => [...i].length >= MIN_ITEM_CHARS);
}

/**
 * How many reply lines hold two or more of the items (each counted once per line): 0 when every
 * quoted item stands on its own line. An item inside another item (a short "신분증" inside
 * "보호자 신분증") is not a second item.
 */
export function mergedListLines(replies: readonly string[], items: readonly string[]): number {
  if (items.length === 0) return 0;
  let merged = 0;
  for (const reply of replies) {
    for (const raw of reply.split('\n')) {
      const line = normalize(raw);
      if (line.length === 0) continue;
      const spans: [number, number][] = [];
      for (const item of items) {
        const at = line.indexOf(item);
        if (at >= 0) spans.push([at, at + item.length]);
      }
      // Distinct items: spans that do not overlap (the longest first, so a contained item drops out).
      spans.sort((a, b) => b[1] - b[0] - (a[1] - a[0]));
      const kept: [number, number][] = [];
      for (const s of spans) if (!kept.some((k) => s[0] < k[1] && k[0] < s[1])) kept.push(s);
      if (kept.length >= 2) merged++;
    }
  }
  return merged;
}
