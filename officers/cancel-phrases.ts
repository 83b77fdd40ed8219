/**
 * Recognises a resident asking to leave the officer queue and return to the bot. The phrases live in
 * `locales/<lang>/handoff.json` (`cancelPhrases`, `cancelExceptions`); every language's phrases count,
 * since residents mix scripts. Only short messages that are not questions match, so "신청 취소는 어떻게 해요?" (how do I cancel an application?)
 * reaches the officer instead of cancelling the hand-off.
 */
import { LANGS } from '../locales/lang';
import { tList } from '../locales/i18n';

const normalize = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

let phrases: string[] | null = null;
let exceptions: string[] | null = null;

/** True when the message asks to cancel the hand-off. */
export function isCancelRequest(text: string): boolean {
  phrases ??= LANGS.flatMap((lang) => tList(lang, 'handoff.cancelPhrases')).map(normalize).filter(Boolean);
  exceptions ??= LANGS.flatMap((lang) => tList(lang, 'handoff.cancelExceptions')).map(normalize).filter(Boolean);
  const message = normalize(text);
  if (message === '') return false;
  // A question about cancelling something ("취소 방법?", "how to cancel") is for the officer.
  if (/[?？]/.test(text) || exceptions.some((w) => message.includes(w))) return false;
  for (const phrase of phrases) {
    if (message === phrase) return true;
    // A phrase with a little around it ("cancel please", "취소할게요") still counts.
    if (message.includes(phrase) && message.length <= phrase.length + 7) return true;
  }
  return false;
}
