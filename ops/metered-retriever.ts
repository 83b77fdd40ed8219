/**
 * A {@link Retriever} decorator that records retrieval latency (and errors, by rethrowing).
 */
import type { RetrievalQuery, RetrievalResult, Retriever } from '../knowledge/ports';
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
}
