/** Languages the bot speaks to residents and officers. */
export type Lang = 'ko' | 'ja' | 'en';

/** All supported languages, in a stable order. */
export const LANGS: readonly Lang[] = ['ko', 'ja', 'en'];

/** Narrows an arbitrary string to a supported language. */
export function isLang(value: unknown): value is Lang {
  return value === 'ko' || value === 'ja' || value === 'en';
}
