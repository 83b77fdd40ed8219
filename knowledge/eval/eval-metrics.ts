/**
 * Turns per-case observations into the evaluation report of `madoguchi eval --json`:
 * `{"cases","retrieval":{"n","hit@1","hit@3","mrr"},"xling":{"n","hit@3"},
 *   "routing":{"answer":{"precision","recall"},"handoff":…,"crisis":…,"out_of_scope":…},
 *   "pii":{"cases","leaks"},"latency_ms":{"p50","p95"}}`.
 * Pure: no I/O, so the runner and the tests share it.
 */
import { EXPECTATIONS, type EvalCase } from './eval-cases';

/** What the bot did with one case. */
export interface EvalObservation {
  case: EvalCase;
  /** The route taken; anything else (e.g. 'error') counts as a miss for every label. */
  route: 'answer' | 'handoff' | 'crisis' | 'out_of_scope' | (string & {});
  /** Document ids the reply cites, in citation order. */
  citedDocIds: string[];
  latencyMs: number;
  /** How many of the case's PII substrings were found in text sent to the LLM or stored. */
  leakedPii: number;
}

/** Precision and recall of one label. */
export interface PrecisionRecall {
  precision: number;
  recall: number;
}

/** The evaluation report. */
export interface EvalReport {
  cases: number;
  retrieval: { n: number; 'hit@1': number; 'hit@3': number; mrr: number };
  xling: { n: number; 'hit@3': number };
  routing: Record<(typeof EXPECTATIONS)[number], PrecisionRecall>;
  pii: { cases: number; leaks: number };
  latency_ms: { p50: number; p95: number };
}

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile of a list (0 when empty). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Distinct cited documents in first-citation order. */
function distinctDocs(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/**
 * Computes the report. A hit@k is an `answer` case whose first expected document is among the
 * first k distinct documents the reply cites; MRR uses the rank of that document (0 if absent).
 * Retrieval covers same-language answer cases, `xling` the cross-lingual ones.
 */
export function computeEvalMetrics(observations: readonly EvalObservation[]): EvalReport {
  let n = 0;
  let hit1 = 0;
  let hit3 = 0;
  let rr = 0;
  let xn = 0;
  let xhit3 = 0;
  for (const o of observations) {
    if (o.case.expect !== 'answer') continue;
    const expected = o.case.docs[0];
    const cited = distinctDocs(o.citedDocIds);
    const rank = expected === undefined ? -1 : cited.indexOf(expected);
    if (o.case.xling) {
      xn++;
      if (rank >= 0 && rank < 3) xhit3++;
      continue;
    }
    n++;
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 3) hit3++;
    if (rank >= 0) rr += 1 / (rank + 1);
  }
  const routing = {} as EvalReport['routing'];
  for (const label of EXPECTATIONS) {
    const predicted = observations.filter((o) => o.route === label);
    const actual = observations.filter((o) => o.case.expect === label);
    const tp = predicted.filter((o) => o.case.expect === label).length;
    routing[label] = {
      precision: predicted.length ? round(tp / predicted.length) : 0,
      recall: actual.length ? round(tp / actual.length) : 0,
    };
  }
  const piiCases = observations.filter((o) => (o.case.pii?.length ?? 0) > 0);
  const latencies = observations.map((o) => o.latencyMs);
  return {
    cases: observations.length,
    retrieval: { n, 'hit@1': n ? round(hit1 / n) : 0, 'hit@3': n ? round(hit3 / n) : 0, mrr: n ? round(rr / n) : 0 },
    xling: { n: xn, 'hit@3': xn ? round(xhit3 / xn) : 0 },
    routing,
    pii: { cases: piiCases.length, leaks: observations.reduce((a, o) => a + o.leakedPii, 0) },
    latency_ms: { p50: round(percentile(latencies, 50), 1), p95: round(percentile(latencies, 95), 1) },
  };
}
