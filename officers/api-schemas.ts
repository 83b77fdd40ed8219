/**
 * Input schemas of the officer API (zod). The OpenAPI document in `openapi.ts` describes the same
 * shapes for API clients.
 */
import { z } from 'zod';
import { OfficerError } from './officer-errors';
import { ROLES } from './officer-repository';

/** Login body. */
export const LoginBody = z.object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(200) });
/** Hand-off list query. */
export const ListQuery = z.object({ status: z.enum(['queued', 'assigned', 'active', 'resolved', 'cancelled']).default('queued') });
/** A hand-off id (random UUIDs; anything else cannot exist). */
export const HandoffId = z.string().uuid();
/** Officer message or note. */
export const TextBody = z.object({ text: z.string().trim().min(1).max(4000) });
/** Officer reply; `fromDraft` says it began as a drafted reply (audited, never sent by itself). */
export const MessageBody = TextBody.extend({ fromDraft: z.boolean().optional() });
/** Draft query: the team whose reply templates frame the draft. */
export const SuggestionQuery = z.object({ team: z.string().trim().min(1).max(60).optional() });
/** Transfer body. */
export const TransferBody = z.object({ officerId: z.string().uuid() });
/** Resolve body. */
export const ResolveBody = z.object({ outcome: z.string().trim().min(1).max(500) });
/** Take-over body. */
export const TakeoverBody = z.object({ channelId: z.string().min(1).max(100), conversationId: z.string().min(1).max(500) });
/** New officer. */
export const NewOfficerBody = z.object({
  email: z.string().trim().email().max(254),
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  password: z.string().min(12).max(200).optional(),
});
/** Audit query. */
export const AuditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  actorId: z.string().max(100).optional(),
  target: z.string().max(200).optional(),
  since: z.string().datetime().optional(),
});
/** Audit export query. */
export const AuditExportQuery = z.object({ format: z.enum(['ndjson', 'csv']).default('ndjson'), since: z.string().datetime().optional() });

/** Parses `value` or throws a 400 naming the first problem. */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new OfficerError(`invalid request: ${where}${issue?.message ?? 'invalid'}`, 400);
}
