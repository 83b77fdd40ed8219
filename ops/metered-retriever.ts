/**
 * A {@link Retriever} decorator that records retrieval latency (and errors, by rethrowing).
 */
import type { Passage, RetrievalQuery, RetrievalResult, Retriever } from '../knowledge/ports';
import type { Metrics } from './metrics';

/** Wraps a retriever with metrics. */
export class MeteredRetriever implements Retriever {
  constructor(
    private readonly inner: Retriever,
    private readonly metrics: Metrics,
  ) {}

  retrieve(query: RetrievalQuery): Promise<RetrievalResult> {
    return this.metrics.time('retrieval', () => this.inner.retrieve(query));
  }

  /**
   * Every chunk of one document, passed through (an answer quotes the section asked about from the
   * whole document, not only from the chunks the search returned).
   */
  documentPassages(docId: string): Promise<Passage[]> {
    return this.inner.documentPassages?.(docId) ?? Promise.resolve([]);
  }
}
