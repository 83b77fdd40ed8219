/**
 * Recognises the requests that start the alerts dialog, in any of the three languages (a resident
 * may write in another language than the one detected): subscribe ("알림 신청", "お知らせを受け取りたい",
 * "notify me"), unsubscribe ("알림 해지", "配信停止", "stop alerts"), list ("내 알림", "my alerts"),
 * and the "Tell me when this changes" button under an answer. Phrases live in
 * locales/<lang>/alerts.json; matching ignores case, spaces and trailing punctuation.
 */
import { t, tList } from '../../locales/i18n';
import { LANGS } from '../../locales/lang';

/** What the resident asks of alerts. */
export type AlertRequest = 'subscribe' | 'unsubscribe' | 'list' | 'follow';

/** Lower case, no spaces or punctuation: "알림 신청해 주세요!" → "알림신청해주세요". */
function squash(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** The alerts request a message makes, or null. Unsubscribing wins ("unsubscribe" contains "subscribe"). */
export function alertRequestOf(text: string): AlertRequest | null {
  const message = squash(text);
  if (message === '' || message.length > 60) return null;
  for (const lang of LANGS) if (squash(t(lang, 'alerts.follow.button')) === message) return 'follow';
  const has = (key: string) => LANGS.some((lang) => tList(lang, key).some((p) => message.includes(squash(p))));
  if (has('alerts.phrases.unsubscribe')) return 'unsubscribe';
  if (has('alerts.phrases.list')) return 'list';
  if (has('alerts.phrases.subscribe')) return 'subscribe';
  return null;
}

/** Buttons the alerts dialog offers as answers (consent and stop confirmations). */
const ANSWER_KEYS = ['alerts.consent.yes', 'alerts.consent.no', 'alerts.stop.yes', 'alerts.stop.no', 'alerts.stop.all'];

/**
 * A whole message that is exactly an alerts command (a phrase or the button under an answer), or —
 * while the alerts dialog waits — exactly one of its answer buttons (`answer`); null otherwise.
 */
export function exactAlertCommand(text: string, alertsDialogActive: boolean): AlertRequest | 'answer' | null {
  const message = squash(text);
  if (message === '') return null;
  if (alertsDialogActive && LANGS.some((lang) => ANSWER_KEYS.some((key) => squash(t(lang, key)) === message))) return 'answer';
  for (const lang of LANGS) if (squash(t(lang, 'alerts.follow.button')) === message) return 'follow';
  for (const kind of ['unsubscribe', 'list', 'subscribe'] as const) {
    if (LANGS.some((lang) => tList(lang, `alerts.phrases.${kind}`).some((p) => squash(p) === message))) return kind;
  }
  return null;
}
