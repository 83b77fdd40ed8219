/**
 * Answers keep a document's lists as Markdown lines (`- item`, `1. step`), which Teams and the
 * Emulator render as lists. Channels that show plain text (LINE, KakaoTalk, Telegram, the web
 * widget) keep the line breaks as they are; only the `- ` bullet becomes `• `, which reads as a
 * list item rather than a dash. Numbered steps keep their numbers.
 */

/** The text with each Markdown bullet line (`- `, `* `, `+ `) shown as `• `. */
export function plainLists(text: string): string {
  return text.replace(/^([ \t]{0,3})[-*+][ \t]+(?=\S)/gm, '$1• ');
}
