/**
 * Shared result types of the eligibility engine. Reasons are structured (values, limits, ids) so
 * that each caller words them in the resident's language (`format-reason.ts`).
 */
import type { Lang } from '../locales/lang';
import type { Criteria } from './criteria-schema';
import type { EmploymentStatus, FactKey, Income } from './profile';

/** A three-valued verdict: unknown means a fact is missing. */
export type Verdict = 'met' | 'not_met' | 'unknown';

/** Why a single criterion holds, fails or cannot be decided yet. */
export type Reason =
  | { kind: 'range'; fact: 'age' | 'householdSize'; verdict: Verdict; value?: number; min?: number; max?: number }
  | {
      kind: 'income';
      verdict: Verdict;
      income?: Income;
      /** The limit in the reference's currency and period (after maxPercent). */
      limit?: number;
      currency: string;
      period: 'month' | 'year';
      /** The resident's income converted to the reference's period. */
      compared?: number;
      percent?: number;
      reference?: string;
      householdSize?: number;
      problem?: 'currency' | 'unknown_reference';
    }
  | { kind: 'residency'; verdict: Verdict; area: string; actualArea?: string; years?: number; minYears?: number }
  | { kind: 'children'; verdict: Verdict; ages?: number[]; minCount: number; minAge?: number; maxAge?: number }
  | { kind: 'flag'; fact: 'singleParent' | 'disability' | 'pregnant'; required: boolean; verdict: Verdict }
  | { kind: 'employment'; verdict: Verdict; allowed: EmploymentStatus[]; value?: EmploymentStatus };

/** A program's overall status for a profile. */
export type EligibilityStatus = 'eligible' | 'not_eligible' | 'unknown';

/** The engine's answer for one program. */
export interface ProgramEvaluation {
  id: string;
  status: EligibilityStatus;
  /** Every criterion that was looked at (for an anyOf that holds: the branch that holds). */
  reasons: Reason[];
  /** Facts still needed to decide (empty unless status is unknown). */
  missing: FactKey[];
}

/** A knowledge document that carries an `eligibility:` block, as the engine and the dialog need it. */
export interface EligibilityProgram {
  id: string;
  title: string;
  lang: Lang;
  domain: string;
  region: string;
  sourceUrl?: string;
  tags: string[];
  /** Null when the document has no eligibility block (it is then never evaluated). */
  criteria: Criteria | null;
  /** A short "how to apply" text: front-matter `apply:` or the start of the how-to-apply section. */
  apply?: string;
  /** The file it was read from (for error messages). */
  file?: string;
}
