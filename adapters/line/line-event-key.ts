/**
 * The inbox key of a LINE event: its `webhookEventId` when LINE sent one, else a hash of what
 * identifies the event's content (older webhooks and some event types carry no id, and a signed
 * event without one could otherwise be replayed and processed again).
 */
import { createHash } from 'node:crypto';
import type { LineEvent } from './line-mapping';

/** `webhookEventId`, or `c:` + SHA-256 of source, timestamp, type and message id / text / postback data. */
export function lineEventKey(event: LineEvent): string {
  if (typeof event.webhookEventId === 'string' && event.webhookEventId !== '') return event.webhookEventId;
  const source = event.source;
  const content = [
    event.type,
    source?.type ?? '',
    source?.userId ?? '',
    source?.groupId ?? '',
    source?.roomId ?? '',
    event.timestamp,
    event.message?.id ?? '',
    event.message?.id ? '' : (event.message?.text ?? ''),
    event.postback?.data ?? '',
  ];
  return `c:${createHash('sha256').update(JSON.stringify(content)).digest('hex')}`;
}
