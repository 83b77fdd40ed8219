/**
 * Words the engine's structured reasons and a profile summary in the resident's language
 * (strings from `locales/<lang>/eligibility.json`).
 */
import { t } from '../locales/i18n';
import type { Lang } from '../locales/lang';
import type { EmploymentStatus, FactKey, Income, Profile } from './profile';
import type { EligibilitySettings } from './references';
import type { Reason, Verdict } from './types';

const MARK: Record<Verdict, string> = { met: '✓', not_met: '✗', unknown: '?' };

/** Formats an amount of money the way residents write it (150만 원, 20万円, $2,000). */
export function formatMoney(amount: number, currency: string, lang: Lang): string {
  const rounded = Math.round(amount);
  // 만/万 units with one decimal at most: "179.4만 원" reads better than "1,794,009원".
  const man = (n: number, locale: string) => (Math.round(n / 1000) / 10).toLocaleString(locale, { maximumFractionDigits: 1 });
  if (currency === 'KRW' && lang === 'ko') return rounded >= 10000 ? `${man(rounded, 'ko-KR')}만 원` : `${rounded.toLocaleString('ko-KR')}원`;
  if (currency === 'JPY' && lang === 'ja') return rounded >= 10000 ? `${man(rounded, 'ja-JP')}万円` : `${rounded.toLocaleString('ja-JP')}円`;
  try {
    return new Intl.NumberFormat(lang, { style: 'currency', currency, maximumFractionDigits: 0 }).format(rounded);
  } catch {
    return `${rounded.toLocaleString(lang)} ${currency}`;
  }
}

/** Formats an income with its period ("월 150만 원", "$2,000 a month"). */
export function formatIncome(income: Pick<Income, 'amount' | 'currency' | 'period'>, lang: Lang): string {
  return t(lang, `eligibility.money.${income.period}`, { amount: formatMoney(income.amount, income.currency, lang) });
}

/** The display name of an area in a language (its first listed name), or "elsewhere". */
export function areaName(areaId: string, lang: Lang, settings: EligibilitySettings): string {
  const area = settings.areas.find((a) => a.id === areaId);
  return area?.names[lang][0] ?? area?.names.en[0] ?? t(lang, 'eligibility.area.other');
}

function ageRange(lang: Lang, min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return t(lang, 'eligibility.ageRange.between', { min, max });
  if (max !== undefined) return t(lang, 'eligibility.ageRange.max', { max });
  return t(lang, 'eligibility.ageRange.min', { min: min ?? 0 });
}

function employmentName(value: EmploymentStatus, lang: Lang): string {
  return t(lang, `eligibility.employment.${value}`);
}

function reasonText(reason: Reason, lang: Lang, settings: EligibilitySettings): string {
  const label = (fact: FactKey) => t(lang, `eligibility.fact.${fact}`);
  switch (reason.kind) {
    case 'range': {
      if (reason.verdict === 'unknown') return t(lang, 'eligibility.reason.unknown', { label: label(reason.fact) });
      const { min, max, value } = reason;
      const ok = reason.verdict === 'met';
      const rule = min !== undefined && max !== undefined ? `${min}–${max}` : min !== undefined ? `${ok ? '≥' : '<'} ${min}` : `${ok ? '≤' : '>'} ${max}`;
      return t(lang, min !== undefined && max !== undefined ? (ok ? 'eligibility.reason.rangeIn' : 'eligibility.reason.rangeOut') : 'eligibility.reason.range', {
        label: label(reason.fact),
        value: value ?? '?',
        rule,
      });
    }
    case 'income': {
      if (reason.problem === 'unknown_reference') return t(lang, 'eligibility.reason.incomeNoReference', { reference: reason.reference ?? '' });
      if (reason.problem === 'currency' && reason.income) {
        return t(lang, 'eligibility.reason.incomeCurrency', { currency: reason.income.currency, limitCurrency: reason.currency });
      }
      if (reason.verdict === 'unknown' || reason.compared === undefined || reason.limit === undefined) {
        return t(lang, 'eligibility.reason.unknown', { label: label('income') });
      }
      const ref = reason.reference ? settings.incomeReferences.get(reason.reference) : undefined;
      const detail = ref
        ? t(lang, `eligibility.reason.${reason.householdSize !== undefined ? 'incomeRefSized' : 'incomeRef'}${reason.percent === 100 ? 'Full' : ''}`, {
            percent: reason.percent ?? 100,
            reference: ref.label[lang],
            size: reason.householdSize ?? '',
          })
        : '';
      return t(lang, reason.verdict === 'met' ? 'eligibility.reason.incomeMet' : 'eligibility.reason.incomeNotMet', {
        amount: formatIncome({ amount: reason.compared, currency: reason.currency, period: reason.period }, lang),
        limit: formatMoney(reason.limit, reason.currency, lang),
        detail,
      });
    }
    case 'residency': {
      const area = areaName(reason.area, lang, settings);
      if (reason.verdict === 'unknown') {
        return reason.actualArea ? t(lang, 'eligibility.reason.residencyYearsUnknown', { area, minYears: reason.minYears ?? 0 }) : t(lang, 'eligibility.reason.unknown', { label: label('residence') });
      }
      if (reason.actualArea !== reason.area) return t(lang, 'eligibility.reason.residencyOther', { area, actual: areaName(reason.actualArea ?? 'other', lang, settings) });
      if (reason.minYears === undefined) return t(lang, 'eligibility.reason.residencyMet', { area });
      return t(lang, reason.verdict === 'met' ? 'eligibility.reason.residencyYearsMet' : 'eligibility.reason.residencyYearsNotMet', { area, years: reason.years ?? 0, minYears: reason.minYears });
    }
    case 'children': {
      const range = ageRange(lang, reason.minAge, reason.maxAge);
      if (reason.verdict === 'unknown') return t(lang, 'eligibility.reason.unknown', { label: label('childrenAges') });
      if (reason.verdict === 'met') return t(lang, 'eligibility.reason.childrenMet', { ages: (reason.ages ?? []).join(', '), range });
      return t(lang, 'eligibility.reason.childrenNotMet', { range });
    }
    case 'flag': {
      if (reason.verdict === 'unknown') return t(lang, 'eligibility.reason.unknown', { label: label(reason.fact) });
      const actual = reason.verdict === 'met' ? reason.required : !reason.required;
      return t(lang, `eligibility.flag.${reason.fact}.${actual ? 'yes' : 'no'}`);
    }
    case 'employment': {
      if (reason.verdict === 'unknown' || !reason.value) return t(lang, 'eligibility.reason.unknown', { label: label('employment') });
      if (reason.verdict === 'met') return t(lang, 'eligibility.reason.employmentMet', { value: employmentName(reason.value, lang) });
      return t(lang, 'eligibility.reason.employmentNotMet', { value: employmentName(reason.value, lang), allowed: reason.allowed.map((a) => employmentName(a, lang)).join(', ') });
    }
  }
}

/** One reason as text, optionally prefixed with ✓ / ✗ / ?. */
export function formatReason(reason: Reason, lang: Lang, settings: EligibilitySettings, marks = true): string {
  const text = reasonText(reason, lang, settings);
  return marks ? `${MARK[reason.verdict]} ${text}` : text;
}

/** A one-line summary of known facts ("나이 67세 · 1인 가구"), for confirmations. */
export function summarizeProfile(profile: Profile, lang: Lang, settings: EligibilitySettings): string {
  const parts: string[] = [];
  if (profile.age !== undefined) parts.push(t(lang, 'eligibility.summary.age', { age: profile.age }));
  if (profile.householdSize !== undefined) parts.push(t(lang, 'eligibility.summary.householdSize', { n: profile.householdSize }));
  if (profile.residence) {
    const area = areaName(profile.residence.area, lang, settings);
    parts.push(profile.residence.years !== undefined ? t(lang, 'eligibility.summary.residenceYears', { area, years: profile.residence.years }) : t(lang, 'eligibility.summary.residence', { area }));
  }
  if (profile.income) parts.push(t(lang, 'eligibility.summary.income', { income: formatIncome(profile.income, lang) }));
  if (profile.childrenAges) {
    parts.push(profile.childrenAges.length === 0 ? t(lang, 'eligibility.summary.noChildren') : t(lang, 'eligibility.summary.children', { ages: profile.childrenAges.join(', ') }));
  }
  for (const fact of ['singleParent', 'disability', 'pregnant'] as const) {
    if (profile[fact] !== undefined) parts.push(t(lang, `eligibility.flag.${fact}.${profile[fact] ? 'yes' : 'no'}`));
  }
  if (profile.employment) parts.push(employmentName(profile.employment, lang));
  return parts.join(' · ');
}
