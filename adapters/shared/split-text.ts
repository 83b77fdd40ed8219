/**
 * Splits text into chunks no longer than a platform's limit, preferring paragraph, line,
 * sentence and word boundaries, and never cutting a surrogate pair (emoji, rare CJK).
 */

/** Length as platforms count it: UTF-16 code units (LINE, Telegram and Kakao all do). */
function cut(text: string, max: number): number {
  const window = text.slice(0, max);
  for (const sep of ['\n\n', '\n', '. ', '。', '! ', '? ', ' ']) {
    const at = window.lastIndexOf(sep);
    if (at >= max * 0.5) return at + sep.length;
  }
  // No good boundary: cut hard, but not between the halves of a surrogate pair.
  const code = text.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/**
 * @param text the text to split
 * @param maxChars the largest chunk allowed
 * @returns chunks in order; trailing whitespace of each chunk trimmed; none empty
 */
export function splitText(text: string, maxChars: number): string[] {
  if (maxChars < 2) throw new RangeError('maxChars must be at least 2');
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > maxChars) {
    const at = cut(rest, maxChars);
    const chunk = rest.slice(0, at).trimEnd();
    if (chunk) chunks.push(chunk);
    rest = rest.slice(at).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

/** Shortens a label to `max` characters, ending with an ellipsis when cut. */
export function truncateLabel(label: string, max: number): string {
  const chars = Array.from(label.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}
