/**
 * Check digits and structural checks for identity and card numbers, so that masking can tell a
 * My Number or a card number from any other long number.
 */

/** Luhn (mod 10) check over a digit string, as used by payment cards (ISO/IEC 7812). */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Japanese My Number (個人番号) check digit, per the ordinance of the Ministry of Internal Affairs
 * and Communications (行政手続における特定の個人を識別するための番号の利用等に関する法律施行令 第8条):
 * with Pn the n-th digit counted from the right of the first eleven, Qn = n+1 for n ≤ 6 and
 * n−5 for n ≥ 7; the check digit is 0 when Σ Pn·Qn mod 11 ≤ 1, else 11 − (Σ mod 11).
 */
export function myNumberValid(digits: string): boolean {
  if (!/^\d{12}$/.test(digits)) return false;
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = Number(digits[11 - n]);
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const rest = sum % 11;
  const check = rest <= 1 ? 0 : 11 - rest;
  return check === Number(digits[11]);
}

/**
 * Korean resident registration number (주민등록번호) structure: YYMMDD, then a gender/century
 * digit 1–8 (9 and 0 for the 1800s are not accepted: no living resident has them), then six
 * digits. Since October 2020 the last digits are random, so there is no check digit to verify;
 * the date part must be a real calendar date.
 */
export function rrnPlausible(digits: string): boolean {
  if (!/^\d{13}$/.test(digits)) return false;
  const yy = Number(digits.slice(0, 2));
  const mm = Number(digits.slice(2, 4));
  const dd = Number(digits.slice(4, 6));
  const g = Number(digits[6]);
  if (g < 1 || g > 8) return false;
  const century = g === 1 || g === 2 || g === 5 || g === 6 ? 1900 : 2000;
  const date = new Date(Date.UTC(century + yy, mm - 1, dd));
  return date.getUTCFullYear() === century + yy && date.getUTCMonth() === mm - 1 && date.getUTCDate() === dd;
}
