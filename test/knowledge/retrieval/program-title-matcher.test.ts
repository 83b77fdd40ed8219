import assert from 'node:assert/strict';
import { ProgramTitleMatcher } from '../../../knowledge/retrieval/program-title-matcher';

describe('ProgramTitleMatcher', () => {
  const matcher = new ProgramTitleMatcher(['산모·신생아 건강관리 지원 (Postpartum Home Care Support)', '母子健康手帳 (Maternal and Child Health Handbook)', 'Dog Licence (Riverside Town)', '保育']);

  it('when a message names a program with different spacing or punctuation, then it is recognised', () => {
    assert.ok(matcher.mentionsProgram('산모신생아 건강관리 지원 소득기준 넘으면 못 받나요?'));
    assert.ok(matcher.mentionsProgram('妊娠がわかりました。母子健康手帳をもらうときは？'));
    assert.ok(matcher.mentionsProgram('how do I get a dog licence?'));
  });

  it('when a message only describes a situation or uses a short word, then it is not', () => {
    assert.equal(matcher.mentionsProgram('67살이고 혼자 살아요. 받을 수 있는 거 있나요?'), false);
    assert.equal(matcher.mentionsProgram('保育園に入りたい'), false, 'titles shorter than 4 characters are ignored');
  });

  it('when the titles are updated, then the old ones no longer match', () => {
    const m = new ProgramTitleMatcher(['Dog Licence']);
    m.update(['Recycling Schedule']);
    assert.equal(m.mentionsProgram('dog licence fee'), false);
    assert.ok(m.mentionsProgram('recycling schedule please'));
  });
});
