/**
 * `madoguchi eligibility --kb <dir> --profile '<json>'`: runs the rule engine over a knowledge
 * directory for one profile and prints `[{"id","status","reasons":[…],"missing":[…]}]`.
 * For officers checking a case and for tests; needs no database.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { isLang, type Lang } from '../../locales/lang';
import { evaluatePrograms } from '../../eligibility/engine';
import { formatReason } from '../../eligibility/format-reason';
import { profileSchema } from '../../eligibility/profile';
import { loadPrograms } from '../../eligibility/program-loader';
import { DEFAULT_SETTINGS_FILES, loadEligibilitySettings } from '../../eligibility/references';

/** One line of the command's output. */
export interface EligibilityCommandRow {
  id: string;
  status: 'eligible' | 'not_eligible' | 'unknown';
  reasons: string[];
  missing: string[];
}

/** Options of the command. */
export interface EligibilityCommandOptions {
  kb: string;
  profile: string;
  lang?: string;
  references?: string;
  areas?: string;
}

/** Runs the screening; throws with a one-line message on bad input. */
export function runEligibility(options: EligibilityCommandOptions): { rows: EligibilityCommandRow[]; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(options.profile);
  } catch (err) {
    throw new Error('--profile is not valid JSON', { cause: err });
  }
  const parsed = profileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--profile: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const lang: Lang = isLang(options.lang) ? options.lang : 'en';
  const settings = loadEligibilitySettings({ incomeReferences: options.references ?? DEFAULT_SETTINGS_FILES.incomeReferences, areas: options.areas ?? DEFAULT_SETTINGS_FILES.areas });
  const { programs, problems } = loadPrograms(options.kb, settings);
  const rows = evaluatePrograms(programs, parsed.data, settings).map((e) => ({
    id: e.id,
    status: e.status,
    reasons: e.reasons.map((r) => formatReason(r, lang, settings)),
    missing: e.missing,
  }));
  return { rows, problems: problems.map((p) => `${p.file}: ${p.message}`) };
}

/** Registers the `eligibility` subcommand. */
export function register(program: Command): void {
  program
    .command('eligibility')
    .description('screen a profile against the eligibility rules of a knowledge base and print JSON')
    .option('--kb <dir>', 'knowledge directory (default: KB_DIR)')
    .requiredOption('--profile <json>', 'profile as JSON, e.g. \'{"age":67,"householdSize":1,"residence":{"area":"hanbit"}}\'')
    .option('--lang <lang>', 'language of the reasons (ko, ja, en)', 'en')
    .option('--references <file>', 'income references YAML (default: eligibility/income-references.yaml)')
    .option('--areas <file>', 'areas YAML (default: eligibility/areas.yaml)')
    .action((opts: { kb?: string; profile: string; lang?: string; references?: string; areas?: string }) => {
      try {
        const kb = opts.kb ?? loadConfig().KB_DIR;
        const { rows, problems } = runEligibility({ ...opts, kb });
        for (const p of problems) process.stderr.write(`madoguchi eligibility: skipped ${p}\n`);
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      } catch (err) {
        process.stderr.write(`madoguchi eligibility: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      }
    });
}
