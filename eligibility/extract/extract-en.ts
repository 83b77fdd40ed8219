/**
 * Rule-based fact extraction from English free text ("I'm a single mum with a 3-year-old",
 * "I'm 67 and live alone", "we earn about 30k a year").
 */
import type { Profile } from '../profile';
import { isElsewhere, parseYesNo } from './control-words';
import { allNumbers, applyAgeMentions, findAgeMentions, findArea, findMoney, firstMatchValue, flagFrom, lastHouseholdSize, toIncome, type HouseholdPattern, type ExtractedFacts, type ExtractionContext } from './helpers';
import { normalizeEnglish } from './numbers';

const CHILD_NOUN = '(?:son|daughter|child|kid|boy|girl|baby|toddler|grandchild|grandson|granddaughter|twins?)';
const CONJ = /^\s*(?:and|&|,|or)\s*(?:an?\s*)?$/i;

const EMPLOYMENT: [RegExp, NonNullable<Profile['employment']>][] = [
  [/\bunemployed\b|lost (?:my|our|his|her) job|out of work|laid off|\bno job\b|jobless|looking for (?:a )?(?:job|work)|between jobs|don't (?:have a job|work)|not working|can't work/i, 'unemployed'],
  [/self-?employed|freelanc|run (?:a|my own) business|own (?:a|my) (?:small )?business/i, 'self_employed'],
  [/\bretired\b|pensioner|\bretiree\b/i, 'retired'],
  [/homemaker|stay-at-home|housewife|househusband/i, 'homemaker'],
  [/\b(?:i'm|i am) (?:a )?(?:university |college )?student\b/i, 'student'],
  [/\bi work\b|\bworking\b|\bemployed\b|have a job|full-time|part-time|\bmy job\b|work (?:at|for|in) /i, 'employed'],
];

/** Extracts facts from English text. Later statements win (so corrections override). */
export function extractEnglish(raw: string, ctx: ExtractionContext): ExtractedFacts {
  const text = normalizeEnglish(raw);
  const out: ExtractedFacts = {};
  const expected = ctx.expected;

  // "I'm 67", "67 years old", "a 3-year-old", "my son is 7".
  const isChild = (before: string, after: string, value: number): boolean => {
    if (/\b(?:i'm|i am|im)\s+(?:an?\s+)?$/i.test(before)) return false;
    if (new RegExp(`^\\s*(?:-?year-?old|years? old)?\\s*${CHILD_NOUN}`, 'i').test(after)) return true;
    if (new RegExp(`${CHILD_NOUN}s?\\s*(?:is|are|who is|who's|aged|of age|age|,|\\()?\\s*$`, 'i').test(before)) return true;
    if (/(?:kids|children|sons|daughters|ones)\s*(?:aged|ages|age|,|:|\()?\s*(?:\d+\s*(?:,|and|&)\s*)*$/i.test(before)) return true;
    // "with a 3-year-old": an age after "a" is a child's unless it is an adult age.
    return value < 19 && /\b(?:a|an)\s*$/i.test(before);
  };
  const mentions = findAgeMentions(
    text,
    /(?:\b(?:i'm|i am|im|aged?)\s+(?:an?\s+)?(\d{1,3})\b(?!\s*(?:kids?|children|people|persons|dollars|\$|%|years? (?:in|here|ago)))|\b(\d{1,3})\s*-?\s*(?:years?|yrs?)\s*-?\s*old\b|(?<=\b(?:son|daughter|child|kid|boy|girl|baby|kids|children)s?\s*(?:is|are|who is|who's|aged|ages|age|,|\()?\s*(?:\d{1,2}\s*(?:,|and|&)\s*)*)(\d{1,2})\b(?!\s*(?:kids|children|people|years? (?:in|here)|dollars|\$)))/gi,
    isChild,
    CONJ,
  );
  if (expected === 'childrenAges') mentions.forEach((m) => (m.child = true));
  applyAgeMentions(out, mentions);
  if (/\bnewborn\b|just had a baby/i.test(text) && !out.childrenAges) out.childrenAges = [0];
  if (/\bno (?:kids|children)\b|don't have (?:any )?(?:kids|children)|childless|\bwithout (?:kids|children)\b/i.test(text)) out.childrenAges = [];

  const household: HouseholdPattern[] = [
    [/\b(?:live|living|lives)\s+(?:alone|by myself|on my own)\b|\bsingle-person household\b/i, () => 1],
    [/\b(?:household|family) of (\d+)\b/i, (m) => Number(m[1])],
    [/\b(\d+)[- ]person household\b/i, (m) => Number(m[1])],
    [/\b(\d+) (?:people|persons) (?:in|at) (?:my|our|the) (?:household|home|house|family|flat|apartment)\b/i, (m) => Number(m[1])],
    [/\bthere (?:are|is) (\d+) of us\b|\bwe are (\d+)\b|\b(\d+) of us\b/i, (m) => Number(m[1] ?? m[2] ?? m[3])],
  ];
  const size = lastHouseholdSize(text, household);
  if (size !== undefined) out.householdSize = size;
  if (expected === 'householdSize' && out.householdSize === undefined) {
    const n = allNumbers(text)[0];
    if (n !== undefined && Number.isInteger(n) && n >= 1 && n <= 30) out.householdSize = n;
    else if (/^\s*(?:just me|only me|me alone|alone)\b/i.test(text)) out.householdSize = 1;
  }

  const incomeWord = /\b(?:income|earn|earning|make|making|salary|wage|wages|paid|pension|benefits?|take home)\b/i.test(text);
  const money = findMoney(text, expected === 'income' ? 0 : 1000).filter((m) => m.currency || incomeWord || expected === 'income');
  if (/\bno income\b|don't have (?:any )?income|not earning|zero income|no earnings|earn nothing/i.test(text)) {
    out.income = { amount: 0, currency: ctx.settings.defaultCurrency.en, period: 'year' };
  } else if (money.length > 0) {
    const m = money[money.length - 1];
    out.income = toIncome(m, text, 'en', ctx, { year: /year|annual|annually|yearly|\/yr|p\.a\./i, month: /month|monthly|\/mo\b/i, fallback: 'year' });
  } else if (expected === 'income' && /^\s*(?:none|nothing|zero|0)\b/i.test(text)) {
    out.income = { amount: 0, currency: ctx.settings.defaultCurrency.en, period: 'year' };
  }

  const area = findArea(text, ctx.settings);
  if (area) out.residence = { area };
  else if ((expected === 'residence' && isElsewhere(text)) || /\b(?:live|living) in [A-Z][a-z]+/.test(raw)) out.residence = { area: 'other' };
  const years = /\b(?:for|since)\s+(\d+)\s+years?\b|\b(\d+)\s+years?\s+(?:in|here|now)\b/i.exec(text);
  if (years && /\b(?:live|lived|living|here|been)\b/i.test(text)) out.residenceYears = Number(years[1] ?? years[2]);
  else if (expected === 'residenceYears') {
    const n = allNumbers(text)[0];
    if (n !== undefined) out.residenceYears = n;
    else if (/less than a year|just moved|recently/i.test(text)) out.residenceYears = 0;
  }

  if (expected === 'childrenAges' && out.childrenAges === undefined) {
    const nums = allNumbers(text).filter((n) => n <= 30);
    if (nums.length > 0) out.childrenAges = nums;
    else if (parseYesNo(raw, 'en') === false) out.childrenAges = [];
  }

  const single = flagFrom(text, /single (?:mum|mom|mother|dad|father|parent)|lone parent|solo parent|raising (?:my|a|the|\d+|our)?\s*(?:kids?|children|son|daughter|child)[^.]{0,20}(?:alone|on my own|by myself)/i, /\bnot a single parent\b/i);
  if (single !== undefined) out.singleParent = single;
  const disability = flagFrom(text, /(?:have|has|with|living with) (?:a )?(?:disability|disabilities)|\bdisabled\b|wheelchair|\bblind\b|\bdeaf\b/i, /\bno disabilit|\bnot disabled\b|don't have (?:a |any )?disabilit/i);
  if (disability !== undefined) out.disability = disability;
  const pregnant = flagFrom(text, /\bpregnant\b|expecting (?:a baby|twins|our|my)|\bdue in\b/i, /\bnot pregnant\b/i);
  if (pregnant !== undefined) out.pregnant = pregnant;
  const employment = firstMatchValue(text, EMPLOYMENT);
  if (employment !== undefined) out.employment = employment;
  return out;
}
