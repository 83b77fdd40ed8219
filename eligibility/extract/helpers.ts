/**
 * Pieces shared by the per-language fact extractors: the extraction context, age mentions that
 * may be the resident's or a child's, residence areas, and amounts of money.
 */
import type { Lang } from '../../locales/lang';
import type { FactKey, Income, Profile } from '../profile';
import type { EligibilitySettings } from '../references';

/** What an extractor needs besides the text. */
export interface ExtractionContext {
  settings: EligibilitySettings;
  /** The fact the dialog just asked for: lets bare answers ("67", "3 and 5", "없어요") count. */
  expected?: FactKey;
}

/** Facts read from one message; `residenceYears` may come without the area. */
export type ExtractedFacts = Partial<Profile> & { residenceYears?: number };

/** A number followed by an age word ("67살", "3-year-old"), classified as the resident's or a child's. */
export interface AgeMention {
  value: number;
  start: number;
  end: number;
  child: boolean;
}

/**
 * Finds age mentions with `pattern` (the first matching group = the number) and classifies each as a child's when
 * `isChild` says so, or when it is joined by a conjunction to a child's ("5살이랑 8살 아이").
 */
export function findAgeMentions(text: string, pattern: RegExp, isChild: (before: string, after: string, value: number) => boolean, conjunction: RegExp): AgeMention[] {
  const mentions: AgeMention[] = [];
  for (const m of text.matchAll(pattern)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    // Patterns may have several alternatives, each with its own group: take the one that matched.
    const value = Number(m.slice(1).find((g) => g !== undefined));
    if (!Number.isFinite(value) || value > 120) continue;
    mentions.push({ value, start, end, child: isChild(text.slice(Math.max(0, start - 14), start), text.slice(end, end + 14), value) });
  }
  // Propagate "child" across conjunctions in both directions until nothing changes.
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i + 1 < mentions.length; i++) {
      const a = mentions[i];
      const b = mentions[i + 1];
      if (a.child === b.child) continue;
      if (conjunction.test(text.slice(a.end, b.start))) {
        a.child = true;
        b.child = true;
        changed = true;
      }
    }
  }
  return mentions;
}

/** Applies age mentions to a profile: the last own age wins (it corrects earlier ones). */
export function applyAgeMentions(out: Partial<Profile>, mentions: AgeMention[]): void {
  const own = mentions.filter((m) => !m.child);
  const kids = mentions.filter((m) => m.child);
  if (own.length > 0) out.age = own[own.length - 1].value;
  if (kids.length > 0) out.childrenAges = kids.map((k) => k.value);
}

/** The area named in the text (any language's names), if any. */
export function findArea(text: string, settings: EligibilitySettings): string | undefined {
  const lower = text.toLowerCase();
  let best: { id: string; pos: number } | undefined;
  for (const area of settings.areas) {
    for (const name of [...area.names.ko, ...area.names.ja, ...area.names.en]) {
      const pos = lower.lastIndexOf(name.toLowerCase());
      if (pos >= 0 && (!best || pos > best.pos)) best = { id: area.id, pos };
    }
  }
  return best?.id;
}

/** An amount of money found in text, before deciding its period. */
export interface MoneyMention {
  amount: number;
  currency?: string;
  start: number;
  end: number;
}

/** Currency words per code, in all three languages. */
const CURRENCY_WORDS: [RegExp, string][] = [
  [/^(?:원|won|ウォン|krw)/i, 'KRW'],
  [/^(?:엔|円|yen|jpy)/i, 'JPY'],
  [/^(?:달러|불|ドル|dollars?|usd|bucks)/i, 'USD'],
];

const NOT_MONEY = /^\s*(?:살|세|명|식구|인(?!데)|년|개월|달째|歳|才|人|年|か月|ヶ月|ヵ月|-?\s*years?|yrs?|-?year-old|months?|people|persons|kids|children|%|퍼센트|パーセント)/i;

/** Finds numbers that look like money: followed by a currency word, after a currency sign, or large. */
export function findMoney(text: string, minBare: number): MoneyMention[] {
  const out: MoneyMention[] = [];
  for (const m of text.matchAll(/([$¥₩￥])?\s*(\d+(?:\.\d+)?)(\s*)/g)) {
    const start = m.index ?? 0;
    const amount = Number(m[2]);
    const after = text.slice(start + m[0].length, start + m[0].length + 8);
    // "68살", "3 years", "2人" count something else than money.
    if (!m[1] && NOT_MONEY.test(after)) continue;
    let currency: string | undefined;
    if (m[1]) currency = m[1] === '$' ? 'USD' : m[1] === '₩' ? 'KRW' : 'JPY';
    for (const [re, code] of CURRENCY_WORDS) if (!currency && re.test(after)) currency = code;
    if (currency || amount >= minBare) out.push({ amount, currency, start, end: start + m[0].length });
  }
  return out;
}

/** Builds an income from a mention, deciding the period from nearby words. */
export function toIncome(m: MoneyMention, text: string, lang: Lang, ctx: ExtractionContext, periods: { year: RegExp; month: RegExp; fallback: 'month' | 'year' }): Income {
  const around = text.slice(Math.max(0, m.start - 14), Math.min(text.length, m.end + 16));
  const period = periods.year.test(around) ? 'year' : periods.month.test(around) ? 'month' : periods.fallback;
  return { amount: m.amount, currency: m.currency ?? ctx.settings.defaultCurrency[lang], period };
}

/** Numbers in a short answer ("3, 7", "3살이랑 7살", "3 and 5"). */
export function allNumbers(text: string): number[] {
  return [...text.matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
}

/** Sets a boolean fact from the first matching pattern (negative patterns are tried first). */
export function flagFrom(text: string, yes: RegExp, no: RegExp): boolean | undefined {
  if (no.test(text)) return false;
  if (yes.test(text)) return true;
  return undefined;
}

/** A household-size pattern and how to read the size from its match. */
export type HouseholdPattern = [RegExp, (m: RegExpMatchArray) => number];

const globalCopies = new WeakMap<RegExp, RegExp>();

/** A global copy of `re` for `matchAll`, made once per pattern (`matchAll` clones it per call). */
function globalCopy(re: RegExp): RegExp {
  let copy = globalCopies.get(re);
  if (!copy) {
    copy = re.flags.includes('g') ? re : new RegExp(re.source, `${re.flags}g`);
    globalCopies.set(re, copy);
  }
  return copy;
}

/** The household size the resident mentions last (a correction wins), when plausible (1–30). */
export function lastHouseholdSize(text: string, patterns: readonly HouseholdPattern[]): number | undefined {
  let best: { pos: number; n: number } | undefined;
  for (const [re, value] of patterns) {
    for (const m of text.matchAll(globalCopy(re))) if (!best || (m.index ?? 0) >= best.pos) best = { pos: m.index ?? 0, n: value(m) };
  }
  return best && best.n >= 1 && best.n <= 30 ? best.n : undefined;
}

/** The value of the first pattern that matches, in table order. */
export function firstMatchValue<V>(text: string, table: readonly (readonly [RegExp, V])[]): V | undefined {
  return table.find(([re]) => re.test(text))?.[1];
}
