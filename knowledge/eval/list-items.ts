/**
 * "No list item merged into another": the evaluation checks that every list item, numbered step
 * and table row a reply quotes from its document stands on a line of its own. A document's items
 * are read from its Markdown body; a reply line that holds two of them (that do not contain each
 * other) has merged them ("신청서 (센터 비치) 신분증 대리 신청 시 위임장과 대리인 신분증").
 * Pure: no I/O.
 */

/** Items shorter than this are too generic to recognise inside a line ("신분증" is kept: 3 chars). */
const MIN_ITEM_CHARS = 3;

const normalize = (text: string): string => text.normalize('NFKC').replace(/\s+/gu, ' ').trim();

/** Removes inline Markdown (emphasis, code, link targets), as a reply quoting the item does. */
function plain(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .trim();
}

/** The list items, numbered steps and table cells' rows of a Markdown body, in order. */
export function documentListItems(body: string): string[] {
  const items: string[] = [];
  for (const line of body.split('\n')) {
    const item = /^\s{0,3}(?:[-*+•・]|\d{1,3}[.)])\s+(.+)$/.exec(line);
    if (item) items.push(normalize(plain(item[1])));
    else if (/^\s*\|.*\|\s*$/.test(line) && !/^\s*\|?\s*:?-{2,}/.test(line)) {
      const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => normalize(plain(c))).filter(Boolean);
      if (cells.length > 0) items.push(cells.join(' · '));
    }
  }
  return items.filter((i) => [...i].length >= MIN_ITEM_CHARS);
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
