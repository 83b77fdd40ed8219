/**
 * Picks the language for adapter-made text ("please ask again", headings): the activity's
 * locale when it is one we speak, else the script of the resident's message, else a default.
 */
import { detectLanguage } from '../../locales/detect-language';
import { isLang, type Lang } from '../../locales/lang';

/** @param locale e.g. `ko-KR`, `ja`, `en-US` (platform-given) */
export function langOf(locale: string | undefined, text: string | undefined, fallback: Lang): Lang {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  if (isLang(base)) return base;
  if (base === 'kr') return 'ko';
  if (base === 'jp') return 'ja';
  return text ? detectLanguage(text, fallback) : fallback;
}
