/**
 * The `eligibility:` block of a knowledge document's front matter (documented in
 * `eligibility/README.md`). A criteria object lists conditions that must ALL hold; `anyOf` and
 * `allOf` nest further criteria objects. Unknown keys are rejected so a typo in a document is
 * reported rather than silently ignored.
 */
import { z } from 'zod';
import { EMPLOYMENT_STATUSES, type EmploymentStatus } from './profile';

/** An inclusive numeric range; at least one bound. */
export interface Range {
  min?: number;
  max?: number;
}

/** Household income compared with a reference from `income-references.yaml`, or a fixed amount. */
export type IncomeRule =
  | { reference: string; maxPercent: number }
  | { max: number; currency: string; period: 'month' | 'year' };

/** Residency in an area from `areas.yaml`, optionally for a minimum number of years. */
export interface ResidencyRule {
  area: string;
  minYears?: number;
}

/** At least `minCount` children (default 1) whose ages are within [minAge, maxAge]. */
export interface ChildrenRule {
  minCount?: number;
  minAge?: number;
  maxAge?: number;
}

/** A criteria object: every present key must hold. */
export interface Criteria {
  age?: Range;
  householdSize?: Range;
  income?: IncomeRule;
  residency?: ResidencyRule;
  children?: ChildrenRule;
  singleParent?: boolean;
  disability?: boolean;
  pregnant?: boolean;
  /** The resident's employment must be one of these. */
  employment?: EmploymentStatus[];
  /** At least one of these criteria objects holds. */
  anyOf?: Criteria[];
  /** All of these criteria objects hold. */
  allOf?: Criteria[];
}

const range = z
  .object({ min: z.number().nonnegative().optional(), max: z.number().nonnegative().optional() })
  .strict()
  .refine((r) => r.min !== undefined || r.max !== undefined, 'give min and/or max')
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min must not exceed max');

const incomeRule = z.union([
  z.object({ reference: z.string().min(1), maxPercent: z.number().positive().default(100) }).strict(),
  z
    .object({
      max: z.number().nonnegative(),
      currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter currency code such as KRW'),
      period: z.enum(['month', 'year']),
    })
    .strict(),
]);

/** The zod schema of a criteria object (recursive through anyOf/allOf). */
export const criteriaSchema: z.ZodType<Criteria> = z.lazy(() =>
  z
    .object({
      age: range.optional(),
      householdSize: range.optional(),
      income: incomeRule.optional(),
      residency: z.object({ area: z.string().min(1), minYears: z.number().nonnegative().optional() }).strict().optional(),
      children: z
        .object({
          minCount: z.number().int().min(1).optional(),
          minAge: z.number().nonnegative().optional(),
          maxAge: z.number().nonnegative().optional(),
        })
        .strict()
        .optional(),
      singleParent: z.boolean().optional(),
      disability: z.boolean().optional(),
      pregnant: z.boolean().optional(),
      employment: z.array(z.enum(EMPLOYMENT_STATUSES)).min(1).optional(),
      anyOf: z.array(criteriaSchema).min(1).optional(),
      allOf: z.array(criteriaSchema).min(1).optional(),
    })
    .strict()
    .refine((c) => Object.values(c).some((v) => v !== undefined), 'an empty criteria object decides nothing'),
);
