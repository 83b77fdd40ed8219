/**
 * Asserts that personal data is not in a dump of the database (storage/stored-text.ts), in any
 * spelling: the value's digits with whatever separators between them (spaces, dots, zero-width
 * characters, a dash), since a masker that misses one form stores exactly that form.
 */
import assert from 'node:assert/strict';

/** Matches a value's digits with any separators (up to four non-digits) between them. */
export function anySpelling(value: string): RegExp {
  return new RegExp(value.replace(/\D/g, '').split('').join('\\D{0,4}'));
}

/** Fails, quoting where it stands, when any of `values` is in `stored` in any spelling. */
export function assertNoneStored(stored: string, values: readonly string[]): void {
  for (const value of values) {
    const found = anySpelling(value).exec(stored);
    assert.equal(found, null, `${value} is stored: …${found ? stored.slice(Math.max(0, found.index - 120), found.index + 40) : ''}`);
  }
}
