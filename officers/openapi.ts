/**
 * OpenAPI 3.1 description of the officer API (served at `/api/officer/openapi.json`). Hand-written
 * to match `officer-api-router.ts` and `handoff-routes.ts`; a test checks every route is here.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: object) => ({ required: true, content: { 'application/json': { schema } } });
const ok = (description: string, schema?: object) => ({ description, ...(schema ? { content: { 'application/json': { schema } } } : {}) });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/E${c}` }]));
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const secured = [{ bearer: [] }, { cookie: [] }];
const handoffOp = (summary: string, extra: object = {}) => ({
  tags: ['handoffs'],
  summary,
  security: secured,
  parameters: [idParam],
  responses: { '200': ok('The hand-off after the change', { type: 'object', properties: { handoff: ref('Handoff') } }), ...errors(401, 403, 404, 409) },
  ...extra,
});

/** The document. */
export const officerOpenApi = {
  openapi: '3.1.0',
  info: {
    title: 'Madoguchi officer API',
    version: '1.0.0',
    description:
      'Hand-offs from the citizen-service bot to city officers. Authenticate with POST /login; send the returned token as ' +
      '`Authorization: Bearer <token>`. The console uses the session cookie instead, and then must send `X-CSRF-Token` on every POST. ' +
      'Every read of a transcript and every action is written to the audit log.',
  },
  servers: [{ url: '/api/officer' }],
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer' },
      cookie: { type: 'apiKey', in: 'cookie', name: 'mdg_officer', description: 'Console session; POSTs also need the X-CSRF-Token header.' },
    },
    responses: {
      E400: ok('Invalid input', ref('Error')),
      E401: ok('Not logged in or session expired', ref('Error')),
      E403: ok('Role too low, not the assignee, or CSRF token missing', ref('Error')),
      E404: ok('Not found', ref('Error')),
      E409: ok('The hand-off is not in a state that allows this', ref('Error')),
      E423: ok('Account locked after 5 failed logins (15 minutes); see Retry-After', ref('Error')),
      E429: ok('Too many login attempts from this address (OFFICER_LOGIN_PER_IP_PER_MINUTE); see Retry-After', ref('Error')),
      E501: ok('The audit log is not readable in this deployment', ref('Error')),
      E502: ok('The message was kept but could not be delivered; retry later', ref('Error')),
    },
    schemas: {
      Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
      Officer: { type: 'object', required: ['id', 'name', 'role'], properties: { id: { type: 'string' }, name: { type: 'string' }, role: { enum: ['officer', 'supervisor', 'admin'] }, email: { type: 'string' } } },
      Handoff: {
        type: 'object',
        required: ['id', 'status', 'priority', 'lang', 'channelId'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          channelId: { type: 'string' },
          conversationId: { type: 'string' },
          lang: { enum: ['ko', 'ja', 'en'] },
          reason: { type: 'string' },
          priority: { enum: ['urgent', 'normal'] },
          status: { enum: ['queued', 'assigned', 'active', 'resolved', 'cancelled'] },
          summary: { type: 'string', description: 'Short case summary (LLM when available, extractive otherwise); personal data masked' },
          summarySource: { enum: ['extractive', 'llm'] },
          outcome: { type: ['string', 'null'] },
          assignedOfficerId: { type: ['string', 'null'] },
          assignedOfficerName: { type: ['string', 'null'] },
          waitingSeconds: { type: 'integer' },
          position: { type: 'integer', description: '1-based place in the queue; 0 when not queued' },
          createdAt: { type: 'string', format: 'date-time' },
          queuedAt: { type: ['string', 'null'], format: 'date-time' },
          assignedAt: { type: ['string', 'null'], format: 'date-time' },
          activeAt: { type: ['string', 'null'], format: 'date-time' },
          resolvedAt: { type: ['string', 'null'], format: 'date-time' },
        },
      },
      Message: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          author: { enum: ['resident', 'officer', 'system'] },
          officerId: { type: ['string', 'null'] },
          text: { type: 'string' },
          internal: { type: 'boolean', description: 'Internal note, never sent to the resident' },
          delivery: { enum: ['none', 'pending', 'sent', 'failed'] },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
      TranscriptLine: {
        type: 'object',
        properties: { id: { type: 'integer' }, direction: { enum: ['in', 'out'] }, author: { enum: ['resident', 'bot', 'officer', 'system'] }, text: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } },
      },
      AuditEntry: {
        type: 'object',
        properties: { id: {}, at: { type: 'string' }, actorId: { type: 'string' }, actorRole: { type: 'string' }, action: { type: 'string' }, target: { type: 'string' }, detail: { type: 'object' } },
      },
    },
  },
  paths: {
    '/openapi.json': { get: { tags: ['meta'], summary: 'This document', security: [], responses: { '200': ok('OpenAPI 3.1 document') } } },
    '/login': {
      post: {
        tags: ['auth'],
        summary: 'Log in; returns a Bearer token and sets the console session cookie',
        security: [],
        requestBody: jsonBody({ type: 'object', required: ['email', 'password'], properties: { email: { type: 'string' }, password: { type: 'string' } } }),
        responses: {
          '200': ok('Logged in', { type: 'object', properties: { token: { type: 'string' }, csrfToken: { type: 'string' }, expiresAt: { type: 'string' }, officer: ref('Officer') } }),
          ...errors(400, 401, 423, 429),
        },
      },
    },
    '/logout': { post: { tags: ['auth'], summary: 'End the session', security: secured, responses: { '204': ok('Logged out'), ...errors(401, 403) } } },
    '/me': {
      get: { tags: ['auth'], summary: 'The logged-in officer and the CSRF token', security: secured, responses: { '200': ok('Session', { type: 'object', properties: { officer: ref('Officer'), csrfToken: { type: 'string' } } }), ...errors(401) } },
    },
    '/events': {
      get: { tags: ['live'], summary: 'Server-sent events: handoff.created, handoff.updated, handoff.message (ids and states only)', security: secured, responses: { '200': { description: 'text/event-stream', content: { 'text/event-stream': {} } }, ...errors(401) } },
    },
    '/handoffs': {
      get: {
        tags: ['handoffs'],
        summary: 'Hand-offs in one status (queue: urgent first, then longest waiting)',
        security: secured,
        parameters: [{ name: 'status', in: 'query', schema: { enum: ['queued', 'assigned', 'active', 'resolved', 'cancelled'], default: 'queued' } }],
        responses: { '200': ok('List', { type: 'object', properties: { handoffs: { type: 'array', items: ref('Handoff') } } }), ...errors(400, 401) },
      },
    },
    '/handoffs/{id}': {
      get: {
        tags: ['handoffs'],
        summary: 'A hand-off with its transcript (personal data masked) and messages; audited',
        security: secured,
        parameters: [idParam],
        responses: {
          '200': ok('Detail', { type: 'object', properties: { handoff: ref('Handoff'), transcript: { type: 'array', items: ref('TranscriptLine') }, messages: { type: 'array', items: ref('Message') } } }),
          ...errors(401, 404),
        },
      },
    },
    '/handoffs/{id}/claim': { post: handoffOp('Claim a queued hand-off (queued → assigned to me)') },
    '/handoffs/{id}/messages': {
      post: {
        ...handoffOp('Reply to the resident on their original channel (assigned → active on the first reply)'),
        requestBody: jsonBody({ type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 4000 } } }),
        responses: { '201': ok('Delivered', { type: 'object', properties: { message: ref('Message') } }), ...errors(400, 401, 403, 404, 409, 502) },
      },
    },
    '/handoffs/{id}/messages/{messageId}/retry': {
      post: {
        ...handoffOp('Resend a kept message that could not be delivered'),
        parameters: [idParam, { name: 'messageId', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { '200': ok('Delivered', { type: 'object', properties: { message: ref('Message') } }), ...errors(401, 403, 404, 409, 502) },
      },
    },
    '/handoffs/{id}/notes': {
      post: {
        ...handoffOp('Add an internal note (never sent)'),
        requestBody: jsonBody({ type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 4000 } } }),
        responses: { '201': ok('Stored', { type: 'object', properties: { note: ref('Message') } }), ...errors(400, 401, 403, 404) },
      },
    },
    '/handoffs/{id}/transfer': {
      post: { ...handoffOp('Give the hand-off to another officer (supervisor or the assignee)'), requestBody: jsonBody({ type: 'object', required: ['officerId'], properties: { officerId: { type: 'string', format: 'uuid' } } }) },
    },
    '/handoffs/{id}/resolve': {
      post: { ...handoffOp('Resolve with an outcome; the resident is told the bot is back'), requestBody: jsonBody({ type: 'object', required: ['outcome'], properties: { outcome: { type: 'string', maxLength: 500 } } }) },
    },
    '/handoffs/{id}/return-to-bot': { post: handoffOp('Hand the conversation back to the bot') },
    '/handoffs/{id}/suggestion': {
      get: {
        tags: ['handoffs'],
        summary: 'A reply drafted from the knowledge base, for the officer to edit before sending',
        security: secured,
        parameters: [idParam],
        responses: {
          '200': ok('Suggestion or null', { type: 'object', properties: { suggestion: { oneOf: [{ type: 'null' }, { type: 'object', properties: { text: { type: 'string' }, citations: { type: 'array', items: { type: 'object', properties: { title: { type: 'string' }, url: { type: 'string' } } } } } }] } } }),
          ...errors(401, 404),
        },
      },
    },
    '/conversations/takeover': {
      post: {
        tags: ['handoffs'],
        summary: 'Take over any conversation (creates an assigned hand-off, or claims its open one)',
        security: secured,
        requestBody: jsonBody({ type: 'object', required: ['channelId', 'conversationId'], properties: { channelId: { type: 'string' }, conversationId: { type: 'string' } } }),
        responses: { '201': ok('Taken over', { type: 'object', properties: { handoff: ref('Handoff') } }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    '/officers': {
      get: { tags: ['officers'], summary: 'Officers (admins also see e-mail and lock state)', security: secured, responses: { '200': ok('List', { type: 'object', properties: { officers: { type: 'array', items: ref('Officer') } } }), ...errors(401) } },
      post: {
        tags: ['officers'],
        summary: 'Create an officer (admin); without a password one is generated and returned once',
        security: secured,
        requestBody: jsonBody({ type: 'object', required: ['email', 'name', 'role'], properties: { email: { type: 'string' }, name: { type: 'string' }, role: { enum: ['officer', 'supervisor', 'admin'] }, password: { type: 'string', minLength: 12 } } }),
        responses: { '201': ok('Created', { type: 'object', properties: { officer: ref('Officer'), password: { type: 'string' } } }), ...errors(400, 401, 403, 409) },
      },
    },
    '/audit': {
      get: {
        tags: ['audit'],
        summary: 'Read the audit log (supervisor, admin)',
        security: secured,
        parameters: [
          { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 1000 } },
          { name: 'actorId', in: 'query', schema: { type: 'string' } },
          { name: 'target', in: 'query', schema: { type: 'string' } },
          { name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' } },
        ],
        responses: { '200': ok('Entries', { type: 'object', properties: { entries: { type: 'array', items: ref('AuditEntry') } } }), ...errors(400, 401, 403, 501) },
      },
    },
    '/audit/export': {
      get: {
        tags: ['audit'],
        summary: 'Export the audit log as NDJSON or CSV (supervisor, admin)',
        security: secured,
        parameters: [
          { name: 'format', in: 'query', schema: { enum: ['ndjson', 'csv'], default: 'ndjson' } },
          { name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' } },
        ],
        responses: { '200': { description: 'File download', content: { 'application/x-ndjson': {}, 'text/csv': {} } }, ...errors(400, 401, 403, 501) },
      },
    },
  },
} as const;
