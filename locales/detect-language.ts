/**
 * Detects the language of a resident message from its script: Hangul means Korean; kana, or
 * kanji without Hangul, means Japanese; otherwise Latin text is English. Short or script-less
 * messages ("ok", "12") keep the conversation's previous language.
 */
import type { Lang } from './lang';

const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF]/gu;
const KANA = /[\u3040-\u30FF\u31F0-\u31FF\uFF66-\uFF9F]/gu;
const HAN = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/gu;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/**
 * @param text the message
 * @param previous the language to keep when the text gives no signal
 */
export function detectLanguage(text: string, previous: Lang): Lang {
  const hangul = text.match(HANGUL)?.length ?? 0;
  const kana = text.match(KANA)?.length ?? 0;
  const han = text.match(HAN)?.length ?? 0;
  const latinWords = text.match(LATIN_WORD)?.length ?? 0;
  if (hangul > 0 && hangul >= kana) return 'ko';
  if (kana > 0 || han > 0) return 'ja';
  if (latinWords >= 1) {
    // A lone acronym or a one-word reply inside a Korean/Japanese conversation keeps its language.
    const letters = text.replace(/[^A-Za-z]/g, '').length;
    if (latinWords === 1 && letters <= 3 && previous !== 'en') return previous;
    return 'en';
  }
  return previous;
}
