/**
 * The resident's profile: the facts eligibility rules are decided on. Every field is optional
 * because the dialog fills them in bit by bit; a missing field is "unknown", never "no".
 */
import { z } from 'zod';

/** Employment situations the rules can ask about. */
export const EMPLOYMENT_STATUSES = ['employed', 'self_employed', 'unemployed', 'student', 'retired', 'homemaker'] as const;
/** One employment situation. */
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

/** Household income, before tax, as the resident stated it. */
export const incomeSchema = z.object({
  amount: z.number().nonnegative(),
  /** ISO-4217-like code (KRW, JPY, USD …). */
  currency: z.string().regex(/^[A-Z]{3}$/),
  period: z.enum(['month', 'year']),
});
/** Household income, before tax. */
export type Income = z.infer<typeof incomeSchema>;

/** Where the resident lives: an area id from `areas.yaml` (or `other`) and for how long. */
export const residenceSchema = z.object({
  area: z.string().min(1),
  years: z.number().nonnegative().optional(),
});
/** Where the resident lives. */
export type Residence = z.infer<typeof residenceSchema>;

/** The profile schema; used to validate `--profile` JSON, stored profiles and LLM extractions. */
export const profileSchema = z
  .object({
    age: z.number().int().min(0).max(130).optional(),
    /** People living together, the resident included. */
    householdSize: z.number().int().min(1).max(30).optional(),
    income: incomeSchema.optional(),
    residence: residenceSchema.optional(),
    /** Ages of the children the resident raises; `[]` means no children. */
    childrenAges: z.array(z.number().int().min(0).max(30)).max(20).optional(),
    disability: z.boolean().optional(),
    pregnant: z.boolean().optional(),
    employment: z.enum(EMPLOYMENT_STATUSES).optional(),
    singleParent: z.boolean().optional(),
  })
  .strict();

/** What is known about the resident. */
export type Profile = z.infer<typeof profileSchema>;

/**
 * The facts a rule can depend on and a question can ask for. `residenceYears` is separate from
 * `residence` because it is only worth asking once the area is known to match.
 */
export const FACT_KEYS = [
  'age',
  'householdSize',
  'residence',
  'residenceYears',
  'income',
  'childrenAges',
  'singleParent',
  'disability',
  'pregnant',
  'employment',
] as const;
/** One fact key. */
export type FactKey = (typeof FACT_KEYS)[number];

/** True when the profile holds a value for the fact. */
export function hasFact(profile: Profile, fact: FactKey): boolean {
  if (fact === 'residenceYears') return profile.residence?.years !== undefined;
  return profile[fact] !== undefined;
}

/**
 * Merges newer facts over older ones (a later statement corrects an earlier one). Residence
 * years survive a repeated area, but not a change of area.
 */
export function mergeProfiles(base: Profile, update: Partial<Profile>): Profile {
  const out: Profile = { ...base };
  for (const [key, value] of Object.entries(update) as [keyof Profile, Profile[keyof Profile]][]) {
    if (value === undefined) continue;
    if (key === 'residence') {
      const next = value as Residence;
      const keepYears = base.residence && base.residence.area === next.area && next.years === undefined;
      out.residence = keepYears ? { ...next, years: base.residence?.years } : { ...next };
      if (out.residence.years === undefined) delete out.residence.years;
    } else {
      (out as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}

/**
 * Facts that can be derived from others: a household of one raises no children at home (so is
 * no single parent); a single parent's household is the parent plus the children.
 */
export function withInferences(profile: Profile): Profile {
  const out = { ...profile };
  if (out.householdSize === 1) {
    out.childrenAges ??= [];
    out.singleParent ??= false;
  }
  if (out.householdSize === undefined && out.singleParent === true && out.childrenAges && out.childrenAges.length > 0) {
    out.householdSize = 1 + out.childrenAges.length;
  }
  return out;
}

/** Validates untrusted profile data (stored JSON, LLM output), dropping invalid fields. */
export function sanitizeProfile(input: unknown): Partial<Profile> {
  if (typeof input !== 'object' || input === null) return {};
  const out: Record<string, unknown> = {};
  const shape = profileSchema.shape;
  for (const [key, value] of Object.entries(input)) {
    if (!(key in shape) || value === undefined || value === null) continue;
    const parsed = shape[key as keyof typeof shape].safeParse(value);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out;
}
