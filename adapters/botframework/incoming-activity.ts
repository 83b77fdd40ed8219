/**
 * The schema of an incoming Bot Framework activity: the fields botbuilder, the middleware and the
 * dialogs read are checked for their types (a number as `text`, an array as `from` would
 * otherwise fail deep inside a turn as a 500), the rest of the Bot Framework schema passes
 * through unchanged. Optional fields may be `null`, as some channels send them.
 */
import { z } from 'zod';

const optionalString = z.string().nullish();
/** An ISO 8601 time stamp (botbuilder turns it into a Date). */
const timestamp = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'expected an ISO 8601 time stamp')
  .optional();
const account = z.looseObject({ id: z.string(), name: optionalString, role: optionalString });
const accounts = z.array(account).nullish();
const objects = z.array(z.looseObject({})).nullish();

/** What the endpoint requires of an incoming activity. */
export const IncomingActivity = z.looseObject({
  type: z.string().min(1),
  id: optionalString,
  channelId: z.string().min(1),
  serviceUrl: z.string().min(1),
  from: account,
  recipient: account.nullish(),
  conversation: z.looseObject({ id: z.string().min(1), name: optionalString, conversationType: optionalString, tenantId: optionalString }),
  text: optionalString,
  textFormat: optionalString,
  locale: optionalString,
  replyToId: optionalString,
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
