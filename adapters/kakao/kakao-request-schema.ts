/**
 * The schema of a Kakao i Open Builder skill request, checked after the skill secret: the fields
 * the adapter reads (and hashes into the replay key) must have the documented types, so a
 * `userRequest.params` that is a string or a `bot` that is an array is refused with 400 instead of
 * failing inside the turn. `lang` and `action.clientExtra` may be `null`, as Kakao sends them.
 * Objects are loose: fields Kakao adds later pass through. The user id must be printable and short
 * (see platform-id.ts): it is the conversation's id, stored and shown to officers.
 */
import { z } from 'zod';
import { platformId } from '../shared/platform-id';

const record = z.record(z.string(), z.unknown());

/** A skill request as the adapter reads it. */
export const KakaoSkillRequestSchema = z.looseObject({
  userRequest: z.looseObject({
    utterance: z.string(),
    user: z.looseObject({ id: platformId(), type: z.string().optional(), properties: record.optional() }),
    callbackUrl: z.string().optional(),
    lang: z.string().nullish(),
    timezone: z.string().optional(),
    block: z.looseObject({ id: z.string(), name: z.string().optional() }).optional(),
    params: record.optional(),
  }),
  bot: z.looseObject({ id: z.string(), name: z.string().optional() }).optional(),
  intent: z.looseObject({ id: z.string(), name: z.string().optional() }).optional(),
  action: z
    .looseObject({ id: z.string().optional(), name: z.string().optional(), params: record.optional(), detailParams: record.optional(), clientExtra: z.unknown() })
    .optional(),
});
