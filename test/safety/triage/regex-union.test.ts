/**
 * The union regex that pattern sets test first: it must match exactly where one of its parts
 * does, and must not be built where joining sources could change their meaning.
 */
import assert from 'node:assert/strict';
import { unionOf } from '../../../safety/triage/regex-union';

describe('unionOf', () => {
  it('when several patterns are joined, then the union matches exactly the texts one of them matches', () => {
    const parts = [/^help$/, /\bdie\b/, /죽[고구]싶/, /(?<!혼)자살/, /a|b(?=c)/];
    const union = unionOf(parts);
    assert.ok(union);
    for (const text of ['help', 'help me', 'i want to die', 'diet', '죽고싶어', '혼자살아요', '자살', 'bc', 'b', 'xyz', '']) {
      assert.equal(union.test(text), parts.some((re) => re.test(text)), text);
    }
  });

  it('when the union would not save a scan or could change a meaning, then there is none', () => {
    assert.equal(unionOf([]), null);
    assert.equal(unionOf([/a/]), null);
    assert.equal(unionOf([/a/i, /b/]), null, 'differing flags');
    assert.equal(unionOf([/a/g, /b/g]), null, 'stateful flags');
    assert.equal(unionOf([/(a)\1/, /b/]), null, 'back-reference');
    assert.equal(unionOf([/(?<x>a)/, /b/]), null, 'named group');
  });

  it('when the parts share flags, then the union keeps them', () => {
    assert.equal(unionOf([/a/iu, /b/iu])?.flags, 'iu');
  });
});
