/**
 * Recognises a resident asking to leave the officer queue and return to the bot. The phrases live in
 * `locales/<lang>/handoff.json` (`cancelPhrases`); every language's phrases count, since residents mix
 * scripts. Only short messages match, so "신청 취소는 어떻게 해요?" (how do I cancel an application?)
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

/** True when the message asks to cancel the hand-off. */
export function isCancelRequest(text: string): boolean {
  phrases ??= LANGS.flatMap((lang) => tList(lang, 'handoff.cancelPhrases')).map(normalize).filter(Boolean);
  const message = normalize(text);
  if (message === '') return false;
  for (const phrase of phrases) {
    if (message === phrase) return true;
    // A phrase with a little around it ("cancel please", "취소할게요") still counts.
    if (message.includes(phrase) && message.length <= phrase.length + 6) return true;
  }
  return false;
}
