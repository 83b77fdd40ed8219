/**
 * Retrieval-only evaluation: runs the `answer` cases of a case file straight through a
 * {@link Retriever} (no routing, no LLM) and reports hit@1/hit@3/MRR and cross-lingual hit@3,
 * using the same metric code as the full `madoguchi eval`. Used by tests and for tuning.
 */
import type { Retriever } from '../ports';
import type { EvalCase } from './eval-cases';
import { computeEvalMetrics, type EvalObservation, type EvalReport } from './eval-metrics';

/** Per-case detail for diagnosis. */
export interface RetrievalCaseResult {
  id: string;
  expected: string;
  ranked: string[];
  confidence: number;
}

/** Runs the answer cases through the retriever. */
export async function evaluateRetrieval(retriever: Retriever, cases: readonly EvalCase[]): Promise<{ report: EvalReport; details: RetrievalCaseResult[] }> {
  const observations: EvalObservation[] = [];
  const details: RetrievalCaseResult[] = [];
  for (const c of cases.filter((x) => x.expect === 'answer')) {
    const started = performance.now();
    const result = await retriever.retrieve({ text: c.text, lang: c.lang, limit: 10 });
    const ranked = [...new Set(result.passages.map((p) => p.docId))];
    observations.push({ case: c, route: 'answer', citedDocIds: ranked, latencyMs: performance.now() - started, leakedPii: 0 });
    details.push({ id: c.id, expected: c.docs[0], ranked: ranked.slice(0, 3), confidence: result.confidence });
  }
  return { report: computeEvalMetrics(observations), details };
}
