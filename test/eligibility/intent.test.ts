import assert from 'node:assert/strict';
import type { Lang } from '../../locales/lang';
import { isEligibilityRequest, screeningRequest } from '../../eligibility/eligibility-intent';

const YES: [Lang, string][] = [
  ['en', 'what benefits can I get?'],
  ['en', "I'm a single mum with a 3-year-old, what help is there?"],
  ['en', 'Am I eligible for any support?'],
  ['en', "I'm 67 and live alone. Is there any help for me?"],
  ['ja', 'どんな支援が受けられますか'],
  ['ja', '二人暮らしです。何か使える制度はありますか'],
  ['ja', '3歳の子どもがいるシングルマザーです。受けられる支援を知りたい'],
  ['ko', '받을 수 있는 복지 알려줘'],
  ['ko', '67살이고 혼자 살아요. 받을 수 있는 지원이 있을까요?'],
  ['ko', '어떤 혜택을 받을 수 있나요?'],
];
const NO: [Lang, string][] = [
  ['ko', '기초연금 신청 방법 알려주세요'],
  ['ko', '아동수당 얼마 받아요?'],
  ['en', 'How do I apply for the Senior Transit Pass?'],
  ['en', 'When is recycling collected?'],
  ['ja', '児童手当の申請方法を教えてください'],
  ['ja', 'ゴミの出し方を教えて'],
  ['ko', '도서관 몇 시에 열어요?'],
];

describe('isEligibilityRequest', () => {
  for (const [lang, text] of YES) it(`when the resident asks "${text}", then it is a screening request`, () => assert.equal(isEligibilityRequest(text, lang), true));
  for (const [lang, text] of NO) it(`when the resident asks "${text}", then it is not`, () => assert.equal(isEligibilityRequest(text, lang), false));
});

describe('screeningRequest', () => {
  it('when the resident asks what they can get in so many words, then it is a generic request; a situation with a call for help is a situation request', () => {
    assert.equal(screeningRequest('What benefits can I get?', 'en'), 'generic');
    assert.equal(screeningRequest('혼자 사는 70세인데 생활이 어려워요 도움 될만한거 있나요', 'ko'), 'situation');
    assert.equal(screeningRequest('ゴミの出し方を教えて', 'ja'), null);
  });
});
