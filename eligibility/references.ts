/**
 * The city-editable settings the rules refer to: income references (`income-references.yaml`)
 * and residence areas (`areas.yaml`). Loaded once at start-up and validated, so a bad edit stops
 * start-up with a message naming the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Lang } from '../locales/lang';

/** One income reference (for example Korea's standard median income by household size). */
export interface IncomeReference {
  id: string;
  label: Record<Lang, string>;
  currency: string;
  period: 'month' | 'year';
  /** Household size → amount; a single `amount` is stored under size 1 with `flat` set. */
  byHouseholdSize: Map<number, number>;
  flat: boolean;
  beyondLargest: 'extrapolate' | 'largest';
}

/** A residence area and the names residents call it. */
export interface Area {
  id: string;
  names: Record<Lang, string[]>;
}

/** Everything the engine and the extractor need besides the programs. */
export interface EligibilitySettings {
  incomeReferences: Map<string, IncomeReference>;
  areas: Area[];
  defaultCurrency: Record<Lang, string>;
}

/** A settings file that cannot be read or does not match its schema. */
export class EligibilitySettingsError extends Error {
  constructor(
    message: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
    this.name = 'EligibilitySettingsError';
  }
}

const perLang = <T extends z.ZodTypeAny>(item: T) => z.object({ ko: item, ja: item, en: item });
const currency = z.string().regex(/^[A-Z]{3}$/);

const referencesFile = z.object({
  defaultCurrency: perLang(currency),
  references: z.record(
    z.string(),
    z
      .object({
        label: perLang(z.string().min(1)),
        currency,
        period: z.enum(['month', 'year']),
        amount: z.number().nonnegative().optional(),
        byHouseholdSize: z.record(z.string().regex(/^\d+$/), z.number().nonnegative()).optional(),
        beyondLargest: z.enum(['extrapolate', 'largest']).default('extrapolate'),
      })
      .refine((r) => (r.amount === undefined) !== (r.byHouseholdSize === undefined), 'give either amount or byHouseholdSize'),
  ),
});

const areasFile = z.object({
  areas: z.record(z.string(), z.object({ names: perLang(z.array(z.string().min(1)).min(1)) })),
});

function readYaml(file: string): unknown {
  try {
    return parseYaml(fs.readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    throw new EligibilitySettingsError('cannot be read as YAML', file, { cause: err });
  }
}

function check<T>(schema: z.ZodType<T>, data: unknown, file: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EligibilitySettingsError(`${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, file);
  }
  return parsed.data;
}

/** The repository root, also when running compiled from dist/ (where the YAML files are not copied). */
const ROOT = path.basename(path.resolve(__dirname, '..')) === 'dist' ? path.resolve(__dirname, '..', '..') : path.resolve(__dirname, '..');

/** The bundled settings files. */
export const DEFAULT_SETTINGS_FILES = {
  incomeReferences: path.join(ROOT, 'eligibility', 'income-references.yaml'),
  areas: path.join(ROOT, 'eligibility', 'areas.yaml'),
};

/** Loads and validates both settings files. */
export function loadEligibilitySettings(files: { incomeReferences: string; areas: string } = DEFAULT_SETTINGS_FILES): EligibilitySettings {
  const refs = check(referencesFile, readYaml(files.incomeReferences), files.incomeReferences);
  const areas = check(areasFile, readYaml(files.areas), files.areas);
  const incomeReferences = new Map<string, IncomeReference>();
  for (const [id, r] of Object.entries(refs.references)) {
    const table = new Map<number, number>();
    if (r.amount !== undefined) table.set(1, r.amount);
    else for (const [size, amount] of Object.entries(r.byHouseholdSize ?? {})) table.set(Number(size), amount);
    incomeReferences.set(id, { id, label: r.label, currency: r.currency, period: r.period, byHouseholdSize: table, flat: r.amount !== undefined, beyondLargest: r.beyondLargest });
  }
  return {
    incomeReferences,
    areas: Object.entries(areas.areas).map(([id, a]) => ({ id, names: a.names })),
    defaultCurrency: refs.defaultCurrency,
  };
}

/** The reference amount for a household size (see the rules at the top of the YAML file). */
export function referenceAmount(ref: IncomeReference, householdSize: number): number {
  const sizes = [...ref.byHouseholdSize.keys()].sort((a, b) => a - b);
  if (ref.flat || sizes.length === 1) return ref.byHouseholdSize.get(sizes[0]) ?? 0;
  const exact = ref.byHouseholdSize.get(householdSize);
  if (exact !== undefined) return exact;
  const smallest = sizes[0];
  const largest = sizes[sizes.length - 1];
  if (householdSize < smallest) return ref.byHouseholdSize.get(smallest) ?? 0;
  if (householdSize > largest) {
    const top = ref.byHouseholdSize.get(largest) ?? 0;
    if (ref.beyondLargest === 'largest') return top;
    const step = top - (ref.byHouseholdSize.get(sizes[sizes.length - 2]) ?? top);
    return top + step * (householdSize - largest);
  }
  // A gap inside the table: use the next smaller size listed (conservative).
  const below = sizes.filter((s) => s < householdSize).pop() ?? smallest;
  return ref.byHouseholdSize.get(below) ?? 0;
}

/** Whether a reference depends on the household size (so the size must be known first). */
export function dependsOnHouseholdSize(ref: IncomeReference): boolean {
  return !ref.flat && ref.byHouseholdSize.size > 1;
}
