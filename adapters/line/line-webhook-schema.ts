/**
 * The schema of a LINE webhook body, checked after the signature: a body LINE signed but that
 * does not have the documented shape (a `null` event, an event without a numeric `timestamp`, a
 * non-string text) is refused with 400 instead of being skipped or failing later in a turn.
 * Objects are loose: fields LINE adds later pass through. Ids and tokens must be printable and
 * short (see platform-id.ts): the event id is the inbox key, the user id the conversation's.
 */
import { z } from 'zod';
import { platformId } from '../shared/platform-id';
import type { LineEvent } from './line-mapping';

const LineSourceSchema = z.looseObject({
  type: z.enum(['user', 'group', 'room']),
  userId: platformId().optional(),
  groupId: platformId().optional(),
  roomId: platformId().optional(),
});

const LineEventSchema = z.looseObject({
  type: z.string().min(1),
  mode: z.string().optional(),
  timestamp: z.number().finite(),
  source: LineSourceSchema.optional(),
  webhookEventId: platformId().optional(),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean().optional() }).optional(),
  replyToken: platformId().optional(),
  message: z.looseObject({ id: platformId(), type: z.string(), text: z.string().optional(), quoteToken: z.string().optional() }).optional(),
  postback: z.looseObject({ data: z.string(), params: z.record(z.string(), z.string()).optional() }).optional(),
});

/** A LINE webhook request body. */
export const LineWebhookSchema = z.looseObject({
  destination: platformId().optional(),
  events: z.array(LineEventSchema),
});

/** The parsed body, or the first problem as one phrase for the JSON error. */
export function parseLineWebhook(body: unknown): { ok: true; destination: string | undefined; events: LineEvent[] } | { ok: false; problem: string } {
  const parsed = LineWebhookSchema.safeParse(body);
  if (parsed.success) return { ok: true, destination: parsed.data.destination, events: parsed.data.events };
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  return { ok: false, problem: field ? `${field}: ${issue?.message ?? 'invalid'}` : (issue?.message ?? 'invalid') };
}
