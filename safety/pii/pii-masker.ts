/**
 * Personal-data masking: e-mail addresses, phone numbers (Korean, Japanese, international and
 * local numbers without area code), dates of birth, Korean resident registration numbers, Japanese
 * My Number, the identity numbers of English-speaking countries (US Social Security, UK National
 * Insurance, Canadian Social Insurance and the like), payment card numbers and bank account numbers (the last only next to a word such as
 * 계좌, 口座 or account). Each is replaced by a language-neutral token such as `[PHONE]`. Ordinary
 * numbers — amounts, ages, years, dates of events, house numbers, postal codes, hotline numbers —
 * are left alone: a number is masked only when its shape, a check digit, or a nearby keyword says
 * what it is.
 *
 * Matching runs on a normalised copy of the text (NFKC, zero-width characters removed, dashes
 * unified) that keeps a map back to the original offsets, so the masked output changes nothing
 * but the personal-data spans themselves.
 */
import { luhnValid, myNumberValid, rrnPlausible } from './checksums';

/** Kinds of personal data recognised. */
export type PiiType = 'EMAIL' | 'PHONE' | 'DOB' | 'RRN' | 'MYNUMBER' | 'NATIONAL_ID' | 'CARD' | 'ACCOUNT' | 'ADDRESS';

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

/** A keyword's meaning: a kind of personal data, or OTHER for words that say "this is not personal". */
type KeywordKind = PiiType | 'OTHER';

// Tried only where a run of local-part characters begins: tried at every position of a long run
// without an `@` (70,000 letters in a display name), it read the rest of the run each time.
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// A run of digits with the separators people type inside numbers (no commas: 1,000,000 is an amount).
// A space may stand before a digit, and around a dash ("900103 - 1234569").
const NUMBER_SPAN = /(?:\+ ?)?\(?\d(?:[\d\-.()]| (?=[\d(+])| ?- ?(?=\d))*\d\)?/g;
const DATE_SHAPE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})$/;
const UNIT_AFTER = /^\s?(?:원|円|엔|만|万|억|億|千|천|ドル|달러|dollars?|won|yen|usd|krw|jpy|명|人|개|個|살|歳|세|년|年|월|月|일|日|%|kg|km|m²|m2|㎡|평|번지|호|號|号|階|층|동)/i;
const CURRENCY_BEFORE = /[₩¥$€£]\s?$/;
// Area code or mobile prefix, exchange and line, dashed (010-1234-5678, 02-123-4567, 03-1234-5678, 0422-00-5300).
const DASHED_PHONE = /^0\d{1,3}-\d{2,4}-\d{4}$/;
// Card numbers are typed as one run or in groups (4-4-4-4, 4-6-5, 4-4-4-4-3); a looser shape would
// let two dates or two numbers joined by a dash pass Luhn by chance.
const CARD_SHAPE = /^(?:\d{13,19}|\d{4}([ .-])\d{4,6}\1\d{4,5}(?:\1\d{1,4}){0,2})$/;
const RRN_SHAPE = /^\d{6}(?: ?[-.] ?| )?\d{7}$/;
const MYNUMBER_SHAPE = /^(?:\d{12}|\d{4}([ .-])\d{4}\1\d{4})$/;
// A US Social Security number as it is written: 3-2-4 digits, dashed or spaced alike.
const SSN_SHAPE = /^\d{3}([ -])\d{2}\1\d{4}$/;
// A UK National Insurance number: two letters, three pairs of digits, a letter A–D ("QQ 12 34 56 C").
const NINO = /(?<![A-Za-z0-9])[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/gi;
/**
 * A home address: where a person lives is personal data, whatever the city. A street address as
 * English-speaking countries write it ("1234 Cedar Street, Unit 5", "12 birch ave"), a Canadian or
 * British postcode ("V9X 2K4", "WF3 1QR"), a Korean apartment unit ("101동 202호"), a Japanese
 * block and lot after a ward, town or village (…区1-2-3, …町2丁目5番8号). Street names alone, a
 * ward or a town are kept: they say where a service is, not who lives there.
 */
const ADDRESSES: readonly RegExp[] = [
  // A street type that is also an everyday word (close, way, court, place) only capitalised ("14 Alder Close").
  /(?<![\w/.-])\d{1,5}[a-z]?\s+(?:(?!(?:the|a|an|or|and|to|at|on|in|of|for|is|it|my|our|your)\s)[a-z'.-]+\s+){1,3}(?:street|st|avenue|ave|road|rd|drive|dr|lane|ln|crescent|cres|boulevard|blvd|terrace|highway|hwy|parkway|pkwy)\b\.?(?:,?\s*(?:unit|apt|apartment|suite|flat|#)\s*#?\d+[a-z]?)?/gi,
  /(?<![\w/.-])\d{1,5}[A-Za-z]?\s+(?:[A-Z][A-Za-z'.-]*\s+){1,3}(?:Close|Way|Court|Ct|Place|Pl|Trail|Row|Mews|Gardens|Square)\b\.?(?:,?\s*(?:[Uu]nit|[Aa]pt|[Ff]lat|#)\s*#?\d+[a-z]?)?/g,
  /(?<![A-Za-z0-9])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d(?![A-Za-z0-9])/gi,
  /(?<![A-Za-z0-9])[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])/g,
  /\d{1,4}\s?동\s?\d{1,4}\s?호/g,
  /(?<=[\u4e00-\u9fff](?:区|市|町|村)[\u4e00-\u9fff\u3040-\u30ff]{0,8}?)\d{1,4}(?:丁目\s?\d{1,4}(?:番地?\s?\d{1,4}号?|番地?)?|-\d{1,4}-\d{1,4}|番地?\s?\d{1,4}号?)/g,
];
// A Japanese address follows a postal code written without 〒 ("100-0001 東京都…").
const ADDRESS_AFTER = /^\s?[\u4e00-\u9fff]{1,4}[都道府県]/;
// A number that failed as a whole is tried in runs of at most this many of its space-separated
// parts (a card in five groups, a phone number in four, "900103 - 1234569" in three): every run
// of a span of thousands of parts was thousands squared classifications.
const MAX_PARTS = 8;

/**
 * Keywords before a number, nearest first. Generic words for "number" (번호, 番号, number) are
 * weak: they say "phone" only when no more specific keyword is in the window, so 계좌의 번호 stays
 * an account and 注文番号 (order number) is not taken for a phone.
 */
const KEYWORDS: ReadonlyArray<{ kind: KeywordKind; re: RegExp; weak?: boolean }> = [
  { kind: 'ACCOUNT', re: /계좌|통장|口座|振込|振り込|account|acct|iban|bank/g },
  // マイナンバーカード / 個人番号カード is the My Number card, not a payment card.
  { kind: 'CARD', re: /카드|(?<!マイナンバー|個人番号)カード|card|visa|mastercard|amex/g },
  { kind: 'RRN', re: /주민(?:등록)?번호|외국인등록번호|resident registration/g },
  { kind: 'MYNUMBER', re: /마이넘버|マイナンバー|個人番号|my ?number/g },
  {
    kind: 'NATIONAL_ID',
    re: /\b(?:ssn|social security(?: number| no)?|security (?:number|no)|insurance (?:number|no)|social insurance|national insurance|sin(?: number| no)?|ni (?:number|no)|nino|tax file number|tfn|national id(?:entity)?(?: number| no)?|id number)\b/g,
  },
  {
    kind: 'PHONE',
    re: /전화|연락처|핸드폰|휴대폰|폰번호|휴대전화|電話|携帯|ケータイ|連絡先|phone|tel\b|mobile|cell|\bcall\b|text me|contact|whatsapp|line id|my number/g,
  },
  { kind: 'PHONE', re: /(?<![가-힣] ?)번호|(?<![가-힣])(?:제|내|저의|나의|집|회사) ?번호|(?<![\u4e00-\u9fff\u30a0-\u30ff])番号/g, weak: true },
  { kind: 'PHONE', re: /(?:^|[^a-z ] ?|\b(?:your|his|her|our|their|the|a|this|that|home|work) )number\b/g, weak: true },
  // Postal codes, addresses and reference numbers of programmes, orders and applications.
  {
    kind: 'OTHER',
    re: /〒|우편|郵便|住所|주소|所在地|프로그램|사업|事業|制度|접수|신청|受付|申請|예약|予約|주문|注文|品番|型番|코드|コード|\b(?:postal|post ?code|zip|address|program(?:me)?|order|invoice|case|ticket|ref|reference|model|part|code)\b/g,
  },
];

// Words for birth; a full date near one is a date of birth. 출생신고 / 出生届 are the birth
// registration procedure, whose dates are deadlines.
const BIRTH_BEFORE = /\bborn\b|birth(?! ?(?:registration|certificate|grant|allowance|benefit|notification))|\bd\.? ?o\.? ?b\b|생년월일|생일|출생(?!신고)|태어난|태어났|生年月日|誕生日|出生(?!届)|生まれ/g;
const BIRTH_AFTER = /^\s?(?:생(?![활산명])|출생|에 태어|生まれ|に生まれ|生(?=[\s、。,.)）]|$)|出生)/;
// A date followed by these is a deadline or the start of something, never a birth date.
const EVENT_AFTER = /^\s?(?:까지|부터|마감|締切|締め切り|まで|から|until|deadline)/i;
const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const ERAS: Readonly<Record<string, number>> = { 明治: 1868, 大正: 1912, 昭和: 1926, 平成: 1989, 令和: 2019, M: 1868, T: 1912, S: 1926, H: 1989, R: 2019 };

/** Date shapes; each match gives the readings [year, month, day] it may have (3/14 or 14/3). */
const DATES: ReadonlyArray<{ re: RegExp; parts: (m: RegExpMatchArray) => Array<[number, number, number]> }> = [
  { re: /(?<![\d./-])(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?![\d])/g, parts: (m) => [[+m[1], +m[2], +m[3]]] },
  // 3/14/1958 or 14/3/1958: either reading that is a real date.
  { re: /(?<![\d./-])(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?!\d)/g, parts: (m) => [[+m[3], +m[1], +m[2]], [+m[3], +m[2], +m[1]]] },
  { re: /(?<![\d./-])(\d{4})(\d{2})(\d{2})(?![\d]|[-.]\d)/g, parts: (m) => [[+m[1], +m[2], +m[3]]] },
  // 580314 (YYMMDD), the way Korean forms ask for 생년월일; not the front half of an RRN.
  { re: /(?<![\d./-])(\d{2})(\d{2})(\d{2})(?!\d| ?[-.]? ?\d)/g, parts: (m) => [[twoDigitYear(+m[1]), +m[2], +m[3]]] },
  // 58.03.14 (YY.MM.DD), as Korean and Japanese forms write a birth date.
  // (Not after an era letter: S33.3.14 is Shōwa 33.)
  { re: /(?<![\d./A-Za-z-])(?<![A-Za-z][. ])(\d{2})[./-](\d{1,2})[./-](\d{1,2})(?![\d]|[./-]\d)/g, parts: (m) => [[twoDigitYear(+m[1]), +m[2], +m[3]]] },
  // Era dates first: 昭和33年3月14日 is one date, not 昭和 followed by 33年3月14日.
  { re: /(明治|大正|昭和|平成|令和)\s?(\d{1,2}|元)\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日/g, parts: (m) => [[eraYear(m[1], m[2]), +m[3], +m[4]]] },
  { re: /(?<!\d)(\d{4}|\d{2})\s?[년年]\s?(\d{1,2})\s?[월月]\s?(\d{1,2})\s?[일日]/g, parts: (m) => [[m[1].length === 2 ? twoDigitYear(+m[1]) : +m[1], +m[2], +m[3]]] },
  { re: /(?<![A-Za-z\d])([MTSHR])\.? ?(\d{1,2})[./-](\d{1,2})[./-](\d{1,2})(?![\d])/g, parts: (m) => [[eraYear(m[1], m[2]), +m[3], +m[4]]] },
  { re: new RegExp(`(?<![a-z\\d])(\\d{1,2})(?:st|nd|rd|th)?\\s(?:of\\s)?(${MONTHS})\\.?,?\\s(\\d{4})(?!\\d)`, 'gi'), parts: (m) => [[+m[3], monthIndex(m[2]), +m[1]]] },
  { re: new RegExp(`(?<![a-z])(${MONTHS})\\.?\\s(\\d{1,2})(?:st|nd|rd|th)?,?\\s(\\d{4})(?!\\d)`, 'gi'), parts: (m) => [[+m[3], monthIndex(m[1]), +m[2]]] },
];

/** 58 → 1958, 05 → 2005: a two-digit birth year is in the past. */
function twoDigitYear(yy: number): number {
  return 2000 + yy > new Date().getUTCFullYear() ? 1900 + yy : 2000 + yy;
}

/** Gregorian year of a Japanese era year (元年 is the first). */
function eraYear(era: string, year: string): number {
  return (ERAS[era] ?? 0) + (year === '元' ? 1 : Number(year)) - 1;
}

function monthIndex(name: string): number {
  return ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/** A real calendar date, in a year a living person can have been born. */
function realBirthDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > new Date().getUTCFullYear()) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Numbers that belong to services, not people: Korean 15xx/16xx/18xx, Japanese and US toll-free. */
function serviceNumber(span: string, digits: string): boolean {
  if (/^1[5-9]\d{6}$/.test(digits)) return true;
  if (/^0(?:120|570|180|990)/.test(digits) || /^0800[-. ]/.test(span)) return true;
  return /^1?8(?:00|88|77|66|55|44|33)\d{7}$/.test(digits);
}

// Invisible characters people paste inside numbers: zero-width space/joiners, marks, word joiner, BOM,
// soft hyphen, Mongolian vowel separator, combining grapheme joiner, variation selectors, and control
// characters other than line breaks and tabs (text that skipped the edge's clean-up: 010\u00003333\u00004444).
// Control characters and combining marks are what this class is for, each tested on its own.
// eslint-disable-next-line no-control-regex, no-misleading-character-class
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad\u180e\u034f\ufe00-\ufe0f\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63]/;

/** The normalised text and, for each of its UTF-16 units, the span of the original it came from. */
interface Normalised {
  text: string;
  from: number[];
  to: number[];
}

/**
 * NFKC (full-width digits and letters, ＋, ideographic space), dashes unified, invisible characters
 * removed — character by character, so that every normalised unit knows where it came from.
 */
function normalise(text: string): Normalised {
  let out = '';
  const from: number[] = [];
  const to: number[] = [];
  const chars = [...text];
  let at = 0;
  for (let i = 0; i < chars.length; i++) {
    let ch = chars[i];
    // A half-width voiced mark belongs to the kana before it (ﾊﾞ → バ).
    if (/^[\uff9e\uff9f]$/.test(chars[i + 1] ?? '')) ch += chars[++i];
    const start = at;
    at += ch.length;
    if (INVISIBLE.test(ch)) continue;
    let n: string;
    if (DASHES.test(ch)) n = '-';
    else if (ch === '\u00a0' || ch === '\u3000' || ch === '\t') n = ' ';
    else n = ch.normalize('NFKC');
    out += n;
    for (let k = 0; k < n.length; k++) {
      from.push(start);
      to.push(at);
    }
  }
  // The katakana long-vowel mark and the middle dot are separators only between digits
  // (090ー1234ー5678, 090・1234・5678), never in words.
  out = out.replace(/(?<=\d)[\u30fc\u30fb](?=\d)/g, '-');
  return { text: out, from, to };
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

  /** Finds personal data without masking it (spans sorted, not overlapping, in original offsets). */
  find(text: string): PiiFinding[] {
    if (!text) return [];
    const norm = normalise(text);
    const folded = norm.text;
    const emails: PiiFinding[] = [];
    for (const m of folded.matchAll(EMAIL)) emails.push({ type: 'EMAIL', start: m.index, end: m.index + m[0].length });
    // National Insurance numbers hold letters, so no number span holds them whole.
    for (const m of folded.matchAll(NINO)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!emails.some((e) => start < e.end && end > e.start)) emails.push({ type: 'NATIONAL_ID', start, end });
    }
    for (const re of ADDRESSES) {
      for (const m of folded.matchAll(re)) {
        const start = m.index;
        const end = start + m[0].length;
        if (!emails.some((e) => start < e.end && end > e.start)) emails.push({ type: 'ADDRESS', start, end });
      }
    }
    // Birth dates before numbers: 580314 next to 생년월일 is a date, not a phone or account.
    const dates = this.findBirthDates(folded).filter((f) => !emails.some((e) => f.start < e.end && f.end > e.start));
    // Emails and dates, in order: number spans come in order too, so one cursor finds the ones a
    // span could overlap (a search of every finding per span was quadratic in long texts).
    const earlier = [...emails, ...dates].sort((a, b) => a.start - b.start);
    const found: PiiFinding[] = [...earlier];
    let cursor = 0;
    for (const m of folded.matchAll(NUMBER_SPAN)) {
      // A bracket the number does not open or close belongs to the sentence: "(Chris, 555-0155)".
      const { start, end } = withoutStrayBrackets(m[0], m.index);
      while (cursor < earlier.length && earlier[cursor].end <= start) cursor++;
      const taken = cursor < earlier.length && earlier[cursor].start < end;
      if (taken || /[A-Za-z0-9_@]/.test(folded[start - 1] ?? '') || /[A-Za-z0-9_@]/.test(folded[end] ?? '')) continue;
      for (const f of this.classifySpan(folded, start, end)) found.push(f);
    }
    return found
      .map((f) => ({ type: f.type, start: norm.from[f.start], end: norm.to[f.end - 1] }))
      .sort((a, b) => a.start - b.start);
  }

  /** Full dates (year, month and day) next to a word for birth; a birth year alone is not masked. */
  private findBirthDates(text: string): PiiFinding[] {
    const out: PiiFinding[] = [];
    for (const { re, parts } of DATES) {
      for (const m of text.matchAll(re)) {
        const start = m.index;
        const end = start + m[0].length;
        if (out.some((f) => start < f.end && end > f.start)) continue;
        if (!parts(m).some(([y, mo, d]) => realBirthDate(y, mo, d))) continue;
        if (this.birthContext(text, start, end)) out.push({ type: 'DOB', start, end });
      }
    }
    return out;
  }

  /** A birth word shortly before the date in the same sentence, or a birth suffix right after it. */
  private birthContext(text: string, start: number, end: number): boolean {
    const after = text.slice(end, end + 8);
    if (EVENT_AFTER.test(after)) return false;
    if (BIRTH_AFTER.test(after)) return true;
    const windowStart = Math.max(0, start - 20);
    const window = text.slice(windowStart, start).toLowerCase();
    for (const m of window.matchAll(BIRTH_BEFORE)) {
      const gap = window.slice(m.index + m[0].length);
      if (!/[。！？!?\n]|\.\s|\b(?:by|until|before|after|from|within)\b/.test(gap)) return true;
    }
    return false;
  }

  /** Classifies a span; when the whole fails, tries its space-separated parts (longest first). */
  private classifySpan(text: string, start: number, end: number): PiiFinding[] {
    const whole = this.classify(text, start, end);
    if (whole) return [{ type: whole, start, end }];
    // Groups of four (4111 1111 1111 1112) are one number that failed its checks, not several;
    // a hotline such as (800) 273-8255 must not lose its last seven digits either.
    const span = text.slice(start, end).trim();
    if (/^\d{4}(?: \d{4})+$/.test(span) || serviceNumber(span, span.replace(/\D/g, ''))) return [];
    const parts: Array<{ s: number; e: number }> = [];
    const re = /[^ ]+/g;
    for (const m of text.slice(start, end).matchAll(re)) parts.push({ s: start + m.index, e: start + m.index + m[0].length });
    if (parts.length < 2) return [];
    const out: PiiFinding[] = [];
    // Which parts a finding already holds; the keywords before each part, looked for once.
    const held = new Uint8Array(parts.length);
    const near: (Set<KeywordKind> | undefined)[] = [];
    const keywordsAt = (i: number) => () => (near[i] ??= this.keywordsBefore(text, parts[i].s));
    for (let len = Math.min(parts.length - 1, MAX_PARTS); len >= 1; len--) {
      for (let i = 0; i + len <= parts.length; i++) {
        if (held.subarray(i, i + len).includes(1)) continue;
        const s = parts[i].s;
        const e = parts[i + len - 1].e;
        const type = this.classify(text, s, e, keywordsAt(i));
        if (type) {
          out.push({ type, start: s, end: e });
          held.fill(1, i, i + len);
        }
      }
    }
    return out;
  }

  /** @param keywords the keywords before `start` when the caller knows them already */
  private classify(text: string, start: number, end: number, keywords?: () => ReadonlySet<KeywordKind>): PiiType | null {
    const span = text.slice(start, end).trim();
    const digits = span.replace(/\D/g, '');
    const n = digits.length;
    if (n < 6 || DATE_SHAPE.test(span)) return null;
    // A dashed phone number is one whatever word follows it ("010-8812-3344 월세": rent, not a month).
    const phoneShaped = DASHED_PHONE.test(span) && !serviceNumber(span, digits);
    if (!phoneShaped && (UNIT_AFTER.test(text.slice(end, end + 6)) || CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 2), start)))) return null;
    const near = keywords ? keywords() : this.keywordsBefore(text, start);
    if (near.has('ACCOUNT') && n <= 16 && !span.startsWith('+')) return 'ACCOUNT';
    if (near.has('RRN') && n === 13) return 'RRN';
    if (near.has('MYNUMBER') && n === 12) return 'MYNUMBER';
    if (near.has('NATIONAL_ID') && n >= 8 && n <= 10) return 'NATIONAL_ID';
    if (near.has('CARD') && n >= 13 && n <= 19) return 'CARD';
    if (span.startsWith('+') && n >= 8 && n <= 15) return 'PHONE';
    if (n === 13 && RRN_SHAPE.test(span) && rrnPlausible(digits)) return 'RRN';
    if (n === 12 && MYNUMBER_SHAPE.test(span) && myNumberValid(digits)) return 'MYNUMBER';
    if (n === 9 && SSN_SHAPE.test(span)) return 'NATIONAL_ID';
    if (n >= 13 && n <= 19 && CARD_SHAPE.test(span) && luhnValid(digits)) return 'CARD';
    if (serviceNumber(span, digits)) return null;
    if (digits.startsWith('0') && !digits.startsWith('00') && n >= 9 && n <= 11) return 'PHONE';
    if (n === 10 && /^\(?[2-9]\d{2}\)?[-. ]\d{3}[-. ]\d{4}$/.test(span)) return 'PHONE';
    if (n === 11 && /^1[-. ]\(?[2-9]\d{2}\)?[-. ]\d{3}[-. ]\d{4}$/.test(span)) return 'PHONE';
    if (near.has('PHONE') && n >= 7 && n <= 15) return 'PHONE';
    if (this.localPhone(text, span, end, near)) return 'PHONE';
    return null;
  }

  /**
   * A local number without area code typed with a hyphen (555-0147, 234-5678): masked unless a
   * postal, address or reference word says otherwise, or a Japanese address follows (100-0001 東京都).
   * Dotted and spaced forms (555.0147, 555 0147) look like decimals and pairs of numbers, so they
   * need a phone word, as does the 4-4 Korean form (3333-4444).
   */
  private localPhone(text: string, span: string, end: number, near: ReadonlySet<KeywordKind>): boolean {
    if (!/^[2-9]\d{2}-\d{4}$/.test(span) || near.has('OTHER')) return false;
    return !ADDRESS_AFTER.test(text.slice(end, end + 8));
  }

  /**
   * The kinds named by the keyword nearest before `start` within the window (several when two
   * keywords start at the same place, as "my number" does). Weak keywords count only when no
   * strong one is in the window.
   */
  private keywordsBefore(text: string, start: number): Set<KeywordKind> {
    // Only words of the number's own sentence describe it ("…check my case. Kevin 555-0193").
    const before = text.slice(Math.max(0, start - this.contextChars), start);
    const window = before.slice(lastSentenceEnd(before)).toLowerCase();
    const nearest = (weak: boolean): Set<KeywordKind> => {
      let at = -1;
      let kinds = new Set<KeywordKind>();
      for (const k of KEYWORDS) {
        if (Boolean(k.weak) !== weak) continue;
        for (const m of window.matchAll(k.re)) {
          if (m.index > at) {
            at = m.index;
            kinds = new Set([k.kind]);
          } else if (m.index === at) kinds.add(k.kind);
        }
      }
      return kinds;
    };
    const strong = nearest(false);
    return strong.size ? strong : nearest(true);
  }
}

/**
 * The span of a number without a bracket it does not balance: the closing bracket of "(Chris,
 * 555-0155)" or the opening one of "(555-0155, Chris" is the sentence's, and the number alone has
 * the shape of a phone number.
 */
function withoutStrayBrackets(span: string, at: number): { start: number; end: number } {
  let start = at;
  let end = at + span.length;
  let text = span;
  const count = (c: string): number => text.split(c).length - 1;
  while (text.endsWith(')') && count(')') > count('(')) {
    text = text.slice(0, -1);
    end--;
  }
  while (text.startsWith('(') && count('(') > count(')')) {
    text = text.slice(1);
    start++;
  }
  return { start, end };
}

/** Where the last sentence of a text starts (0 when it has one sentence): after 。！？!?, a line break, or ". " before a capital. */
function lastSentenceEnd(text: string): number {
  let at = 0;
  for (const m of text.matchAll(/[。！？!?\n]|\.\s+(?=[A-Z가-힣\u3040-\u30ff\u4e00-\u9fff])/g)) at = m.index + m[0].length;
  return at;
}
