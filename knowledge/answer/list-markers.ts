/**
 * The list markers city documents write, beyond Markdown's `-` and `1.`: Korean pages use ㅇ, ○,
 * ■ and ①; Japanese pages ・, ●, (1) and full-width numbers; many use ▶ or 가. 나. 다. A line
 * starting with one is a list item or a numbered step of its own, so a reply keeps it on its own
 * line. Steps are renumbered to `n.` (a Markdown list on Teams and the web, a numbered line
 * elsewhere); items become `-` items. `※` notes stay notes (their own line, marker kept).
 */

/** A list line: its kind, the marker a reply shows, and the text after the marker. */
export interface ListLine {
  kind: 'step' | 'item';
  marker: string;
  text: string;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const HANGUL_ORDINALS = '가나다라마바사아자차카타파하';

/** `1.` `1)` `(1)` `１．` `（１）` `①` `가.` at the start of a line (full-width forms as well). */
const STEP = new RegExp(
  `^\\s{0,3}(?:([0-9０-９]{1,3})[.)．）](?=\\s)|([0-9０-９]{1,3})[．）]|[(（]([0-9０-９]{1,2})[)）]|([${CIRCLED}])|([${HANGUL_ORDINALS}])[.)](?=\\s))\\s*(\\S.*)$`,
  'u',
);
/** Bullet marks: Markdown's (followed by a space), and the document marks that need none. */
const ITEM = /^\s{0,3}(?:[-*+](?=\s)|[•・●○◦▪▫◆◇▶▷▸►◎□■]|ㅇ(?=\s))\s*(\S.*)$/u;
const NOTE = /^\s{0,3}※\s*(\S.*)$/u;

/** ASCII value of a number written with ASCII or full-width digits. */
function number(digits: string): number {
  return Number(digits.replace(/[０-９]/gu, (d) => String(d.charCodeAt(0) - 0xff10)));
}

/** The list line `line` starts, or `null` for ordinary text. */
export function listLine(line: string): ListLine | null {
  const step = STEP.exec(line);
  if (step) {
    const [, dotted, fullWidth, parenthesised, circled, hangul, text] = step;
    const digits = dotted ?? fullWidth ?? parenthesised;
    const n = digits !== undefined ? number(digits) : circled ? CIRCLED.indexOf(circled) + 1 : HANGUL_ORDINALS.indexOf(hangul) + 1;
    return { kind: 'step', marker: `${n}.`, text };
  }
  const item = ITEM.exec(line);
  if (item) return { kind: 'item', marker: '-', text: item[1] };
  const note = NOTE.exec(line);
  if (note) return { kind: 'item', marker: '※', text: note[1] };
  return null;
}
