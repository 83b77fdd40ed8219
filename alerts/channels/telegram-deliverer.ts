/**
 * Telegram: `sendMessage` to the resident's chat through the adapter's API client and mapping. A
 * 429 carries `retry_after`, which holds the whole route for that long. Telegram has no
 * idempotency key, so a send cut off mid-request is not repeated (see platform-outcome.ts).
 */
import { TelegramApiClient } from '../../adapters/telegram/telegram-api-client';
import { activityToTelegramMessages } from '../../adapters/telegram/telegram-mapping';
import type { ChannelDeliverer, DeliveryOutcome, OutgoingAlert } from '../ports';
import { failureOf, outcomeOfFailure } from './platform-outcome';

/** sendMessage deliveries on Telegram. */
export class TelegramDeliverer implements ChannelDeliverer {
  readonly route = 'telegram';
  readonly guarantee = 'at-most-once' as const;
  private readonly api: TelegramApiClient;

  constructor(options: { apiBaseUrl: string; botToken: string; timeoutMs?: number }) {
    // A send that times out is in doubt and never repeated, so the wait is generous (30 s).
    this.api = new TelegramApiClient(options.apiBaseUrl, options.botToken, options.timeoutMs ?? 30_000);
  }

  /** @inheritdoc */
  async send(alert: OutgoingAlert): Promise<DeliveryOutcome> {
    const bodies = activityToTelegramMessages({ type: 'message', text: alert.text, locale: alert.lang }, alert.conversationId, alert.lang);
    let sent = 0;
    try {
      for (const body of bodies) {
        await this.api.call('sendMessage', body);
        sent++;
      }
      return { status: 'sent' };
    } catch (err) {
      // A long alert split in parts: once a part is out, the rest is not worth a second copy of it.
      if (sent > 0) return { status: 'failed', reason: `interrupted after ${sent} of ${bodies.length} parts` };
      return outcomeOfFailure(failureOf(err), this.guarantee);
    }
  }
}
