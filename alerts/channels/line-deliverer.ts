/**
 * LINE: a push message to the resident's chat, with the delivery's id as `X-Line-Retry-Key`, so a
 * push resent after a crash or a lost answer is accepted by LINE only once (409 = accepted before).
 * Residents who get the same message (an announcement in one language) go together in multicast
 * requests of up to 500 user ids, each with a retry key fixed with its recipients before it is sent
 * (AlertOutbox.openBatch): 80,000 residents are 160 requests instead of 80,000. Uses the adapter's
 * own API client and message mapping (splitting at LINE's limits).
 */
import { LineApiClient } from '../../adapters/line/line-api-client';
import { activitiesToLineMessages, LINE_LIMITS } from '../../adapters/line/line-mapping';
import type { ChannelDeliverer, DeliveryOutcome, OutgoingAlert } from '../ports';
import { failureOf, outcomeOfFailure } from './platform-outcome';

/** LINE accepts at most this many user ids in one multicast. */
export const LINE_MULTICAST_MAX = 500;

/** Push deliveries on LINE. */
export class LineDeliverer implements ChannelDeliverer {
  readonly route = 'line';
  readonly guarantee = 'idempotent' as const;
  private readonly api: LineApiClient;

  /** One request for up to `max` residents with the same message (multicast; 0 = push only). */
  readonly multicast: NonNullable<ChannelDeliverer['multicast']>;

  constructor(options: { apiBaseUrl: string; channelAccessToken: string; timeoutMs?: number; multicastMax?: number }) {
    this.api = new LineApiClient(options.apiBaseUrl, options.channelAccessToken, options.timeoutMs);
    this.multicast = {
      max: Math.min(LINE_MULTICAST_MAX, options.multicastMax ?? LINE_MULTICAST_MAX),
      rateKey: 'line_multicast',
      // Multicast takes user ids only (a one-to-one chat), not group or room ids.
      eligible: (alert) => !alert.single && alert.conversationId.startsWith('U'),
      send: (alerts, key) => this.sendMany(alerts, key),
    };
  }

  private async sendMany(alerts: OutgoingAlert[], key: string): Promise<DeliveryOutcome> {
    const first = alerts[0];
    if (!first) return { status: 'sent' };
    const messages = activitiesToLineMessages([{ type: 'message', text: first.text, locale: first.lang }], first.lang).slice(0, LINE_LIMITS.messagesPerCall);
    try {
      await this.api.multicast(
        alerts.map((a) => a.conversationId),
        messages,
        key,
      );
      return { status: 'sent' };
    } catch (err) {
      return outcomeOfFailure(failureOf(err), this.guarantee);
    }
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
