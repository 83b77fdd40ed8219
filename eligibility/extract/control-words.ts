/**
 * Short control answers in ko/ja/en: yes/no, stop, "delete my information", "somewhere else".
 * Deterministic word lists; the dialog checks these before reading facts.
 */
import type { Lang } from '../../locales/lang';

const YES: Record<Lang, RegExp> = {
  ko: /^(?:네|넵|예|응|어|그래|그럼|맞아|맞아요|맞습니다|있어|있어요|있습니다|좋아|좋아요|기억해|저장|ok|yes)(?:[\s.!요]|$)/i,
  ja: /^(?:はい|ええ|うん|そうです|そう|あります|います|お願いします|お願い|いいです|いいよ|覚えて|ok|yes)(?:[\s。!、]|$)/i,
  en: /^(?:yes|yeah|yep|yup|sure|ok|okay|i do|i am|i have|correct|right|please do|please|remember)\b/i,
};
const NO: Record<Lang, RegExp> = {
  ko: /^(?:아니|아니요|아뇨|아니오|아님|없어|없어요|없습니다|없음|싫어|싫어요|안\s*해|괜찮아|괜찮습니다|no)(?:[\s.!요]|$)/i,
  ja: /^(?:いいえ|いえ|いや|ない|ないです|ありません|いません|違います|ちがいます|結構です|けっこうです|大丈夫です|no)(?:[\s。!、]|$)/i,
  en: /^(?:no|nope|nah|not really|i don't|i do not|i'm not|i am not|none|don't|do not|no thanks)\b/i,
};

/** Reads a yes/no answer; null when it is neither. */
export function parseYesNo(text: string, lang: Lang): boolean | null {
  const s = text.trim();
  // A resident may answer in another language than the one detected; try the resident's first.
  for (const l of [lang, ...(['ko', 'ja', 'en'] as const).filter((x) => x !== lang)]) {
    if (NO[l].test(s)) return false;
    if (YES[l].test(s)) return true;
  }
  return null;
}

const STOP = /^(?:그만|그만할게요|그만해|그만하기|그만둘게요|취소|취소할게요|중단|종료|됐어요|됐어|やめる|やめます|やめて|中止|キャンセル|終了|もういい|もういいです|stop|cancel|quit|exit|never ?mind|forget it)[\s.!。]*$/i;

/** True when the resident wants to stop the screening. */
export function isStopRequest(text: string): boolean {
  return STOP.test(text.trim());
}

const DELETE: RegExp[] = [
  /(?:내|제|저의|나의)?\s*(?:정보|개인\s*정보|기록|프로필)[를을]?\s*(?:다\s*|모두\s*)?(?:삭제|지워|지우|없애)/,
  /(?:私の)?(?:情報|個人情報|データ|記録|プロフィール)(?:を)?(?:全部)?\s*(?:削除|消して|消去|消す)/,
  /\b(?:delete|erase|remove|forget)\b.{0,20}\b(?:my|all my)\b.{0,12}\b(?:info|information|data|details|profile)\b/i,
];

/** True when the resident asks to delete their stored information. */
export function isDeleteRequest(text: string): boolean {
  return DELETE.some((re) => re.test(text));
}

const ELSEWHERE = /(?:다른\s*(?:곳|지역|도시|데)|기타|그\s*외|여기\s*아니|その他|他の(?:市|町|場所|地域)|別の(?:市|町|場所)|ほか|\bother\b|\belsewhere\b|somewhere else|none of (?:them|these))/i;

/** True when the resident says they live somewhere else than the areas offered. */
export function isElsewhere(text: string): boolean {
  return ELSEWHERE.test(text);
}

const DONT_KNOW = /(?:모르겠|몰라요|잘\s*몰라|모름|건너뛰|패스|답하기\s*싫|わからない|分からない|わかりません|分かりません|知らない|スキップ|答えたくない|don't know|do not know|not sure|no idea|skip|rather not say|prefer not)/i;

/** True when the resident does not know or does not want to answer (the question is skipped). */
export function isDontKnow(text: string): boolean {
  return DONT_KNOW.test(text);
}
