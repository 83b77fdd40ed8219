/**
 * OpenAPI 3.1 description of the officer API (served at `/api/officer/openapi.json`). Hand-written
 * to match `officer-api-router.ts` and `handoff-routes.ts`; a test checks every route is here.
 */

import { announcementPaths, announcementSchemas } from './openapi-announcements';

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
      E429: ok(
        'Too many login attempts: from this address (OFFICER_LOGIN_PER_IP_PER_MINUTE), or failed ones from this client for this e-mail (after 5, a wait that doubles with each failure); see Retry-After. The account is never locked.',
        ref('Error'),
      ),
      E501: ok('Not available in this deployment (the audit log is not readable, or there is no knowledge base)', ref('Error')),
      E502: ok('The message was kept but could not be delivered; retry later', ref('Error')),
    },
    schemas: {
      ...announcementSchemas,
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
      KnowledgeHit: {
        type: 'object',
        required: ['docId', 'title', 'section', 'text', 'url', 'updated', 'lang', 'score'],
        properties: {
          docId: { type: 'string' },
          title: { type: 'string' },
          section: { type: ['string', 'null'], description: 'Section heading the passage comes from' },
          text: { type: 'string' },
          url: { type: ['string', 'null'], description: "The document's official page" },
          updated: { type: ['string', 'null'], description: "The document's `updated` date (YYYY-MM-DD)" },
          lang: { enum: ['ko', 'ja', 'en'], description: "The document's language (not necessarily the query's)" },
          score: { type: 'number', description: 'Relevance, higher is better; comparable within one result only' },
        },
      },
      ReplyTemplate: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          team: { type: 'string' },
          lang: { enum: ['ko', 'ja', 'en'] },
          kind: { enum: ['greeting', 'documents', 'address', 'closing'] },
          text: { type: 'string' },
          updatedBy: { type: ['string', 'null'] },
          updatedAt: { type: 'string', format: 'date-time' },
        },
      },
      KnowledgeGap: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          handoffId: { type: 'string' },
          officerId: { type: ['string', 'null'] },
          officerName: { type: ['string', 'null'] },
          lang: { enum: ['ko', 'ja', 'en'] },
          question: { type: 'string', description: "What the resident needed (masked), read from the conversation" },
          note: { type: 'string' },
          createdAt: { type: 'string', format: 'date-time' },
        },
      },
      Citation: { type: 'object', properties: { n: { type: 'integer' }, docId: { type: 'string' }, title: { type: 'string' }, url: { type: 'string' }, updated: { type: 'string' } } },
      AuditEntry: {
        type: 'object',
        properties: { id: {}, at: { type: 'string' }, actorId: { type: 'string' }, actorRole: { type: 'string' }, action: { type: 'string' }, target: { type: 'string' }, detail: { type: 'object' } },
      },
    },
  },
  paths: {
    ...announcementPaths,
    '/openapi.json': { get: { tags: ['meta'], summary: 'This document (officers only)', security: secured, responses: { '200': ok('OpenAPI 3.1 document'), ...errors(401) } } },
    '/login': {
      post: {
        tags: ['auth'],
        summary: 'Log in; returns a Bearer token and sets the console session cookie',
        security: [],
        requestBody: jsonBody({ type: 'object', required: ['email', 'password'], properties: { email: { type: 'string' }, password: { type: 'string' } } }),
        responses: {
          '200': ok('Logged in', { type: 'object', properties: { token: { type: 'string' }, csrfToken: { type: 'string' }, expiresAt: { type: 'string' }, officer: ref('Officer') } }),
          ...errors(400, 401, 429),
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
        requestBody: jsonBody({
          type: 'object',
          required: ['text'],
          properties: { text: { type: 'string', maxLength: 4000 }, fromDraft: { type: 'boolean', description: 'The officer began this reply from a drafted one (recorded in the audit log)' } },
        }),
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
        summary:
          "A reply drafted from the knowledge base for what the resident needs (read from the whole conversation; requests for a person and greetings skipped), in the resident's language, with greeting, sources and closing. Never sent: the officer edits and sends it. Audited as `handoff.draft`.",
        security: secured,
        parameters: [idParam, { name: 'team', in: 'query', schema: { type: 'string' }, description: "The team whose greeting and closing templates frame the draft (the locale's defaults when absent or missing)" }],
        responses: {
          '200': ok('Draft, or null when the documents do not cover the need', {
            type: 'object',
            properties: {
              suggestion: {
                oneOf: [
                  { type: 'null' },
                  {
                    type: 'object',
                    properties: {
                      text: { type: 'string' },
                      citations: { type: 'array', items: ref('Citation') },
                      mode: { enum: ['llm', 'extractive', 'cache'] },
                      draft: { const: true },
                      lang: { enum: ['ko', 'ja', 'en'] },
                      basedOn: { type: 'array', items: { type: 'string' }, description: "The resident's lines the draft answers" },
                    },
                  },
                ],
              },
            },
          }),
          ...errors(401, 404),
        },
      },
    },
    '/handoffs/{id}/question': {
      get: {
        tags: ['handoffs'],
        summary: "What the resident needs, read from the whole conversation (requests for a person and greetings skipped), and their language: the console's \"search with the resident's question\"",
        security: secured,
        parameters: [idParam],
        responses: {
          '200': ok('Question (null when the resident has said nothing substantive)', {
            type: 'object',
            properties: { question: { type: ['string', 'null'] }, basedOn: { type: 'array', items: { type: 'string' } }, lang: { enum: ['ko', 'ja', 'en'] } },
          }),
          ...errors(401, 404),
        },
      },
    },
    '/handoffs/{id}/gaps': {
      post: {
        tags: ['knowledge'],
        summary: '"The documents lack this": flag the case for the content team with a note (the resident\'s need is attached, masked); audited',
        security: secured,
        parameters: [idParam],
        requestBody: jsonBody({ type: 'object', required: ['note'], properties: { note: { type: 'string', maxLength: 1000 } } }),
        responses: { '201': ok('Stored', { type: 'object', properties: { gap: ref('KnowledgeGap') } }), ...errors(400, 401, 403, 404, 501) },
      },
    },
    '/knowledge/gaps': {
      get: {
        tags: ['knowledge'],
        summary: 'Knowledge-gap flags, newest first (supervisor, admin)',
        security: secured,
        parameters: [{ name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' } }],
        responses: { '200': ok('Flags', { type: 'object', properties: { gaps: { type: 'array', items: ref('KnowledgeGap') } } }), ...errors(400, 401, 403, 501) },
      },
    },
    '/knowledge/gaps/export': {
      get: {
        tags: ['knowledge'],
        summary: 'Export knowledge-gap flags as CSV or NDJSON (supervisor, admin)',
        security: secured,
        parameters: [
          { name: 'format', in: 'query', schema: { enum: ['csv', 'ndjson'], default: 'csv' } },
          { name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' } },
        ],
        responses: { '200': { description: 'File download', content: { 'text/csv': {}, 'application/x-ndjson': {} } }, ...errors(400, 401, 403, 501) },
      },
    },
    '/screening': {
      post: {
        tags: ['eligibility'],
        summary:
          "Eligibility screening on facts the officer enters (or the resident gave, with consent): each programme's verdict with reasons and missing facts, exactly as `madoguchi eligibility`. The facts are not stored; the audit log keeps which were given",
        security: secured,
        requestBody: jsonBody({
          type: 'object',
          required: ['facts'],
          properties: {
            facts: {
              type: 'object',
              description: 'The eligibility profile (eligibility/README.md)',
              properties: {
                age: { type: 'integer' },
                householdSize: { type: 'integer' },
                income: { type: 'object', properties: { amount: { type: 'number' }, currency: { type: 'string' }, period: { enum: ['month', 'year'] } } },
                residence: { type: 'object', properties: { area: { type: 'string' }, years: { type: 'number' } } },
                childrenAges: { type: 'array', items: { type: 'integer' } },
                disability: { type: 'boolean' },
                pregnant: { type: 'boolean' },
                employment: { enum: ['employed', 'self_employed', 'unemployed', 'student', 'retired', 'homemaker'] },
                singleParent: { type: 'boolean' },
              },
            },
            lang: { enum: ['ko', 'ja', 'en'], default: 'en' },
          },
        }),
        responses: {
          '200': ok('Verdicts', {
            type: 'object',
            properties: {
              results: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { id: { type: 'string' }, title: { type: 'string' }, status: { enum: ['eligible', 'not_eligible', 'unknown'] }, reasons: { type: 'array', items: { type: 'string' } }, missing: { type: 'array', items: { type: 'string' } } },
                },
              },
              replyText: { type: 'string', description: "The verdicts as the resident would read them, in `lang`, to paste into a reply" },
            },
          }),
          ...errors(400, 401, 403, 501),
        },
      },
    },
    '/templates': {
      get: {
        tags: ['templates'],
        summary: 'Reply templates (greeting, documents to bring, office address, closing) per team and language',
        security: secured,
        parameters: [
          { name: 'team', in: 'query', schema: { type: 'string' } },
          { name: 'lang', in: 'query', schema: { enum: ['ko', 'ja', 'en'] } },
        ],
        responses: { '200': ok('Templates', { type: 'object', properties: { templates: { type: 'array', items: ref('ReplyTemplate') } } }), ...errors(400, 401, 501) },
      },
      put: {
        tags: ['templates'],
        summary: "Save a team's template of one language and kind, replacing the one there (supervisor, admin); audited",
        security: secured,
        requestBody: jsonBody({
          type: 'object',
          required: ['team', 'lang', 'kind', 'text'],
          properties: { team: { type: 'string', maxLength: 60 }, lang: { enum: ['ko', 'ja', 'en'] }, kind: { enum: ['greeting', 'documents', 'address', 'closing'] }, text: { type: 'string', maxLength: 2000 } },
        }),
        responses: { '200': ok('Saved', { type: 'object', properties: { template: ref('ReplyTemplate') } }), ...errors(400, 401, 403, 501) },
      },
    },
    '/templates/{id}': {
      delete: {
        tags: ['templates'],
        summary: 'Delete a template (supervisor, admin); audited',
        security: secured,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '204': ok('Deleted'), ...errors(401, 403, 404, 501) },
      },
    },
    '/knowledge/search': {
      get: {
        tags: ['knowledge'],
        summary: "Search the city's documents with the bot's own retrieval, across languages (a Korean query finds Japanese and English documents through the glossary); audited",
        security: secured,
        parameters: [
          { name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 500 } },
          { name: 'lang', in: 'query', schema: { enum: ['ko', 'ja', 'en'] }, description: "The query's language (detected when absent)" },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 20, default: 8 } },
        ],
        responses: {
          '200': ok('Ranked passages, best first', {
            type: 'object',
            properties: { query: { type: 'string' }, lang: { enum: ['ko', 'ja', 'en'] }, tookMs: { type: 'number' }, results: { type: 'array', items: ref('KnowledgeHit') } },
          }),
          ...errors(400, 401, 501),
        },
      },
    },
    '/knowledge/ask': {
      post: {
        tags: ['knowledge'],
        summary: 'A short answer grounded in the documents, with numbered citations (LLM when reachable, the quoted passage otherwise); audited',
        security: secured,
        requestBody: jsonBody({ type: 'object', required: ['question'], properties: { question: { type: 'string', maxLength: 1000 }, lang: { enum: ['ko', 'ja', 'en'], description: 'Answer language (detected when absent)' } } }),
        responses: {
          '200': ok('Answer, or null when the documents do not cover it', {
            type: 'object',
            properties: {
              lang: { enum: ['ko', 'ja', 'en'] },
              answer: { oneOf: [{ type: 'null' }, { type: 'object', properties: { text: { type: 'string' }, citations: { type: 'array', items: ref('Citation') }, mode: { enum: ['llm', 'extractive', 'cache'] } } }] },
            },
          }),
          ...errors(400, 401, 403, 501),
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
    '/insight': {
      get: {
        tags: ['insight'],
        summary:
          'Service-demand figures of a period (supervisor, admin): conversations and messages per day by channel and language, top documents and domains, knowledge gaps and their topics (with masked examples), hand-offs by team, weekday, hour and office hours, crisis escalations, parity. Cells under 5 residents are suppressed; the view is audited',
        security: secured,
        parameters: [
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date' }, description: 'first UTC day (default: 29 days before to)' },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' }, description: 'last UTC day, inclusive (default: today)' },
          { name: 'channel', in: 'query', schema: { type: 'string' } },
          { name: 'lang', in: 'query', schema: { enum: ['ko', 'ja', 'en'] } },
          { name: 'domain', in: 'query', schema: { type: 'string' }, description: 'narrows documents, gaps, topics and hand-offs' },
        ],
        responses: { '200': { description: 'The report (insight/demand-report.ts, DemandReport)', content: { 'application/json': {} } }, ...errors(400, 401, 403) },
      },
    },
    '/insight/export': {
      get: {
        tags: ['insight'],
        summary: 'One insight table as CSV, small cells reading "suppressed" (supervisor, admin); audited',
        security: secured,
        parameters: [
          { name: 'table', in: 'query', required: true, schema: { enum: ['daily', 'documents', 'domains', 'topics', 'gaps_by_document', 'gaps_by_domain', 'handoffs', 'handoffs_by_weekday', 'handoffs_by_hour', 'office_hours', 'crisis', 'parity'] } },
          { name: 'format', in: 'query', schema: { enum: ['csv'], default: 'csv' } },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'channel', in: 'query', schema: { type: 'string' } },
          { name: 'lang', in: 'query', schema: { enum: ['ko', 'ja', 'en'] } },
          { name: 'domain', in: 'query', schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'File download', content: { 'text/csv': {} } }, ...errors(400, 401, 403) },
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
