/**
 * An {@link LlmClient} decorator that records LLM latency, token counts and outcomes. The wrapped
 * client never throws (failures are typed results), so an `unavailable` result is counted as an
 * `llm_unavailable` error rather than by catching.
 */
import type { BaseMessage } from '@langchain/core/messages';
import type { LlmChatOptions, LlmChatResult, LlmClient } from '../knowledge/llm/llm-client';
import type { Metrics } from './metrics';

/** Wraps an LLM client with metrics. */
export class MeteredLlmClient implements LlmClient {
  constructor(
    private readonly inner: LlmClient,
    private readonly metrics: Metrics,
  ) {}

  get numCtx(): number {
    return this.inner.numCtx;
  }

  async chat(messages: BaseMessage[], options?: LlmChatOptions): Promise<LlmChatResult> {
    const result = await this.metrics.time('llm', () => this.inner.chat(messages, options));
    if (result.status === 'ok') {
      this.metrics.llmRequest('ok');
      this.metrics.addTokens(result.promptTokens, result.completionTokens);
    } else {
      this.metrics.llmRequest(result.reason);
      // A resident who gave up or a disabled LLM is not a fault worth alerting on.
      if (result.reason !== 'aborted' && result.reason !== 'disabled') this.metrics.error('llm_unavailable');
    }
    return result;
  }
}
