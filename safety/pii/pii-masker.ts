/**
 * Personal-data masking: e-mail addresses, phone numbers (Korean, Japanese, international),
 * Korean resident registration numbers, Japanese My Number, payment card numbers and bank account
 * numbers (the last only next to a word such as 계좌, 口座 or account). Each is replaced by a
 * language-neutral token such as `[PHONE]`. Ordinary numbers — amounts, ages, dates, house
 * numbers — are left alone: a number is masked only when its shape, a check digit, or a nearby
 * keyword says what it is.
 */
import { luhnValid, myNumberValid, rrnPlausible } from './checksums';

/** Kinds of personal data recognised. */
export type PiiType = 'EMAIL' | 'PHONE' | 'RRN' | 'MYNUMBER' | 'CARD' | 'ACCOUNT';

/** One masked span, in UTF-16 offsets of the original text. */
export interface PiiFinding {
  type: PiiType;
  start: number;
  end: number;
}

/** The masked text and what was found. */
export interface MaskResult {
  text: string;
  found: PiiFinding[];
}

/** Settings of the masker. */
export interface PiiMaskerOptions {
  /** How many characters before a number are searched for a keyword (default 24). */
  contextChars?: number;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// A run of digits with the separators people type inside numbers (no commas: 1,000,000 is an amount).
const NUMBER_SPAN = /(?:\+ ?)?\(?\d(?:[\d\-.()]| (?=[\d(+]))*\d\)?/g;
const DATE_SHAPE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})$/;
const UNIT_AFTER = /^\s?(?:원|円|엔|만|万|억|億|千|천|ドル|달러|dollars?|won|yen|usd|krw|jpy|명|人|개|個|살|歳|세|년|年|월|月|일|日|%|kg|km|m²|㎡|평|번지|호|階|층)/i;
const CURRENCY_BEFORE = /[₩¥$€£]\s?$/;
const KEYWORDS: ReadonlyArray<{ type: PiiType; re: RegExp }> = [
  { type: 'ACCOUNT', re: /계좌|통장|口座|振込|振り込|account|acct|iban|bank/g },
  { type: 'CARD', re: /카드|カード|card|visa|mastercard|amex/g },
  { type: 'RRN', re: /주민(?:등록)?번호|외국인등록번호|resident registration/g },
  { type: 'MYNUMBER', re: /마이넘버|マイナンバー|個人番号|my ?number/g },
  { type: 'PHONE', re: /전화|연락처|핸드폰|휴대폰|폰번호|휴대전화|電話|携帯|phone|tel\b|mobile|cell|call me|contact|whatsapp|line id/g },
];

/** Maps full-width forms, ideographic spaces and dash variants to ASCII, keeping every offset. */
function fold(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000 || code === 0x00a0) out += ' ';
    else if ((code >= 0x2010 && code <= 0x2015) || code === 0x2212) out += '-';
    else out += ch;
  }
  // The katakana long-vowel mark is a dash only between digits (090ー1234ー5678), never in words.
  return out.replace(/(?<=\d)[\u30fc\uff70](?=\d)/g, '-');
}

/** Finds and masks personal data; stateless and safe to share. */
export class PiiMasker {
  private readonly contextChars: number;

  constructor(options: PiiMaskerOptions = {}) {
    this.contextChars = options.contextChars ?? 24;
  }

  /** Masks every recognised item; returns the masked text and the spans found. */
  mask(text: string): MaskResult {
    const found = this.find(text);
    let out = '';
    let at = 0;
    for (const f of found) {
      out += text.slice(at, f.start) + `[${f.type}]`;
      at = f.end;
    }
    return { text: out + text.slice(at), found };
  }

  /** Finds personal data without masking it (spans sorted, not overlapping). */
  find(text: string): PiiFinding[] {
    if (!text) return [];
    const folded = fold(text);
    const found: PiiFinding[] = [];
    for (const m of folded.matchAll(EMAIL)) found.push({ type: 'EMAIL', start: m.index, end: m.index + m[0].length });
    const taken = (s: number, e: number) => found.some((f) => s < f.end && e > f.start);
    for (const m of folded.matchAll(NUMBER_SPAN)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken(start, end) || /[A-Za-z0-9_@]/.test(folded[start - 1] ?? '') || /[A-Za-z0-9_@]/.test(folded[end] ?? '')) continue;
      for (const f of this.classifySpan(folded, start, end)) found.push(f);
    }
    return found.sort((a, b) => a.start - b.start);
  }

  /** Classifies a span; when the whole fails, tries its space-separated parts (longest first). */
  private classifySpan(text: string, start: number, end: number): PiiFinding[] {
    const whole = this.classify(text, start, end);
    if (whole) return [{ type: whole, start, end }];
    // Groups of four (4111 1111 1111 1112) are one number that failed its checks, not several.
    if (/^\d{4}(?: \d{4})+$/.test(text.slice(start, end).trim())) return [];
    const parts: Array<{ s: number; e: number }> = [];
    const re = /[^ ]+/g;
    for (const m of text.slice(start, end).matchAll(re)) parts.push({ s: start + m.index, e: start + m.index + m[0].length });
    if (parts.length < 2) return [];
    const out: PiiFinding[] = [];
    for (let len = parts.length - 1; len >= 1; len--) {
      for (let i = 0; i + len <= parts.length; i++) {
        const s = parts[i].s;
        const e = parts[i + len - 1].e;
        if (out.some((f) => s < f.end && e > f.start)) continue;
        const type = this.classify(text, s, e);
        if (type) out.push({ type, start: s, end: e });
      }
    }
    return out;
  }

  private classify(text: string, start: number, end: number): PiiType | null {
    const span = text.slice(start, end).trim();
    const digits = span.replace(/\D/g, '');
    if (digits.length < 6 || DATE_SHAPE.test(span)) return null;
    if (UNIT_AFTER.test(text.slice(end, end + 6)) || CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 2), start))) return null;
    const keyword = this.keywordBefore(text, start);
    const n = digits.length;
    const plainShape = /^[\d -]+$/.test(span);
    if (keyword === 'ACCOUNT' && n >= 6 && n <= 16 && !span.startsWith('+')) return 'ACCOUNT';
    if (keyword === 'RRN' && n === 13) return 'RRN';
    if (keyword === 'MYNUMBER' && n === 12) return 'MYNUMBER';
    if (keyword === 'CARD' && n >= 13 && n <= 19) return 'CARD';
    if (span.startsWith('+') && n >= 8 && n <= 15) return 'PHONE';
    if (n === 13 && /^\d{6}[ -]?\d{7}$/.test(span) && rrnPlausible(digits)) return 'RRN';
    if (n === 12 && /^(?:\d{12}|\d{4}([ -])\d{4}\1\d{4})$/.test(span) && myNumberValid(digits)) return 'MYNUMBER';
    if (n >= 13 && n <= 19 && plainShape && luhnValid(digits)) return 'CARD';
    if (digits.startsWith('0') && !digits.startsWith('00') && n >= 9 && n <= 11) return 'PHONE';
    if (n === 10 && /^\(?[2-9]\d{2}\)?[-. ]\d{3}[-. ]\d{4}$/.test(span)) return 'PHONE';
    if (n === 11 && /^1[-. ]\(?[2-9]\d{2}\)?[-. ]\d{3}[-. ]\d{4}$/.test(span)) return 'PHONE';
    if (keyword === 'PHONE' && n >= 8 && n <= 15) return 'PHONE';
    return null;
  }

  /** The kind named by the keyword nearest before `start`, if any lies within the window. */
  private keywordBefore(text: string, start: number): PiiType | null {
    const window = text.slice(Math.max(0, start - this.contextChars), start).toLowerCase();
    let best: { type: PiiType; at: number } | null = null;
    for (const { type, re } of KEYWORDS) {
      for (const m of window.matchAll(re)) if (!best || m.index > best.at) best = { type, at: m.index };
    }
    return best?.type ?? null;
  }
}
