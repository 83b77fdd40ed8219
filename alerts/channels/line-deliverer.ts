/**
 * LINE: a push message to the resident's chat, with the delivery's id as `X-Line-Retry-Key`, so a
 * push resent after a crash or a lost answer is accepted by LINE only once (409 = accepted before).
 * Uses the adapter's own API client and message mapping (splitting at LINE's limits).
 */
import { LineApiClient } from '../../adapters/line/line-api-client';
import { activitiesToLineMessages, LINE_LIMITS } from '../../adapters/line/line-mapping';
import type { ChannelDeliverer, DeliveryOutcome, OutgoingAlert } from '../ports';
import { failureOf, outcomeOfFailure } from './platform-outcome';

/** Push deliveries on LINE. */
export class LineDeliverer implements ChannelDeliverer {
  readonly route = 'line';
  readonly guarantee = 'idempotent' as const;
  private readonly api: LineApiClient;

  constructor(options: { apiBaseUrl: string; channelAccessToken: string; timeoutMs?: number }) {
    this.api = new LineApiClient(options.apiBaseUrl, options.channelAccessToken, options.timeoutMs);
  }

  /** @inheritdoc */
  async send(alert: OutgoingAlert): Promise<DeliveryOutcome> {
    const messages = activitiesToLineMessages([{ type: 'message', text: alert.text, locale: alert.lang }], alert.lang).slice(0, LINE_LIMITS.messagesPerCall);
    try {
      await this.api.push(alert.conversationId, messages, alert.id);
      return { status: 'sent' };
    } catch (err) {
      return outcomeOfFailure(failureOf(err), this.guarantee);
    }
  }
}
