import assert from 'node:assert/strict';
import { draftQuestion, isSubstantive } from '../../officers/draft-question';
import { composeDraft } from '../../officers/reply-draft';

describe('what the resident needs (draft question)', () => {
  for (const text of [
    'I want to talk to a human officer',
    'talk to a person please',
    'Can I speak with a real person?',
    'human please',
    '상담원 연결해 주세요',
    '담당자와 통화하고 싶어요',
    '사람이랑 얘기하고 싶어요',
    '担当者と話したい',
    '職員につないでください',
    'thank you',
    '감사합니다',
    'cancel',
  ]) {
    it(`when the resident writes "${text}", then it is not what they need`, () => assert.equal(isSubstantive(text), false));
  }
  for (const text of [
    'How do I apply for a library card in Maple Bay?',
    'I want to talk to a person about my housing benefit being cut',
    '기초연금 신청할 때 필요한 서류가 뭐예요?',
    '주거급여 때문에 담당자와 통화하고 싶어요',
    '保育所の申込みはいつまでですか',
  ]) {
    it(`when the resident writes "${text}", then it says what they need`, () => assert.equal(isSubstantive(text), true));
  }

  it('when the last line asks for a person, then the question is the earlier substantive lines, oldest first', () => {
    const q = draftQuestion(['hello', 'My housing benefit stopped in March.', 'How do I appeal?', 'I want to talk to a human officer']);
    assert.deepEqual(q, { question: 'My housing benefit stopped in March. How do I appeal?', basedOn: ['My housing benefit stopped in March.', 'How do I appeal?'] });
  });
  it('when a line is repeated, then it counts once, at its latest place', () => {
    assert.deepEqual(draftQuestion(['Library card?', 'Bus pass for seniors?', 'Library card?'])?.basedOn, ['Bus pass for seniors?', 'Library card?']);
  });
  it('when the resident only greeted and asked for a person, then there is no question', () => {
    assert.equal(draftQuestion(['안녕하세요', '상담원 연결해 주세요']), null);
  });
  it('when the lines are long, then the question stays within the limit and keeps the latest line', () => {
    const long = 'x'.repeat(300);
    const q = draftQuestion([`Older question ${long}`, `Latest question ${long}`], 2, 400);
    assert.deepEqual(q?.basedOn, [`Latest question ${long}`]);
  });
});

describe('drafted reply text', () => {
  it('when there is no team template, then the locale greeting, the answer, numbered sources and the locale closing are in the resident\'s language', () => {
    const text = composeDraft('ja', { text: '窓口で申請します [1]。', citations: [{ n: 1, title: '児童扶養手当', url: 'https://city.example/j', updated: '2025-04-01' }] });
    const parts = text.split('\n\n');
    assert.equal(parts.length, 4);
    assert.match(parts[0], /市役所福祉担当/);
    assert.equal(parts[1], '窓口で申請します [1]。');
    assert.equal(parts[2], '出典\n[1] 児童扶養手当 — https://city.example/j (2025-04-01)');
    assert.match(parts[3], /返信してください/);
  });
  it('when a team template is given, then it replaces the greeting and closing', () => {
    const text = composeDraft('en', { text: 'Answer.', citations: [] }, { greeting: 'Hi from Housing.', closing: 'Housing team' });
    assert.equal(text, 'Hi from Housing.\n\nAnswer.\n\nHousing team');
  });
});
