/**
 * The deterministic rule engine: profile + criteria → eligible / not eligible / unknown, with a
 * reason per criterion and the facts still missing. No LLM is involved in any decision.
 *
 * Three-valued logic: allOf fails as soon as one part fails, holds when all hold, else is
 * unknown; anyOf holds as soon as one part holds, fails when all fail, else is unknown. Missing
 * facts are only reported where they could still change the outcome.
 */
import type { ChildrenRule, Criteria, IncomeRule, Range, ResidencyRule } from './criteria-schema';
import type { FactKey, Profile } from './profile';
import { withInferences } from './profile';
import { dependsOnHouseholdSize, referenceAmount, type EligibilitySettings } from './references';
import type { EligibilityProgram, ProgramEvaluation, Reason, Verdict } from './types';

interface NodeResult {
  verdict: Verdict;
  reasons: Reason[];
  missing: FactKey[];
}

const leaf = (reason: Reason, missing: FactKey[] = []): NodeResult => ({
  verdict: reason.verdict,
  reasons: [reason],
  missing: reason.verdict === 'unknown' ? missing : [],
});

const union = (lists: FactKey[][]): FactKey[] => [...new Set(lists.flat())];

function combineAll(parts: NodeResult[]): NodeResult {
  const reasons = parts.flatMap((p) => p.reasons);
  if (parts.some((p) => p.verdict === 'not_met')) return { verdict: 'not_met', reasons, missing: [] };
  if (parts.every((p) => p.verdict === 'met')) return { verdict: 'met', reasons, missing: [] };
  return { verdict: 'unknown', reasons, missing: union(parts.filter((p) => p.verdict === 'unknown').map((p) => p.missing)) };
}

function combineAny(parts: NodeResult[]): NodeResult {
  const met = parts.filter((p) => p.verdict === 'met');
  if (met.length > 0) return { verdict: 'met', reasons: met.flatMap((p) => p.reasons), missing: [] };
  const reasons = parts.flatMap((p) => p.reasons);
  if (parts.every((p) => p.verdict === 'not_met')) return { verdict: 'not_met', reasons, missing: [] };
  return { verdict: 'unknown', reasons, missing: union(parts.filter((p) => p.verdict === 'unknown').map((p) => p.missing)) };
}

function inRange(value: number, r: Range): boolean {
  return (r.min === undefined || value >= r.min) && (r.max === undefined || value <= r.max);
}

function range(fact: 'age' | 'householdSize', r: Range, profile: Profile): NodeResult {
  const value = profile[fact];
  if (value === undefined) return leaf({ kind: 'range', fact, verdict: 'unknown', min: r.min, max: r.max }, [fact]);
  return leaf({ kind: 'range', fact, verdict: inRange(value, r) ? 'met' : 'not_met', value, min: r.min, max: r.max });
}

function income(rule: IncomeRule, profile: Profile, settings: EligibilitySettings): NodeResult {
  let limitFor: (size: number) => number;
  let currency: string;
  let period: 'month' | 'year';
  let needsSize = false;
  const base = { percent: undefined as number | undefined, reference: undefined as string | undefined };
  if ('reference' in rule) {
    const ref = settings.incomeReferences.get(rule.reference);
    if (!ref) {
      return leaf({ kind: 'income', verdict: 'unknown', currency: '', period: 'month', reference: rule.reference, problem: 'unknown_reference' });
    }
    currency = ref.currency;
    period = ref.period;
    needsSize = dependsOnHouseholdSize(ref);
    limitFor = (size) => Math.floor((referenceAmount(ref, size) * rule.maxPercent) / 100);
    base.percent = rule.maxPercent;
    base.reference = ref.id;
  } else {
    currency = rule.currency;
    period = rule.period;
    limitFor = () => rule.max;
  }
  const size = profile.householdSize;
  const missing: FactKey[] = [];
  if (needsSize && size === undefined) missing.push('householdSize');
  if (profile.income === undefined) missing.push('income');
  const limit = needsSize && size === undefined ? undefined : limitFor(size ?? 1);
  const common = { ...base, currency, period, limit, householdSize: needsSize ? size : undefined };
  if (missing.length > 0) return leaf({ kind: 'income', verdict: 'unknown', income: profile.income, ...common }, missing);
  const stated = profile.income!;
  if (stated.currency !== currency) {
    return leaf({ kind: 'income', verdict: 'unknown', income: stated, problem: 'currency', ...common }, ['income']);
  }
  const compared = stated.period === period ? stated.amount : stated.period === 'month' ? stated.amount * 12 : stated.amount / 12;
  return leaf({ kind: 'income', verdict: compared <= (limit ?? 0) ? 'met' : 'not_met', income: stated, compared: Math.round(compared), ...common });
}

function residency(rule: ResidencyRule, profile: Profile): NodeResult {
  const where = profile.residence;
  if (!where) return leaf({ kind: 'residency', verdict: 'unknown', area: rule.area, minYears: rule.minYears }, ['residence']);
  if (where.area !== rule.area) return leaf({ kind: 'residency', verdict: 'not_met', area: rule.area, actualArea: where.area, minYears: rule.minYears });
  if (rule.minYears === undefined) return leaf({ kind: 'residency', verdict: 'met', area: rule.area, actualArea: where.area });
  if (where.years === undefined) return leaf({ kind: 'residency', verdict: 'unknown', area: rule.area, actualArea: where.area, minYears: rule.minYears }, ['residenceYears']);
  return leaf({ kind: 'residency', verdict: where.years >= rule.minYears ? 'met' : 'not_met', area: rule.area, actualArea: where.area, years: where.years, minYears: rule.minYears });
}

function children(rule: ChildrenRule, profile: Profile): NodeResult {
  const minCount = rule.minCount ?? 1;
  const ages = profile.childrenAges;
  if (ages === undefined) return leaf({ kind: 'children', verdict: 'unknown', minCount, minAge: rule.minAge, maxAge: rule.maxAge }, ['childrenAges']);
  const matching = ages.filter((a) => inRange(a, { min: rule.minAge, max: rule.maxAge }));
  return leaf({ kind: 'children', verdict: matching.length >= minCount ? 'met' : 'not_met', ages: matching.length > 0 ? matching : ages, minCount, minAge: rule.minAge, maxAge: rule.maxAge });
}

function flag(fact: 'singleParent' | 'disability' | 'pregnant', required: boolean, profile: Profile): NodeResult {
  const value = profile[fact];
  if (value === undefined) return leaf({ kind: 'flag', fact, required, verdict: 'unknown' }, [fact]);
  return leaf({ kind: 'flag', fact, required, verdict: value === required ? 'met' : 'not_met' });
}

/** Evaluates one criteria object (all keys must hold) against a profile. */
export function evaluateCriteria(criteria: Criteria, profile: Profile, settings: EligibilitySettings): NodeResult {
  const parts: NodeResult[] = [];
  if (criteria.residency) parts.push(residency(criteria.residency, profile));
  if (criteria.age) parts.push(range('age', criteria.age, profile));
  if (criteria.householdSize) parts.push(range('householdSize', criteria.householdSize, profile));
  if (criteria.children) parts.push(children(criteria.children, profile));
  if (criteria.singleParent !== undefined) parts.push(flag('singleParent', criteria.singleParent, profile));
  if (criteria.disability !== undefined) parts.push(flag('disability', criteria.disability, profile));
  if (criteria.pregnant !== undefined) parts.push(flag('pregnant', criteria.pregnant, profile));
  if (criteria.employment) {
    const value = profile.employment;
    const allowed = criteria.employment;
    parts.push(
      value === undefined
        ? leaf({ kind: 'employment', verdict: 'unknown', allowed }, ['employment'])
        : leaf({ kind: 'employment', verdict: allowed.includes(value) ? 'met' : 'not_met', allowed, value }),
    );
  }
  if (criteria.income) parts.push(income(criteria.income, profile, settings));
  if (criteria.anyOf) parts.push(combineAny(criteria.anyOf.map((c) => evaluateCriteria(c, profile, settings))));
  if (criteria.allOf) parts.push(combineAll(criteria.allOf.map((c) => evaluateCriteria(c, profile, settings))));
  return combineAll(parts);
}

const STATUS: Record<Verdict, ProgramEvaluation['status']> = { met: 'eligible', not_met: 'not_eligible', unknown: 'unknown' };

/** Evaluates one program; a program without criteria cannot be screened and is reported unknown. */
export function evaluateProgram(program: EligibilityProgram, profile: Profile, settings: EligibilitySettings): ProgramEvaluation {
  if (!program.criteria) return { id: program.id, status: 'unknown', reasons: [], missing: [] };
  const result = evaluateCriteria(program.criteria, withInferences(profile), settings);
  return { id: program.id, status: STATUS[result.verdict], reasons: result.reasons, missing: result.missing };
}

/** Evaluates every program that has an eligibility block. */
export function evaluatePrograms(programs: readonly EligibilityProgram[], profile: Profile, settings: EligibilitySettings): ProgramEvaluation[] {
  return programs.filter((p) => p.criteria !== null).map((p) => evaluateProgram(p, profile, settings));
}
