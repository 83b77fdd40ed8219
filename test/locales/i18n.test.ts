import assert from 'node:assert/strict';
import { detectLanguage } from '../../locales/detect-language';
import { keysOf, t } from '../../locales/i18n';

describe('language detection', () => {
  const cases: [string, 'ko' | 'ja' | 'en'][] = [
    ['안녕하세요', 'ko'],
    ['기초연금 신청하려면 뭐가 필요해요?', 'ko'],
    ['こんにちは', 'ja'],
    ['児童手当の申請方法は？', 'ja'],
    ['保育料', 'ja'],
    ['hello', 'en'],
    ['am I eligible for the basic pension?', 'en'],
    ['KTX 예매는 어디서?', 'ko'],
    ['LINEで申請できますか', 'ja'],
  ];
  for (const [text, lang] of cases) {
    it(`when the message is "${text}", then it is ${lang}`, () => assert.equal(detectLanguage(text, 'en'), lang));
  }
  it('when the message has no script signal, then the previous language is kept', () => {
    assert.equal(detectLanguage('67', 'ko'), 'ko');
    assert.equal(detectLanguage('ok', 'ja'), 'ja');
    assert.equal(detectLanguage('👍', 'ko'), 'ko');
  });
});

describe('locale files', () => {
  it('when any language has a key, then Korean, Japanese and English all have it', () => {
    const all = new Set([...keysOf('en'), ...keysOf('ko'), ...keysOf('ja')]);
    for (const lang of ['en', 'ko', 'ja'] as const) {
      const have = new Set(keysOf(lang));
      const missing = [...all].filter((k) => !have.has(k));
      assert.deepEqual(missing, [], `${lang} is missing keys`);
    }
  });
  it('when a placeholder is given, then it is filled in', () => {
    assert.match(t('ko', 'core.handoff.stillWaiting', { position: 3 }), /3번째/);
  });
});
