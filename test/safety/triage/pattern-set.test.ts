/**
 * Pattern sets: the rule named is the first of the set in order (not the leftmost match), and the
 * Korean spacing rule holds message after message.
 */
import assert from 'node:assert/strict';
import { normalizeText } from '../../../safety/text/normalize-text';
import { firstMatch, matches, type PatternSet } from '../../../safety/triage/pattern-set';

const SET: PatternSet = {
  en: [/\bsecond\b/, /\bfirst\b/],
  ko: [/자살/, /죽고싶/],
  ja: [/しにたい/],
};

describe('pattern sets', () => {
  it('when several patterns match, then the first one of the set is named, English before Korean before Japanese', () => {
    assert.equal(firstMatch(normalizeText('first then second'), SET), 'en:\\bsecond\\b');
    assert.equal(firstMatch(normalizeText('죽고싶다 자살'), SET), 'ko:자살');
    assert.equal(firstMatch(normalizeText('second 자살 しにたい'), SET), 'en:\\bsecond\\b');
    assert.equal(firstMatch(normalizeText('シにたい'), SET), 'ja:しにたい');
    assert.equal(firstMatch(normalizeText('nothing here'), SET), null);
  });

  it('when a Korean word is spread over spaces, then it counts only where it begins a word, message after message', () => {
    for (let round = 0; round < 2; round++) {
      assert.equal(matches(normalizeText('혼자 살아요'), SET), false);
      assert.equal(firstMatch(normalizeText('죽 고 싶어'), SET), 'ko:죽고싶');
      assert.equal(matches(normalizeText('혼자 살아요 자살'), SET), true);
      assert.equal(matches(normalizeText('나는 혼자 살아요'), SET), false);
    }
  });

  it('when a set is changed after its first use, then the change is seen', () => {
    const set: { en: RegExp[] } = { en: [/\bone\b/] };
    assert.equal(matches(normalizeText('two'), set), false);
    set.en = [/\btwo\b/];
    assert.equal(firstMatch(normalizeText('two'), set), 'en:\\btwo\\b');
  });
});
