/**
 * Builds eligibility screening: programs (knowledge documents with an `eligibility:` block) read
 * from the knowledge base folder, reloaded when the knowledge base changes, and the profile store.
 */
import type { Logger } from 'pino';
import type { Database } from '../../storage/database';
import { EligibilityDialog, type ProfileExtractor } from '../../dialogs/eligibility-dialog';
import { loadPrograms } from '../../eligibility/program-loader';
import { loadEligibilitySettings } from '../../eligibility/references';
import { SqlProfileStore } from '../../eligibility/sql-profile-store';
import type { EligibilityProgram } from '../../eligibility/types';
import { evaluatePrograms } from '../../eligibility/engine';
import { formatReason } from '../../eligibility/format-reason';
import { profileSchema } from '../../eligibility/profile';
import type { OfficerScreener } from '../../officers/officer-screening';

/** The screening dialog plus a reload hook. */
export interface Eligibility {
  dialog: EligibilityDialog;
  /** Ids of the programs the screener can evaluate. */
  screenable(): ReadonlySet<string>;
  settings: ReturnType<typeof loadEligibilitySettings>;
  /** Re-reads the programs (after a knowledge-base import). */
  reload(dir: string): void;
  /** Screening for officers: the same engine and reason texts as `madoguchi eligibility`. */
  screener: OfficerScreener;
}

/** Builds eligibility screening over the documents in `kbDir`. */
export function buildEligibility(
  kbDir: string,
  deps: { db: Database; log: Logger; extractor?: ProfileExtractor; settingsFiles?: { areas: string; incomeReferences: string } },
): Eligibility {
  const settings = loadEligibilitySettings(deps.settingsFiles);
  let programs: EligibilityProgram[] = [];
  const reload = (dir: string) => {
    const loaded = loadPrograms(dir, settings);
    programs = loaded.programs.filter((p) => p.criteria !== null);
    for (const problem of loaded.problems) deps.log.warn({ file: problem.file, problem: problem.message }, 'eligibility criteria rejected');
    deps.log.info({ programs: programs.length }, 'eligibility programs loaded');
  };
  reload(kbDir);
  const dialog = new EligibilityDialog({ programs: () => programs, profiles: new SqlProfileStore(deps.db), extractor: deps.extractor, settings });
  const screener: OfficerScreener = {
    screen: (facts, lang) => {
      const parsed = profileSchema.safeParse(facts);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, problem: `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
      }
      const titles = new Map(programs.map((p) => [p.id, p.title]));
      const results = evaluatePrograms(programs, parsed.data, settings).map((e) => ({
        id: e.id,
        title: titles.get(e.id) ?? e.id,
        status: e.status,
        reasons: e.reasons.map((r) => formatReason(r, lang, settings)),
        missing: [...e.missing],
      }));
      return { ok: true, results };
    },
  };
  return { dialog, reload, settings, screener, screenable: () => new Set(programs.map((p) => p.id)) };
}
