import assert from 'node:assert/strict';
import type { Lang } from '../../locales/lang';
import { applyFacts, extractFacts, type ExtractedFacts } from '../../eligibility/extract/extract-facts';
import { isDeleteRequest, isStopRequest, parseYesNo } from '../../eligibility/extract/control-words';
import { parseCjkNumber } from '../../eligibility/extract/numbers';
import type { FactKey } from '../../eligibility/profile';
import { settings } from './helpers';

type Case = [text: string, expected: ExtractedFacts, asked?: FactKey];
const KRW = (amount: number, period: 'month' | 'year' = 'month') => ({ amount, currency: 'KRW', period });
const JPY = (amount: number, period: 'month' | 'year' = 'year') => ({ amount, currency: 'JPY', period });
const USD = (amount: number, period: 'month' | 'year' = 'year') => ({ amount, currency: 'USD', period });

const CASES: Record<Lang, Case[]> = {
  ko: [
    ['67살이고 혼자 살아요', { age: 67, householdSize: 1 }],
    ['아니 68살이요', { age: 68 }],
    ['예순일곱 살이에요', { age: 67 }],
    ['만 65세입니다', { age: 65 }],
    ['세 식구예요', { householdSize: 3 }],
    ['4인 가구입니다', { householdSize: 4 }],
    ['월 150만원 벌어요', { income: KRW(1_500_000) }],
    ['연봉 3000만원이에요', { income: KRW(30_000_000, 'year') }],
    ['백오십만 원 정도 벌어요', { income: KRW(1_500_000) }],
    ['소득이 없어요', { income: KRW(0) }],
    ['5살이랑 8살 아이 키우는 한부모예요', { childrenAges: [5, 8], singleParent: true }],
    ['저는 42살이고 아들이 7살이에요', { age: 42, childrenAges: [7] }],
    ['한빛시에 5년째 살고 있어요', { residence: { area: 'hanbit' }, residenceYears: 5 }],
    ['일자리를 잃었어요', { employment: 'unemployed' }],
    ['장애가 있어요', { disability: true }],
    ['임신 중이에요', { pregnant: true }],
    ['67', { age: 67 }, 'age'],
    ['150', { income: KRW(1_500_000) }, 'income'],
    ['3살, 7살', { childrenAges: [3, 7] }, 'childrenAges'],
    ['아니요', { childrenAges: [] }, 'childrenAges'],
    ['네', { disability: true }, 'disability'],
    ['다른 지역', { residence: { area: 'other' } }, 'residence'],
    ['아니 68살이요', { age: 68 }, 'income'],
  ],
  ja: [
    ['二人暮らしです', { householdSize: 2 }],
    ['一人暮らしの七十歳です', { age: 70, householdSize: 1 }],
    ['67歳です', { age: 67 }],
    ['4人家族です', { householdSize: 4 }],
    ['年収300万円です', { income: JPY(3_000_000) }],
    ['月収20万円です', { income: JPY(200_000, 'month') }],
    ['年収三百万円', { income: JPY(3_000_000) }],
    ['3歳の子どもがいるシングルマザーです', { childrenAges: [3], singleParent: true }],
    ['子どもが二人、5歳と8歳です', { childrenAges: [5, 8] }],
    ['さくら台市に住んでいます', { residence: { area: 'sakuradai' } }],
    ['無職です', { employment: 'unemployed' }],
    ['障害者手帳を持っています', { disability: true }],
    ['いいえ', { pregnant: false }, 'pregnant'],
    ['300', { income: JPY(3_000_000) }, 'income'],
    ['いいえ、68歳です', { age: 68 }, 'disability'],
  ],
  en: [
    ["I'm a single mum with a 3-year-old", { childrenAges: [3], singleParent: true }],
    ["I'm 67 and live alone", { age: 67, householdSize: 1 }],
    ["I'm sixty-seven", { age: 67 }],
    ["I'm a 70-year-old retiree", { age: 70, employment: 'retired' }],
    ['we earn about 30k a year', { income: USD(30_000) }],
    ['$2,000 a month', { income: USD(2_000, 'month') }, 'income'],
    ['kids aged 4 and 9', { childrenAges: [4, 9] }],
    ['my son is 7', { childrenAges: [7] }],
    ['family of 4', { householdSize: 4 }],
    ['I live in Maple Bay', { residence: { area: 'maplebay' } }],
    ['I lost my job', { employment: 'unemployed' }],
    ["I'm self-employed", { employment: 'self_employed' }],
    ['I have a disability', { disability: true }],
    ['no', { disability: false }, 'disability'],
    ['Actually I am 68', { age: 68 }],
    ['2 years', {}, 'income'],
  ],
};

describe('fact extraction', () => {
  for (const lang of ['ko', 'ja', 'en'] as const) {
    describe(lang, () => {
      for (const [text, expected, asked] of CASES[lang]) {
        it(`when the resident says "${text}"${asked ? ` (asked: ${asked})` : ''}, then it reads ${JSON.stringify(expected)}`, () => {
          assert.deepEqual(extractFacts(text, lang, { settings, expected: asked }), expected);
        });
      }
    });
  }

  it('when a correction follows, then the later value replaces the earlier one', () => {
    let profile = applyFacts({}, extractFacts('67살이고 혼자 살아요', 'ko', { settings }));
    profile = applyFacts(profile, extractFacts('아니 68살이요', 'ko', { settings }));
    assert.deepEqual(profile, { age: 68, householdSize: 1 });
  });

  it('when years of residence come without an area, then they are dropped', () => {
    assert.deepEqual(applyFacts({}, { residenceYears: 3 }), {});
    assert.deepEqual(applyFacts({ residence: { area: 'hanbit' } }, { residenceYears: 3 }), { residence: { area: 'hanbit', years: 3 } });
  });

  it('when CJK numerals with units are read, then they become numbers', () => {
    assert.equal(parseCjkNumber('1억2천만'), 120_000_000);
    assert.equal(parseCjkNumber('六十七'), 67);
    assert.equal(parseCjkNumber('150만'), 1_500_000);
    assert.equal(parseCjkNumber('3百万'), 3_000_000);
  });

  it('when control words are given, then stop, delete and yes/no are recognised', () => {
    for (const s of ['그만', 'やめる', 'stop', 'cancel']) assert.equal(isStopRequest(s), true, s);
    assert.equal(isStopRequest('그만큼 벌어요'), false);
    for (const s of ['내 정보 삭제해줘', '私の情報を削除してください', 'please delete my information']) assert.equal(isDeleteRequest(s), true, s);
    assert.equal(parseYesNo('네', 'ko'), true);
    assert.equal(parseYesNo('いいえ', 'ja'), false);
    assert.equal(parseYesNo('maybe', 'en'), null);
  });
});
