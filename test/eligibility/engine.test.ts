import assert from 'node:assert/strict';
import type { Criteria } from '../../eligibility/criteria-schema';
import { criteriaSchema } from '../../eligibility/criteria-schema';
import { evaluateProgram } from '../../eligibility/engine';
import { formatReason } from '../../eligibility/format-reason';
import type { Profile } from '../../eligibility/profile';
import { referenceAmount } from '../../eligibility/references';
import type { EligibilityProgram } from '../../eligibility/types';
import { settings } from './helpers';

const program = (criteria: Criteria): EligibilityProgram => ({ id: 'p', title: 'P', lang: 'en', domain: 'welfare', region: 'XX', tags: [], criteria });
const run = (criteria: Criteria, profile: Profile) => evaluateProgram(program(criteria), profile, settings);
const hanbit = { area: 'hanbit' };
const krw = (amount: number, period: 'month' | 'year' = 'month') => ({ amount, currency: 'KRW', period });

describe('eligibility engine', () => {
  describe('age range', () => {
    it('when the age reaches the minimum, then it is eligible with the reason "age 67 ≥ 65"', () => {
      const e = run({ age: { min: 65 } }, { age: 67 });
      assert.equal(e.status, 'eligible');
      assert.equal(formatReason(e.reasons[0], 'en', settings), '✓ age 67 ≥ 65');
    });
    it('when the age is below the minimum, then it is not eligible', () => {
      const e = run({ age: { min: 65 } }, { age: 64 });
      assert.equal(e.status, 'not_eligible');
      assert.equal(formatReason(e.reasons[0], 'en', settings), '✗ age 64 < 65');
    });
    it('when the age is above a maximum, then it is not eligible', () => {
      assert.equal(run({ age: { min: 18, max: 64 } }, { age: 65 }).status, 'not_eligible');
      assert.equal(run({ age: { min: 18, max: 64 } }, { age: 64 }).status, 'eligible');
    });
    it('when the age is unknown, then it is unknown and age is missing', () => {
      const e = run({ age: { min: 65 } }, {});
      assert.equal(e.status, 'unknown');
      assert.deepEqual(e.missing, ['age']);
    });
  });

  describe('income against a reference by household size', () => {
    const rule: Criteria = { income: { reference: 'kr-median-income-2025', maxPercent: 48 } };
    it('when a 1-person household earns under 48% of the median, then it is eligible', () => {
      assert.equal(run(rule, { householdSize: 1, income: krw(1_100_000) }).status, 'eligible');
    });
    it('when it earns over the limit, then it is not eligible', () => {
      assert.equal(run(rule, { householdSize: 1, income: krw(1_200_000) }).status, 'not_eligible');
    });
    it('when the same income is in a 4-person household, then the larger limit applies', () => {
      assert.equal(run(rule, { householdSize: 4, income: krw(1_200_000) }).status, 'eligible');
    });
    it('when the income is annual, then it is converted to the reference period', () => {
      assert.equal(run(rule, { householdSize: 1, income: krw(12_000_000, 'year') }).status, 'eligible');
      assert.equal(run(rule, { householdSize: 1, income: krw(15_000_000, 'year') }).status, 'not_eligible');
    });
    it('when the household size is unknown, then both household size and income are missing', () => {
      const e = run(rule, {});
      assert.equal(e.status, 'unknown');
      assert.deepEqual(e.missing, ['householdSize', 'income']);
    });
    it('when the income is in another currency, then it stays unknown and asks for income', () => {
      const e = run(rule, { householdSize: 1, income: { amount: 1000, currency: 'USD', period: 'month' } });
      assert.equal(e.status, 'unknown');
      assert.deepEqual(e.missing, ['income']);
    });
    it('when a fixed yen limit is used, then the household size is not needed', () => {
      const e = run({ income: { max: 3_000_000, currency: 'JPY', period: 'year' } }, { income: { amount: 250_000, currency: 'JPY', period: 'month' } });
      assert.equal(e.status, 'eligible');
    });
    it('when the household is larger than the table, then the reference is extrapolated', () => {
      const ref = settings.incomeReferences.get('kr-median-income-2025')!;
      assert.equal(referenceAmount(ref, 7), 8064805 + (8064805 - 7108192));
      const pension = settings.incomeReferences.get('kr-basic-pension-threshold-2025')!;
      assert.equal(referenceAmount(pension, 5), 3648000);
      const school = settings.incomeReferences.get('sakuradai-school-aid-limit-2025')!;
      assert.equal(referenceAmount(school, 1), 2800000);
    });
  });

  describe('children', () => {
    const rule: Criteria = { children: { maxAge: 7 } };
    it('when a child is within the ages, then it is eligible', () => assert.equal(run(rule, { childrenAges: [3, 10] }).status, 'eligible'));
    it('when no child is within the ages, then it is not eligible', () => assert.equal(run(rule, { childrenAges: [9] }).status, 'not_eligible'));
    it('when there are no children, then it is not eligible', () => assert.equal(run(rule, { childrenAges: [] }).status, 'not_eligible'));
    it('when children are unknown, then childrenAges is missing', () => assert.deepEqual(run(rule, {}).missing, ['childrenAges']));
    it('when a minimum count is required, then fewer children fail', () => {
      assert.equal(run({ children: { minCount: 2, minAge: 6, maxAge: 15 } }, { childrenAges: [7, 3] }).status, 'not_eligible');
      assert.equal(run({ children: { minCount: 2, minAge: 6, maxAge: 15 } }, { childrenAges: [7, 12] }).status, 'eligible');
    });
    it('when the household is one person, then no children is inferred', () => assert.equal(run(rule, { householdSize: 1 }).status, 'not_eligible'));
  });

  describe('residency', () => {
    const rule: Criteria = { residency: { area: 'maplebay', minYears: 1 } };
    it('when the resident lives elsewhere, then it is not eligible', () => assert.equal(run(rule, { residence: hanbit }).status, 'not_eligible'));
    it('when the area matches but the years are unknown, then residenceYears is missing', () => assert.deepEqual(run(rule, { residence: { area: 'maplebay' } }).missing, ['residenceYears']));
    it('when the years are enough, then it is eligible', () => assert.equal(run(rule, { residence: { area: 'maplebay', years: 2 } }).status, 'eligible'));
    it('when the years are too few, then it is not eligible', () => assert.equal(run(rule, { residence: { area: 'maplebay', years: 0 } }).status, 'not_eligible'));
  });

  describe('flags and employment', () => {
    it('when a flag is required and true, then it is eligible', () => assert.equal(run({ disability: true }, { disability: true }).status, 'eligible'));
    it('when a flag is required and false, then it is not eligible', () => assert.equal(run({ singleParent: true }, { singleParent: false }).status, 'not_eligible'));
    it('when the employment is in the list, then it is eligible', () => assert.equal(run({ employment: ['employed', 'student'] }, { employment: 'student' }).status, 'eligible'));
    it('when the employment is not in the list, then it is not eligible', () => assert.equal(run({ employment: ['employed'] }, { employment: 'retired' }).status, 'not_eligible'));
  });

  describe('anyOf / allOf', () => {
    const anyOf: Criteria = { anyOf: [{ age: { min: 65 } }, { disability: true }] };
    it('when one branch holds, then anyOf holds and nothing is missing', () => {
      const e = run(anyOf, { age: 70 });
      assert.equal(e.status, 'eligible');
      assert.deepEqual(e.missing, []);
    });
    it('when all branches fail, then anyOf fails', () => assert.equal(run(anyOf, { age: 30, disability: false }).status, 'not_eligible'));
    it('when one branch fails and one is unknown, then only the unknown branch is missing', () => {
      const e = run(anyOf, { age: 30 });
      assert.equal(e.status, 'unknown');
      assert.deepEqual(e.missing, ['disability']);
    });
    it('when one part of allOf fails, then it is not eligible and nothing is missing', () => {
      const e = run({ allOf: [{ age: { min: 65 } }, { residency: hanbit }] }, { age: 40 });
      assert.equal(e.status, 'not_eligible');
      assert.deepEqual(e.missing, []);
    });
    it('when allOf nests anyOf, then all of it is evaluated', () => {
      const rule: Criteria = { residency: hanbit, allOf: [{ income: { reference: 'kr-median-income-2025', maxPercent: 75 } }, { anyOf: [{ employment: ['unemployed'] }, { singleParent: true }] }] };
      assert.equal(run(rule, { residence: hanbit, householdSize: 2, income: krw(1_000_000), singleParent: true }).status, 'eligible');
      assert.deepEqual(run(rule, { residence: hanbit, householdSize: 2, income: krw(1_000_000) }).missing, ['employment', 'singleParent']);
    });
  });

  describe('criteria schema', () => {
    it('when a key is misspelt, then the block is rejected', () => assert.equal(criteriaSchema.safeParse({ agee: { min: 3 } }).success, false));
    it('when a range has min above max, then it is rejected', () => assert.equal(criteriaSchema.safeParse({ age: { min: 9, max: 3 } }).success, false));
    it('when a block nests anyOf and allOf, then it is accepted', () => {
      assert.equal(criteriaSchema.safeParse({ residency: { area: 'x' }, anyOf: [{ age: { min: 65 } }, { allOf: [{ disability: true }, { employment: ['unemployed'] }] }] }).success, true);
    });
    it('when maxPercent is left out, then it defaults to 100', () => {
      const parsed = criteriaSchema.parse({ income: { reference: 'r' } });
      assert.deepEqual(parsed.income, { reference: 'r', maxPercent: 100 });
    });
  });
});
