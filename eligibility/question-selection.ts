/**
 * Which fact to ask next: the one that splits the remaining undecided programs most. Each
 * undecided program that needs the fact adds 1, plus a bonus when the fact is all it still
 * needs (asking it settles the program). Ties go to the simpler, less personal question first
 * (the order of FACT_KEYS: age before income).
 */
import { FACT_KEYS, type FactKey } from './profile';
import type { ProgramEvaluation } from './types';

/** A fact and how many undecided programs it bears on. */
export interface QuestionCandidate {
  fact: FactKey;
  score: number;
  programs: number;
}

/** Ranks the facts worth asking, best first; facts in `exclude` (already asked) are skipped. */
export function rankQuestions(evaluations: readonly ProgramEvaluation[], exclude: ReadonlySet<FactKey> = new Set()): QuestionCandidate[] {
  const scores = new Map<FactKey, QuestionCandidate>();
  for (const e of evaluations) {
    if (e.status !== 'unknown') continue;
    // Household size comes before income: the income limit depends on it.
    const askable = e.missing.filter((f) => !exclude.has(f) && !(f === 'income' && e.missing.includes('householdSize') && !exclude.has('householdSize')));
    for (const fact of askable) {
      const c = scores.get(fact) ?? { fact, score: 0, programs: 0 };
      c.score += 1 + 1 / e.missing.length;
      c.programs += 1;
      scores.set(fact, c);
    }
  }
  return [...scores.values()].sort((a, b) => b.score - a.score || FACT_KEYS.indexOf(a.fact) - FACT_KEYS.indexOf(b.fact));
}

/** The single most informative fact to ask next, or null when nothing undecided can be settled. */
export function selectQuestion(evaluations: readonly ProgramEvaluation[], exclude: ReadonlySet<FactKey> = new Set()): FactKey | null {
  return rankQuestions(evaluations, exclude)[0]?.fact ?? null;
}
