/**
 * What the resident needs, read from the whole conversation rather than their last words: the
 * lines that only ask for a person ("I want to talk to a human officer", "상담원 연결해 주세요"),
 * cancel, greet or thank are skipped, and the latest substantive messages make the question a
 * reply is drafted for. Input is already masked.
 */
import { isCancelRequest } from './cancel-phrases';

/** Phrases that ask for a person (or a connection) without saying what about. */
const ASKING_FOR_PERSON: RegExp[] = [
  /\b(?:i\s+(?:want|need|would like|'d like|wanna)\s+(?:to\s+)?)?(?:talk|speak|chat)\s+(?:to|with)\s+(?:a|an|the|some|your)?\s*(?:real\s+|actual\s+|live\s+|human\s+|city\s+)*(?:human|person|officer|agent|someone|somebody|staff|representative|caseworker|operator|official)\b/giu,
  /\b(?:can|could)\s+(?:i|you)\s+(?:get|connect\s+me\s+(?:to|with))\s+(?:a|an)?\s*(?:real\s+|human\s+)?(?:human|person|officer|agent)\b/giu,
  /\b(?:connect|transfer)\s+me\s+(?:to|with)\s+(?:a|an|the)?\s*(?:real\s+|human\s+|city\s+)*(?:human|person|officer|agent|someone|staff)\b/giu,
  /\b(?:real|actual|live|human)\s+(?:person|human|officer|agent)\b|\b(?:human|person|officer|agent|operator)\s+please\b/giu,
  /(?:상담원|상담사|담당자|공무원|직원|사람)(?:이?랑|과|와|하고|한테|에게|님)?\s*(?:좀\s*)?(?:연결|통화|상담|대화|얘기|이야기)\S*(?:\s*(?:주세요|줘요?|싶어요|싶습니다|원해요|할래요|하고\s*싶어요))?/gu,
  /(?:担当者|職員|係の人|人間|人|オペレーター)(?:さん)?(?:と|に)\s*(?:話|相談|つな|繋|代わ|替わ)\S*/gu,
  /(?:연결해\s*주세요|바꿔\s*주세요|つないでください|代わってください)/gu,
];
/** Courtesy-only lines carry no need. */
const FILLER = /^(?:hi|hello|hey|thanks?(?: you)?|thank you(?: very much)?|ok(?:ay)?|yes|no|please|안녕하세요|감사합니다|고맙습니다|네|예|아니요|こんにちは|ありがとうございます|ありがとう|はい|いいえ|お願いします)[\s.!?。！？~]*$/iu;

/** Letters that carry content once the request phrase is gone: CJK counts per character, Latin per letter. */
function contentWeight(text: string): number {
  const cjk = (text.match(/[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu) ?? []).length;
  const latin = (text.match(/[A-Za-z0-9]/g) ?? []).length;
  return cjk * 3 + latin;
}

/** True when a resident line says what they need (not only "a person, please", a greeting or a cancel). */
export function isSubstantive(line: string): boolean {
  const text = line.trim();
  if (!text || FILLER.test(text) || isCancelRequest(text)) return false;
  let rest = text;
  for (const pattern of ASKING_FOR_PERSON) rest = rest.replace(pattern, ' ');
  if (rest === text) return contentWeight(text) >= 6;
  // What is left beside the request ("about my housing benefit") must still say something.
  rest = rest.replace(/\b(?:i|i'm|im|want|need|would|like|to|please|a|an|the|can|could|you|me|my|about|with|now)\b/giu, ' ');
  return contentWeight(rest) >= 10;
}

/** The question a draft answers, and the lines it was read from. */
export interface DraftQuestion {
  question: string;
  /** The resident's lines used, oldest first. */
  basedOn: string[];
}

/**
 * Picks the resident's need from their lines (oldest first): the latest substantive lines, up to
 * `maxLines` and `maxChars`, in order. Null when the resident has said nothing substantive.
 */
export function draftQuestion(residentLines: readonly string[], maxLines = 2, maxChars = 400): DraftQuestion | null {
  const substantive = residentLines.map((l) => l.trim().replace(/\s+/g, ' ')).filter(isSubstantive);
  const unique = substantive.filter((l, i) => substantive.lastIndexOf(l) === i);
  if (unique.length === 0) return null;
  const basedOn: string[] = [];
  for (const line of [...unique].reverse()) {
    if (basedOn.length >= maxLines) break;
    if (basedOn.length > 0 && [...basedOn, line].join(' ').length > maxChars) break;
    basedOn.unshift(line);
  }
  return { question: basedOn.join(' ').slice(0, maxChars), basedOn };
}
