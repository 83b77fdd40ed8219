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

/** The screening dialog plus a reload hook. */
export interface Eligibility {
  dialog: EligibilityDialog;
  /** Ids of the programs the screener can evaluate. */
  screenable(): ReadonlySet<string>;
  settings: ReturnType<typeof loadEligibilitySettings>;
  /** Re-reads the programs (after a knowledge-base import). */
  reload(dir: string): void;
}

/** Builds eligibility screening over the documents in `kbDir`. */
export function buildEligibility(kbDir: string, deps: { db: Database; log: Logger; extractor?: ProfileExtractor }): Eligibility {
  const settings = loadEligibilitySettings();
  let programs: EligibilityProgram[] = [];
  const reload = (dir: string) => {
    const loaded = loadPrograms(dir, settings);
    programs = loaded.programs.filter((p) => p.criteria !== null);
    for (const problem of loaded.problems) deps.log.warn({ file: problem.file, problem: problem.message }, 'eligibility criteria rejected');
    deps.log.info({ programs: programs.length }, 'eligibility programs loaded');
  };
  reload(kbDir);
  const dialog = new EligibilityDialog({ programs: () => programs, profiles: new SqlProfileStore(deps.db), extractor: deps.extractor, settings });
  return { dialog, reload, settings, screenable: () => new Set(programs.map((p) => p.id)) };
}
