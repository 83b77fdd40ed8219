/**
 * The text a resident receives: a heading with the city's name, the announcement in their language
 * (or the first language it was written in), for a recommendation the reasons and how to apply, a
 * link, and how to stop alerts.
 */
import { t } from '../locales/i18n';
import { LANGS, isLang, type Lang } from '../locales/lang';

/** Texts of an announcement by language. */
export type AnnouncementTexts = Partial<Record<Lang, string>>;

/** Per-resident detail of a recommendation (alert_targets.detail). */
export interface RecommendationDetail {
  /** The reasons, already worded in the resident's language. */
  reasons?: string[];
  /** How to apply, from the program's document. */
  apply?: string;
}

/** The language an announcement is shown in to a resident of `lang`. */
export function textLang(texts: AnnouncementTexts, lang: Lang): Lang | null {
  if (texts[lang]?.trim()) return lang;
  return LANGS.find((l) => texts[l]?.trim()) ?? null;
}

/** Parses stored texts (jsonb) keeping only supported languages and strings. */
export function parseTexts(raw: unknown): AnnouncementTexts {
  const value = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown> | null;
  const out: AnnouncementTexts = {};
  for (const [k, v] of Object.entries(value ?? {})) if (isLang(k) && typeof v === 'string' && v.trim()) out[k] = v;
  return out;
}

/** Renders one message. */
export function renderAlert(input: { texts: AnnouncementTexts; lang: Lang; city: string; linkUrl?: string | null; detail?: RecommendationDetail | null }): string {
  const shown = textLang(input.texts, input.lang) ?? input.lang;
  const lang = input.lang;
  const parts = [t(lang, 'alerts.message.heading', { city: input.city || t(lang, 'core.cityFallback') }), input.texts[shown] ?? ''];
  const reasons = input.detail?.reasons ?? [];
  if (reasons.length) parts.push([t(lang, 'alerts.recommendation.why'), ...reasons].join('\n'));
  if (input.detail?.apply) parts.push(t(lang, 'alerts.recommendation.apply', { apply: input.detail.apply }));
  if (reasons.length) parts.push(t(lang, 'alerts.recommendation.check'));
  if (input.linkUrl) parts.push(t(lang, 'alerts.message.link', { url: input.linkUrl }));
  parts.push(t(lang, 'alerts.message.stop'));
  return parts.filter((p) => p.trim()).join('\n\n');
}
