import assert from 'node:assert/strict';
import { Glossary } from '../../../knowledge/retrieval/glossary';
import { GlossaryMatcher } from '../../../knowledge/retrieval/glossary-matcher';
import { analyze, normalizeText } from '../../../knowledge/retrieval/text-analyzer';

const input = (text: string, tokens = analyze(text)) => ({ flat: normalizeText(text).replace(/\s+/g, ''), tokens });

describe('GlossaryMatcher', () => {
  const matcher = new GlossaryMatcher([
    { entry: 0, kind: 'substring', key: '국민연금' },
    { entry: 1, kind: 'substring', key: '年金' },
    { entry: 2, kind: 'token', key: '犬' },
    { entry: 3, kind: 'phrase', key: 'national pension' },
    { entry: 4, kind: 'phrase', key: 'pension' },
    { entry: 5, kind: 'substring', key: '국민' },
  ]);

  it('when a Korean or Japanese word occurs anywhere, spaced or not, then its concept is found, in ascending order', () => {
    assert.deepEqual(matcher.match(input('국민 연금 신청')), [0, 5]);
    assert.deepEqual(matcher.match(input('国民年金の免除')), [1]);
  });

  it('when a one-character word is only part of a longer token, then it does not match', () => {
    assert.deepEqual(matcher.match(input('犬の登録', ['犬', '登録'])), [2]);
    assert.deepEqual(matcher.match(input('犬小屋', ['犬小', '小屋'])), []);
  });

  it('when an English phrase occurs as a run of tokens, then it matches; split or partial, it does not', () => {
    assert.deepEqual(matcher.match(input('national pension rules')), [3, 4]);
    assert.deepEqual(matcher.match(input('national rules pension')), [4]);
    assert.deepEqual(matcher.match(input('pensioner')), []);
  });

  it('when a substring key is shorter than two characters, then construction fails', () => {
    assert.throws(() => new GlossaryMatcher([{ entry: 0, kind: 'substring', key: '犬' }]));
  });
});

describe('Glossary matching (indexed) agrees with testing every word', () => {
  const glossary = Glossary.load();
  // The definition the index must reproduce: every word of every concept tested against the text.
  const naive = (text: string, tokens = analyze(text)): number[] => {
    const flat = normalizeText(text).replace(/\s+/g, '');
    const latin = ` ${tokens.filter((t) => /^[a-z0-9]/.test(t)).join(' ')} `;
    const found: number[] = [];
    glossary.entries.forEach((e, i) => {
      const hit =
        e.en.some((w) => {
          const t = analyze(w);
          return t.length > 0 && (t.length === w.trim().split(/[\s-]+/).length || t.length > 1) && latin.includes(` ${t.join(' ')} `);
        }) ||
        [...e.ko, ...e.ja].some((w) => {
          const key = normalizeText(w).replace(/\s+/g, '');
          return key !== '' && (key.length < 2 ? tokens.includes(key) : flat.includes(key));
        });
      if (hit) found.push(i);
    });
    return found;
  };

  for (const text of ['국민연금 보험료 면제', 'How do I renew my dog licence in Japan?', '児童手当の申請方法を教えてください', '기초연금 national pension 国民年金', '', '犬']) {
    it(`when asked "${text}", then the same concepts are found`, () => {
      assert.deepEqual([...glossary.match(text)], naive(text));
    });
  }
});
