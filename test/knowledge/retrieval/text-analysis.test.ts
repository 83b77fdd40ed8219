import assert from 'node:assert/strict';
import { analyze, stripKoreanSuffix } from '../../../knowledge/retrieval/text-analyzer';
import { Glossary } from '../../../knowledge/retrieval/glossary';
import { TypoCorrector, editDistance } from '../../../knowledge/retrieval/typo-corrector';

describe('text analysis', () => {
  it('when Korean nouns carry particles, then the stem matches the bare noun', () => {
    assert.equal(stripKoreanSuffix('기초연금을'), '기초연금');
    assert.equal(stripKoreanSuffix('어르신이'), '어르신');
    assert.equal(stripKoreanSuffix('아이'), '아이', 'a two-syllable noun ending in 이 is kept');
    assert.deepEqual(analyze('기초연금을'), analyze('기초연금'));
  });

  it('when a Korean compound is spaced differently, then most bigrams are shared', () => {
    const a = new Set(analyze('청소년한부모'));
    const b = analyze('청소년 한부모');
    assert.ok(b.filter((t) => a.has(t)).length >= b.length - 1);
  });

  it('when Japanese has no spaces, then kanji bigrams and content hiragana words are indexed and function words dropped', () => {
    const terms = analyze('粗大ごみの出し方を教えてください');
    assert.ok(terms.includes('粗大') && terms.includes('ごみ'));
    assert.ok(!terms.includes('ください') && !terms.includes('の'));
  });

  it('when text is full-width or half-width, then it is normalised', () => {
    assert.deepEqual(analyze('ＡＢＣ ｺﾝﾋﾞﾆ'), analyze('abc コンビニ'));
  });

  it('when English words are inflected or spelt the other way, then they meet', () => {
    assert.deepEqual(analyze('licenses'), analyze('licence'));
    assert.deepEqual(analyze('vaccinations'), analyze('vaccination'));
    assert.deepEqual(analyze('what is the'), []);
  });

  it('when a word is misspelt, then the corrector finds the indexed word', () => {
    const c = new TypoCorrector(['library', 'licenc', 'pension'], () => 1);
    assert.equal(c.correct('libary'), 'library');
    assert.equal(c.correct('pensoin'), 'pension');
    assert.equal(c.correct('test'), null, 'short words are left alone');
    assert.equal(editDistance('abcd', 'abdc', 2), 1);
  });

  it('when the same misspelt word comes again, then it is looked up once and corrected the same way', () => {
    let lookups = 0;
    const c = new TypoCorrector(['library', 'pension'], () => {
      lookups += 1;
      return 1;
    });
    assert.equal(c.correct('libary'), 'library');
    const after = lookups;
    assert.equal(c.correct('libary'), 'library');
    assert.equal(c.correct('zzzzzz'), null);
    assert.equal(c.correct('zzzzzz'), null);
    assert.equal(lookups, after, 'the second correction comes from the memo');
  });

  it('when strings are long, transposed or empty, then the edit distance is the optimal-string-alignment one', () => {
    assert.equal(editDistance('', 'abc', 3), 3);
    assert.equal(editDistance('abc', '', 1), 2, 'more than max: max + 1');
    assert.equal(editDistance('ca', 'ac', 1), 1);
    const long = 'x'.repeat(100);
    assert.equal(editDistance(long, `${long}yz`, 2), 2);
    assert.equal(editDistance(`${long}ab`, `${long}ba`, 2), 1);
    assert.equal(editDistance('kitten', 'sitting', 5), 3);
  });

  it('when a question names a glossary concept, then the other languages are added and places give regions', () => {
    const g = new Glossary([
      { en: ['national pension'], ko: ['국민연금'], ja: ['国民年金'] },
      { en: ['japan'], ko: ['일본'], ja: ['日本'], region: 'JP' },
      { en: ['id card'], ko: ['신분증'], ja: [] },
    ]);
    const text = 'national pension in Japan';
    const terms = g.expand(text, analyze(text), { ko: 0.6, ja: 0.6, en: 0.5 }).map((e) => e.term);
    assert.ok(terms.includes('年金') && terms.includes('연금'));
    assert.ok(!terms.includes('日本'), 'place words steer, they do not expand');
    assert.deepEqual([...g.regionsIn(text)], ['JP']);
    assert.equal(g.match('my card').size, 0, 'a phrase that loses words to stop-listing is not matched by its remainder');
  });

  it('when the bundled glossary loads, then it has entries in every language', () => {
    const g = Glossary.load();
    assert.ok(g.entries.length > 100);
    assert.ok(g.entries.every((e) => e.ko.length + e.ja.length + e.en.length >= 2));
  });
});
