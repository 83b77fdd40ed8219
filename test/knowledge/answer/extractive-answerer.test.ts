import assert from 'node:assert/strict';
import { ExtractiveAnswerer } from '../../../knowledge/answer/extractive-answerer';
import { splitSentences } from '../../../knowledge/answer/sentence-splitter';
import { t } from '../../../locales/i18n';
import type { Passage } from '../../../knowledge/ports';

const p = (docId: string, lang: Passage['lang'], text: string, title = docId): Passage => ({ docId, title, lang, domain: 'welfare', text, score: 1 });

describe('ExtractiveAnswerer', () => {
  it('when Japanese text has no spaces, then sentences split on 。 and the one matching the question is quoted', () => {
    const text = '児童手当は子どもを養育している方に支給されます。所得制限はありません。申請は市役所の子育て支援課で受け付けています。支給は年6回です。';
    assert.equal(splitSentences(text, 'ja').length, 4);
    const a = new ExtractiveAnswerer({ maxChars: 40 }).answer('児童手当の申請はどこでできますか', 'ja', [p('jidou-teate', 'ja', text, '児童手当')]);
    assert.ok(a);
    assert.ok(a.text.includes('申請は市役所の子育て支援課で受け付けています。'), a.text);
    assert.ok(!a.text.includes('支給は年6回'));
    assert.ok(a.text.includes(t('ja', 'answer.extractiveNote')));
    assert.deepEqual(a.citations, [{ n: 1, docId: 'jidou-teate', title: '児童手当' }]);
  });

  it('when Korean words carry particles, then bigram overlap still finds the sentence', () => {
    const text = '문화누리카드는 연 13만 원을 지원합니다. 사용처는 공연, 영화, 도서 구입입니다. 발급은 행정복지센터에서 신청합니다.';
    const a = new ExtractiveAnswerer({ maxChars: 30 }).answer('문화누리카드 발급 신청 방법', 'ko', [p('culture-card', 'ko', text, '문화누리카드')]);
    assert.ok(a?.text.includes('발급은 행정복지센터에서 신청합니다.'), a?.text);
  });

  it('when the passage is long, then the quote stays within the limit and markdown is stripped', () => {
    const text = `## Overview\n${'- The city pays a monthly allowance to eligible families. '.repeat(30)}`;
    const a = new ExtractiveAnswerer().answer('allowance', 'en', [p('allowance', 'en', text)]);
    assert.ok(a);
    const quote = a.text.split('\n\n')[1];
    assert.ok(quote.length <= 400, `quote is ${quote.length} chars`);
    assert.ok(!a.text.includes('##'));
  });

  it('when the question shares no words with the passage (cross-lingual), then the opening sentence is quoted', () => {
    const text = '기초연금은 만 65세 이상 어르신에게 지급됩니다. 기타 사항은 문의하세요.';
    const a = new ExtractiveAnswerer({ maxChars: 30 }).answer('basic pension for seniors', 'en', [p('basic-pension', 'ko', text)]);
    assert.ok(a?.text.includes('기초연금은 만 65세 이상 어르신에게 지급됩니다.'), a?.text);
    // The resident is told in English what the Korean text is, with its figures.
    assert.match(a?.text ?? '', /^Below is the official Korean text on basic-pension/);
    assert.match(a?.text ?? '', /Figures in it: 65세/);
  });

  it('when the same passage is quoted for several questions, then each answer is the one a fresh answerer gives', () => {
    const text = '児童手当は子どもを養育している方に支給されます。申請は市役所で受け付けています。支給は年6回です。';
    const shared = new ExtractiveAnswerer({ maxChars: 30 });
    for (const q of ['申請はどこ', '支給は何回', '児童手当とは', '申請はどこ']) {
      const passages = [p('jidou-teate', 'ja', text, '児童手当')];
      assert.deepEqual(shared.answer(q, 'ja', passages), new ExtractiveAnswerer({ maxChars: 30 }).answer(q, 'ja', passages), q);
    }
    // The same text in another language is split with that language's rules, not taken from the memo.
    const en = 'First point. Second point (see Art. 3).';
    assert.deepEqual(shared.answer('second point', 'en', [p('x', 'en', en)]), new ExtractiveAnswerer({ maxChars: 30 }).answer('second point', 'en', [p('x', 'en', en)]));
  });

  it('when there are no passages, then there is no extractive answer', () => {
    assert.equal(new ExtractiveAnswerer().answer('q', 'en', []), null);
  });

  it('when Japanese list items without 。 are quoted together, then they do not run into each other', () => {
    const text = '必要書類\n認定請求書\n請求者名義の預金通帳\n本人確認書類';
    const a = new ExtractiveAnswerer().answer('必要書類は何ですか 認定請求書 預金通帳 本人確認書類', 'ja', [p('jidou-teate', 'ja', text, '児童手当')]);
    assert.ok(a);
    assert.doesNotMatch(a.text, /認定請求書請求者/);
  });

  it('when a close runner-up document is retrieved, then it is offered as related and cited as [2]', () => {
    const a = new ExtractiveAnswerer().answer('pension', 'en', [
      { ...p('basic-pension', 'en', 'The basic pension is paid from 65.'), score: 10 },
      { ...p('senior-jobs', 'en', 'Senior jobs are open to pensioners.'), score: 8 },
      { ...p('dog-licence', 'en', 'Dogs need a licence.'), score: 1 },
    ]);
    assert.deepEqual(a?.citations.map((c) => c.docId), ['basic-pension', 'senior-jobs']);
    assert.match(a?.text ?? '', /\[2\] senior-jobs/);
    // A distant one (under 0.4 of the top score) only lengthens the reply.
    const far = new ExtractiveAnswerer().answer('pension', 'en', [
      { ...p('basic-pension', 'en', 'The basic pension is paid from 65.'), score: 10 },
      { ...p('senior-jobs', 'en', 'Senior jobs are open to pensioners.'), score: 3 },
    ]);
    assert.deepEqual(far?.citations.map((c) => c.docId), ['basic-pension']);
  });
});
