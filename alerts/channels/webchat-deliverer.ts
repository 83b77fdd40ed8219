/**
 * The city's web chat: the alert is written to the conversation's transcript (author `system`, the
 * delivery id as activity id) in the transaction that marks it sent, so the widget shows it when
 * the resident's session returns (it loads the history), and it is published on the web chat bus
 * at once for a widget that is open now.
 */
import type { SqlRunner } from '../../storage/database';
import type { WebchatBus } from '../../adapters/webchat/webchat-bus';
import type { ChannelDeliverer, DeliveryOutcome, OutgoingAlert } from '../ports';

/** Deliveries on the web chat. */
export class WebchatDeliverer implements ChannelDeliverer {
  readonly route = 'webchat';
  readonly guarantee = 'transactional' as const;

  constructor(private readonly bus: WebchatBus) {}

  /** @inheritdoc */
  async write(tx: SqlRunner, alert: OutgoingAlert): Promise<DeliveryOutcome> {
    await tx.query(
      `INSERT INTO transcript (channel_id, conversation_id, user_id, direction, activity_type, author, text, activity_id)
       VALUES ('webchat', $1, $2, 'out', 'message', 'system', $3, $4)`,
      [alert.conversationId, alert.userId, alert.text, alert.id],
    );
    return { status: 'sent' };
  }

  /** @inheritdoc */
  async afterCommit(alert: OutgoingAlert): Promise<void> {
    await this.bus.publish(alert.conversationId, { type: 'message', id: alert.id, text: alert.text, citations: [], actions: [], timestamp: new Date().toISOString(), author: 'system' });
  }
}
