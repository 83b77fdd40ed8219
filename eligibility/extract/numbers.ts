/**
 * Number handling for free text: full-width digits, thousands separators, Korean and Japanese
 * numerals with their units (만/万, 억/億), native Korean counting words (예순일곱 살, 두 명),
 * English number words and "k" amounts. Text is normalised to ASCII digits first so the
 * per-language fact patterns only deal with digits.
 */

const SINO_DIGITS: Record<string, number> = {
  일: 1, 이: 2, 삼: 3, 사: 4, 오: 5, 육: 6, 륙: 6, 칠: 7, 팔: 8, 구: 9,
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 〇: 0, 零: 0,
};
const SMALL_UNITS: Record<string, number> = { 십: 10, 백: 100, 천: 1000, 十: 10, 百: 100, 千: 1000 };
const BIG_UNITS: Record<string, number> = { 만: 1e4, 억: 1e8, 万: 1e4, 億: 1e8 };

/**
 * Reads a number written with digits and/or CJK numerals and units: "150만" → 1500000,
 * "1억2천만" → 120000000, "六十七" → 67, "3百万" → 3000000. Returns null when nothing numeric.
 */
export function parseCjkNumber(token: string): number | null {
  let total = 0;
  let section = 0;
  let num: number | null = null;
  let seen = false;
  const s = token.replace(/[\s,]/g, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (/[0-9.]/.test(ch)) {
      let j = i;
      while (j < s.length && /[0-9.]/.test(s[j])) j++;
      num = Number(s.slice(i, j));
      if (Number.isNaN(num)) return null;
      i = j - 1;
      seen = true;
    } else if (ch in SINO_DIGITS) {
      num = SINO_DIGITS[ch];
      seen = true;
    } else if (ch in SMALL_UNITS) {
      section += (num ?? 1) * SMALL_UNITS[ch];
      num = null;
      seen = true;
    } else if (ch in BIG_UNITS) {
      section += num ?? 0;
      total += (section === 0 ? 1 : section) * BIG_UNITS[ch];
      section = 0;
      num = null;
      seen = true;
    } else {
      return null;
    }
  }
  return seen ? Math.round((total + section + (num ?? 0)) * 100) / 100 : null;
}

const NATIVE_TENS: Record<string, number> = { 열: 10, 스물: 20, 스무: 20, 서른: 30, 마흔: 40, 쉰: 50, 예순: 60, 일흔: 70, 여든: 80, 아흔: 90 };
const NATIVE_ONES: Record<string, number> = { 하나: 1, 한: 1, 둘: 2, 두: 2, 셋: 3, 세: 3, 석: 3, 넷: 4, 네: 4, 다섯: 5, 여섯: 6, 일곱: 7, 여덟: 8, 아홉: 9 };
const KO_COUNTERS = '살|명|식구|사람|인|가구|년|개월|달';

/** Converts Korean text: digits normalised, sino and native numerals before counters → digits. */
export function normalizeKorean(text: string): string {
  let s = toHalfWidth(text).replace(/(\d),(?=\d{3})/g, '$1');
  // "1억 2천만" → "1억2천만" so that the whole amount is one token.
  s = s.replace(/([0-9일이삼사오육칠팔구]\s*[억만천백])\s+(?=[0-9일이삼사오육칠팔구]*\s*[천백십만])/g, '$1');
  // Sino-Korean numerals with at least one unit, or digit/unit mixes: 육십칠 세, 백오십만 원, 150만.
  s = s.replace(/[0-9.일이삼사오육칠팔구십백천만억]+/g, (tok, offset: number, whole: string) => {
    if (/^[0-9.]+$/.test(tok)) return tok;
    const hasUnit = /[십백천만억]/.test(tok);
    const hasDigit = /[0-9]/.test(tok);
    const next = whole.slice(offset + tok.length);
    const beforeCounter = new RegExp(`^\\s*(세|살|원|명|인|년|달러|불|엔|${KO_COUNTERS})`).test(next);
    if (!hasUnit && !hasDigit) return tok;
    if (!hasDigit && (tok.length < 2 || !beforeCounter)) return tok;
    if (hasDigit && !/^[0-9.]/.test(tok)) return tok; // e.g. "이3" is not a number
    const value = parseCjkNumber(tok);
    return value === null ? tok : String(value);
  });
  // Native counting words: 예순일곱 살, 두 명, 세 식구, 일곱 살.
  const tens = Object.keys(NATIVE_TENS).join('|');
  const ones = Object.keys(NATIVE_ONES).join('|');
  s = s.replace(new RegExp(`(?<![가-힣])(${tens})?\\s?(${ones})?(?=\\s*(?:${KO_COUNTERS}))`, 'g'), (m: string, t?: string, o?: string) => {
    if (!t && !o) return m;
    return String((t ? NATIVE_TENS[t] : 0) + (o ? NATIVE_ONES[o] : 0));
  });
  return s;
}

const JA_COUNTERS = '歳|才|人|円|年|か月|ヶ月|ヵ月|カ月|ドル|名|世帯';

/** Converts Japanese text: digits normalised, kanji numerals → digits where they count something. */
export function normalizeJapanese(text: string): string {
  let s = toHalfWidth(text).replace(/(\d),(?=\d{3})/g, '$1');
  s = s.replace(/ひとり|独り/g, '1人').replace(/ふたり/g, '2人');
  s = s.replace(/[0-9.〇一二三四五六七八九十百千万億]+/g, (tok, offset: number, whole: string) => {
    if (/^[0-9.]+$/.test(tok)) return tok;
    const next = whole.slice(offset + tok.length);
    const hasBig = /[万億]/.test(tok);
    const counts = new RegExp(`^\\s*(${JA_COUNTERS}|つ)`).test(next);
    if (!hasBig && !counts) return tok;
    if (/^[万億千百]/.test(tok) && tok.length === 1) return tok;
    const value = parseCjkNumber(tok);
    return value === null ? tok : String(value);
  });
  return s;
}

const EN_ONES: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const EN_TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

/** Converts English text: number words → digits, "2k" → 2000, "$1,500" → "$1500". */
export function normalizeEnglish(text: string): string {
  let s = toHalfWidth(text).replace(/(\d),(?=\d{3})/g, '$1');
  const tens = Object.keys(EN_TENS).join('|');
  const ones = Object.keys(EN_ONES).join('|');
  s = s.replace(new RegExp(`\\b(?:(${tens})(?:[-\\s](${ones}))?|(${ones}))\\b`, 'gi'), (_m, t?: string, o?: string, single?: string) => {
    if (single) return String(EN_ONES[single.toLowerCase()]);
    return String(EN_TENS[(t ?? '').toLowerCase()] + (o ? EN_ONES[o.toLowerCase()] : 0));
  });
  s = s.replace(/(\d+(?:\.\d+)?)\s*(k|thousand)\b/gi, (_m, n: string) => String(Math.round(Number(n) * 1000)));
  s = s.replace(/(\d+(?:\.\d+)?)\s*(m|million)\b/gi, (_m, n: string) => String(Math.round(Number(n) * 1e6)));
  return s;
}

/** Full-width ASCII (０-９, ＄ …) → half-width; ideographic space → space. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}
