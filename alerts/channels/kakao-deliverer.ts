/**
 * KakaoTalk: a chatbot skill cannot push, so an alert waits in `kakao_pending_messages` and goes
 * out with the answer to the resident's next message (the adapter already delivers officers' late
 * replies this way). It is written in the transaction that marks the delivery `waiting`; when the
 * adapter takes it, a trigger (migration 150) marks the delivery sent. Real push would need Kakao's
 * separate event API or BizMessage contracts.
 */
import type { SqlRunner } from '../../storage/database';
import { toStored } from '../../adapters/kakao/kakao-pending-store';
import { stripControlCharactersDeep } from '../../safety/text/control-characters';
import type { ChannelDeliverer, DeliveryOutcome, OutgoingAlert } from '../ports';

/** Deliveries on KakaoTalk, at the resident's next message. */
export class KakaoDeliverer implements ChannelDeliverer {
  readonly route = 'kakao';
  readonly guarantee = 'transactional' as const;

  /** @inheritdoc */
  async write(tx: SqlRunner, alert: OutgoingAlert): Promise<DeliveryOutcome> {
    const stored = stripControlCharactersDeep(
      toStored({ type: 'message', text: alert.text, locale: alert.lang, channelData: { madoguchi: { author: 'system', alertDelivery: alert.id } } }),
    );
    await tx.query('INSERT INTO kakao_pending_messages (user_id, payload) VALUES ($1, $2::jsonb)', [alert.userId, JSON.stringify(stored)]);
    return { status: 'waiting' };
  }
}
