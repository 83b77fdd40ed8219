/**
 * Rule-based extraction of profile facts from a resident's free text, in ko/ja/en, and how the
 * extracted facts are merged into a profile (later statements correct earlier ones).
 */
import { t } from '../../locales/i18n';
import type { Lang } from '../../locales/lang';
import { EMPLOYMENT_STATUSES, mergeProfiles, type Profile } from '../profile';
import { parseYesNo } from './control-words';
import { extractEnglish } from './extract-en';
import { extractJapanese } from './extract-ja';
import { extractKorean } from './extract-ko';
import { allNumbers, type ExtractedFacts, type ExtractionContext } from './helpers';

export type { ExtractedFacts, ExtractionContext } from './helpers';

const EXTRACTORS: Record<Lang, (text: string, ctx: ExtractionContext) => ExtractedFacts> = {
  ko: extractKorean,
  ja: extractJapanese,
  en: extractEnglish,
};

const FLAG_FACTS = new Set(['singleParent', 'disability', 'pregnant']);

/** True when nothing was extracted. */
export function isEmptyFacts(facts: ExtractedFacts): boolean {
  return Object.values(facts).every((v) => v === undefined);
}

/**
 * Extracts facts from one message. With `ctx.expected` (the fact just asked for) short answers
 * count too: a bare number for an age, "네"/"いいえ"/"no" for a yes/no fact, a button label.
 * When the resident's language finds nothing, the other languages are tried (mixed-language use).
 */
export function extractFacts(text: string, lang: Lang, ctx: ExtractionContext): ExtractedFacts {
  let facts = EXTRACTORS[lang](text, ctx);
  if (isEmptyFacts(facts)) {
    for (const other of (['ko', 'ja', 'en'] as const).filter((l) => l !== lang)) {
      facts = EXTRACTORS[other](text, ctx);
      if (!isEmptyFacts(facts)) break;
    }
  }
  const expected = ctx.expected;
  if (!expected) return facts;
  const out: ExtractedFacts = { ...facts };
  if (expected === 'age' && out.age === undefined) {
    const n = allNumbers(text)[0];
    if (n !== undefined && Number.isInteger(n) && n <= 120 && allNumbers(text).length === 1) out.age = n;
  }
  if (FLAG_FACTS.has(expected)) {
    const key = expected as 'singleParent' | 'disability' | 'pregnant';
    // "아니 68살이요" is a correction, not a "no": a yes/no only counts when nothing else was said.
    const onlyAnswer = isEmptyFacts(facts) || text.trim().length <= 6;
    const yn = parseYesNo(text, lang);
    if (out[key] === undefined && yn !== null && onlyAnswer) out[key] = yn;
  }
  if (expected === 'employment' && out.employment === undefined) {
    const answer = text.trim().toLowerCase();
    for (const status of EMPLOYMENT_STATUSES) {
      if ((['ko', 'ja', 'en'] as const).some((l) => t(l, `eligibility.employment.${status}`).toLowerCase() === answer)) out.employment = status;
    }
  }
  if (expected === 'childrenAges' && out.childrenAges === undefined && parseYesNo(text, lang) === false) out.childrenAges = [];
  return out;
}

/**
 * Merges extracted facts into a profile. Years of residence attach to the known area (they are
 * dropped when the area is unknown: "5 years" of where?).
 */
export function applyFacts(profile: Profile, facts: ExtractedFacts): Profile {
  const { residenceYears, ...rest } = facts;
  let next = mergeProfiles(profile, rest);
  if (residenceYears !== undefined && next.residence) {
    next = { ...next, residence: { ...next.residence, years: residenceYears } };
  }
  return next;
}

/** The fact keys that an extraction changed compared with the profile (for "Updated: …" lines). */
export function changedKeys(before: Profile, after: Profile): (keyof Profile)[] {
  return (Object.keys(after) as (keyof Profile)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}
