/**
 * The schema of an incoming Bot Framework activity: the fields botbuilder, the middleware and the
 * dialogs read are checked for their types (a number as `text`, an array as `from` would
 * otherwise fail deep inside a turn as a 500), the rest of the Bot Framework schema passes
 * through unchanged. Optional fields may be `null`, as some channels send them. Identifiers must
 * be printable and of a bounded length (see platform-id.ts): they become stored keys and the
 * path of the reply URL.
 */
import { z } from 'zod';
import { platformId } from '../shared/platform-id';

const optionalString = z.string().nullish();
/** An ISO 8601 time stamp (botbuilder turns it into a Date). */
const timestamp = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO 8601 time stamp')
  .optional();
// Direct Line activity ids hold the conversation id; Teams ids run to a few hundred characters.
const conversationId = platformId(1024);
const activityId = platformId(1024);
const account = z.looseObject({ id: platformId(512), name: optionalString, role: optionalString });
const accounts = z.array(account).nullish();
const objects = z.array(z.looseObject({})).nullish();

/** What the endpoint requires of an incoming activity. */
export const IncomingActivity = z.looseObject({
  type: z.string().min(1),
  id: activityId.nullish(),
  channelId: platformId(64),
  serviceUrl: platformId(2048),
  from: account,
  recipient: account.nullish(),
  conversation: z.looseObject({ id: conversationId, name: optionalString, conversationType: optionalString, tenantId: platformId(256).nullish() }),
  text: optionalString,
  textFormat: optionalString,
  locale: optionalString,
  replyToId: activityId.nullish(),
  name: optionalString,
  attachments: objects,
  entities: objects,
  membersAdded: accounts,
  membersRemoved: accounts,
  channelData: z.looseObject({}).nullish(),
  timestamp,
  localTimestamp: timestamp,
  expiration: timestamp,
});

/** A validated incoming activity. */
export type IncomingActivity = z.infer<typeof IncomingActivity>;

/** The first problem of a refused body, as one short phrase for the JSON error. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const field = issue.path.map(String).join('.');
  return field ? `${field}: ${issue.message}` : issue.message;
}
