/**
 * Bot Framework channels (Teams, Direct Line, the Emulator): a proactive message through the
 * CloudAdapter to the stored conversation reference, as officers' replies go. The turn is marked
 * as the system's (`markAuthor`), so the transcript stores it as such and the resident limits do
 * not count it. The connector's errors carry `statusCode` and, on 429, `Retry-After`. The
 * connector's own retries are off for these sends (see connector-retries.ts): the outbox paces the
 * route and honours a 429's wait itself, and never resends where a copy may have arrived.
 */
import type { TurnContext } from 'botbuilder';
import type { ProactiveSender } from '../../adapters/shared/channel-endpoint';
import { withoutConnectorRetries } from '../../adapters/botframework/connector-retries';
import type { ChannelDeliverer, DeliveryOutcome, OutgoingAlert } from '../ports';
import { neverSent, outcomeOfFailure } from './platform-outcome';

/** Proactive deliveries on Bot Framework channels. */
export class BotFrameworkDeliverer implements ChannelDeliverer {
  readonly route = 'botframework';
  readonly guarantee = 'at-most-once' as const;

  /**
   * @param sender the Bot Framework endpoint
   * @param markAuthor marks the proactive turn as the system's (transcript author)
   */
  constructor(
    private readonly sender: ProactiveSender,
    private readonly markAuthor: (context: TurnContext) => void,
  ) {}

  /** @inheritdoc */
  async send(alert: OutgoingAlert): Promise<DeliveryOutcome> {
    if (!alert.reference.serviceUrl || !alert.reference.conversation?.id) return { status: 'skipped', reason: 'unreachable' };
    // The adapter hands an error thrown in the turn to its turn-error handler (which would apologise
    // to the resident) and resolves: the send's own failure is caught here and reported instead.
    let failure: unknown = null;
    try {
      await withoutConnectorRetries(() =>
        this.sender.continueConversation(alert.reference, async (context) => {
          this.markAuthor(context);
          try {
            await context.sendActivity({ type: 'message', text: alert.text, locale: alert.lang, channelData: { madoguchi: { author: 'system', alert: alert.announcementId } } });
          } catch (err) {
            failure = err ?? new Error('send failed');
          }
        }),
      );
    } catch (err) {
      failure = err;
    }
    if (failure === null) return { status: 'sent' };
    const err: unknown = failure;
    const e = err as { statusCode?: unknown; response?: { headers?: { get?: (name: string) => string | null | undefined } } };
    const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
    const retryAfter = Number(e.response?.headers?.get?.('retry-after'));
    return outcomeOfFailure(
      {
        status,
        reason: err instanceof Error ? err.message.slice(0, 200) : 'send failed',
        retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
        notSent: neverSent(err) || err instanceof TypeError,
      },
      this.guarantee,
    );
  }
}
