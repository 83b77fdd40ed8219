/**
 * Headings that city pages write without Markdown's `##`: a marked line ("■ 지원대상",
 * "◆申請方法"), a bracketed label ("【対象者】", "[신청방법]", "〈문의〉"), a bold line
 * ("**How to apply**"), a label line ending in a colon ("What to bring:"), or a question of a
 * Q&A block ("Q. 소득 기준이 있나요?"). A label may carry its content on the same line
 * ("【対象者】市内在住の65歳以上の方", "■ 신청기간: 3월 1일 ~ 31일"): the label heads the section and
 * the rest of the line is its first line.
 *
 * A marked line is a heading only where its mark is not also the mark of a list: when the lines
 * before and after it do not start with the same mark ("● 本人確認書類\n● 印鑑" is a list).
 */

/** A heading found on one line. */
export interface PseudoHeading {
  /** The heading's words, without marks, brackets, emphasis or colon. */
  text: string;
  /** What follows the label on the same line ('' when the line is only the heading). */
  rest: string;
}

/** Longest label that can be a heading (characters); a question heading may be longer. */
const MAX_LABEL = 40;
const MAX_QUESTION = 100;
/** A label carrying content on its own line is short ("신청기간", "対象者", "Deadline"). */
const MAX_INLINE_LABEL = 16;

const HEADING_MARKS = '■□◆◇▣◈▶▷●◎○★☆';
const MARKED = new RegExp(`^\\s{0,3}([${HEADING_MARKS}])\\s*(\\S.*)$`, 'u');
const BRACKETED = /^\s{0,3}(?:【([^】]{1,40})】|\[([^\]]{1,40})\](?!\()|〈([^〉]{1,40})〉|《([^》]{1,40})》|<([^>]{1,40})>|＜([^＞]{1,40})＞|〔([^〕]{1,40})〕)\s*[:：]?\s*(.*)$/u;
const BOLD = /^\s{0,3}(?:\*\*([^*]{1,40})\*\*|__([^_]{1,40})__)\s*[:：]?\s*(.*)$/u;
const COLON_LINE = /^\s{0,3}([^:：\s][^:：]{0,39}?)\s*[:：]\s*$/u;
const QUESTION = /^\s{0,3}Q\d{0,2}\s*[.:．：)）]\s*(\S.*)$/iu;
/** Words that end a sentence rather than a label. */
const SENTENCE_END = /(?:[。.!！]|다\.?|요\.)$/u;
/** A label followed by content on the same line: "신청기간: 3월 1일", "Deadline – 31 May". */
const LABEL_AND_CONTENT = /^([^:：]{1,16}?)\s*[:：]\s*(\S.*)$/u;

/** The heading that `lines[i]` is, or `null`. */
export function pseudoHeading(lines: readonly string[], i: number): PseudoHeading | null {
  const line = lines[i];
  if (line.trim() === '' || /^\s{0,3}[#|>]/.test(line)) return null;
  const q = QUESTION.exec(line);
  if (q) return q[1].length <= MAX_QUESTION ? { text: q[1].trim(), rest: '' } : null;
  const bracket = BRACKETED.exec(line);
  if (bracket) {
    const label = bracket.slice(1, 8).find((x) => x !== undefined) ?? '';
    return label.trim() !== '' ? labelled(label, bracket[8]) : null;
  }
  const bold = BOLD.exec(line);
  if (bold) return labelled(bold[1] ?? bold[2] ?? '', bold[3]);
  const marked = MARKED.exec(line);
  if (marked) {
    const [, mark, body] = marked;
    if (startsWith(neighbour(lines, i, -1), mark) || startsWith(neighbour(lines, i, 1), mark)) return null;
    const inline = LABEL_AND_CONTENT.exec(body);
    if (inline && [...inline[1]].length <= MAX_INLINE_LABEL) return { text: inline[1].trim(), rest: inline[2] };
    return isLabel(body) ? { text: body.trim(), rest: '' } : null;
  }
  const colon = COLON_LINE.exec(line);
  if (colon && isLabel(colon[1]) && !/\d/.test(colon[1])) return { text: colon[1].trim(), rest: '' };
  return null;
}

/** A label with what follows it on the line (a long "label" with content is a sentence, not a heading). */
function labelled(label: string, rest: string): PseudoHeading | null {
  const text = label.trim().replace(/\s*[:：]$/u, '');
  if (!isLabel(text)) return null;
  if (rest.trim() !== '' && [...text].length > MAX_INLINE_LABEL) return null;
  return { text, rest: rest.trim() };
}

function isLabel(text: string): boolean {
  const t = text.trim();
  return t !== '' && [...t].length <= MAX_LABEL && !SENTENCE_END.test(t);
}

/** The nearest non-blank line before (`step` −1) or after (+1) line `i`. */
function neighbour(lines: readonly string[], i: number, step: 1 | -1): string {
  for (let j = i + step; j >= 0 && j < lines.length; j += step) if (lines[j].trim() !== '') return lines[j];
  return '';
}

function startsWith(line: string, mark: string): boolean {
  return line.trimStart().startsWith(mark);
}
