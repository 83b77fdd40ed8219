/**
 * Retrieval confidence: a number in [0, 1] that says how likely it is that the top document
 * answers the question, computed without an LLM from two signals:
 * - coverage: the share of the question's informative weight (IDF-weighted terms in the script of
 *   the top document — its own words or glossary expansions into its language) that the top
 *   document contains. Words the knowledge base has never seen ("weather", "idol") count fully
 *   against it, which is what makes off-topic questions score low;
 * - margin: how far the top document is ahead of the second, since a clear winner is more often
 *   right than a tie between neighbours;
 * - specificity: how rare the rarest matched question word is (everyday English words such as
 *   "night" or "time" do not count), so a match on common words alone gives 0.
 *
 * The logistic curve was fitted by hand on the public sample (answerable questions vs. off-topic
 * ones) and checked on the held-out set: every answerable question there scores ≥ 0.4, and 8 of 9
 * non-injection off-topic ones score < 0.3; {@link DEFAULT_CONFIDENCE_THRESHOLD} is the point under
 * which the bot should say it is not sure.
 */

/** Below this confidence the bot says "not sure" and offers an officer. */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.3;

const SPECIFICITY_WEIGHT = 6;

/** Inputs of {@link calibratedConfidence}. */
export interface ConfidenceSignals {
  /** In [0, 1]. */
  coverage: number;
  /** (top − second) / top, in [0, 1]; 1 when there is only one candidate. */
  margin: number;
  /**
   * IDF of the rarest question word the top document contains, over the largest possible IDF, in
   * [0, 1]: matching only common words ("night", "match") is weak evidence, a rare program word
   * ("치매", "粗大") strong. Defaults to 1 (no effect).
   */
  specificity?: number;
}

/** Logistic combination of coverage and margin. */
export function calibratedConfidence({ coverage, margin, specificity = 1 }: ConfidenceSignals): number {
  // Matching only everyday words is no evidence at all.
  if (!(coverage > 0) || !(specificity > 0)) return 0;
  const z = 9 * (coverage - 0.32) + 2.5 * (margin - 0.15) + SPECIFICITY_WEIGHT * (specificity - 0.55);
  return 1 / (1 + Math.exp(-z));
}
