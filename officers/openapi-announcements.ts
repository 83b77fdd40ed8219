/**
 * The announcement routes of the officer API in OpenAPI 3.1 (alerts/announcement-routes.ts),
 * merged into officers/openapi.ts. Composing, editing and approving need the publisher role (granted
 * by an admin); reading needs it or the supervisor role.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (description: string, schema?: object) => ({ description, ...(schema ? { content: { 'application/json': { schema } } } : {}) });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/E${c}` }]));
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const secured = [{ bearer: [] }, { cookie: [] }];
const topic = {
  type: 'string',
  description: '`all`, `recommendations`, `domain:<domain>`, `program:<document id>` or `area:<area id>`',
  pattern: '^(all|recommendations|domain:[a-z][a-z_-]*|program:[a-z0-9][a-z0-9_-]*|area:[a-z0-9][a-z0-9_-]*)$',
};
const texts = { type: 'object', minProperties: 1, properties: { ko: { type: 'string', maxLength: 2000 }, ja: { type: 'string', maxLength: 2000 }, en: { type: 'string', maxLength: 2000 } } };
const counts = { type: 'object', additionalProperties: { type: 'integer' } };
const revision = { type: 'integer', minimum: 1, description: 'The revision the officer read; refused with 409 when the announcement changed since' };
const authored = {
  title: { type: 'string', maxLength: 200, description: 'For officers; residents see the texts' },
  texts,
  topics: { type: 'array', items: topic, description: 'Subscribers of any of these topics (empty: every subscriber); `all` subscribers always' },
  area: { type: ['string', 'null'], description: 'Residents who chose areas get it only when this is one of them' },
  langs: { type: 'array', items: { enum: ['ko', 'ja', 'en'] }, description: 'Only residents in these languages (empty: all, each in their language or the first text)' },
  docId: { type: ['string', 'null'] },
  linkUrl: { type: ['string', 'null'], format: 'uri' },
  sendAt: { type: ['string', 'null'], format: 'date-time', description: 'Not before (after approval)' },
  expiresAt: { type: ['string', 'null'], format: 'date-time', description: 'Deliveries not made by then are skipped (expired)' },
};

/** Schemas. */
export const announcementSchemas = {
  AnnouncementInput: { type: 'object', required: ['title', 'texts'], additionalProperties: false, properties: authored },
  AnnouncementPatch: {
    type: 'object',
    minProperties: 1,
    additionalProperties: false,
    description: 'Only the fields that change (`texts` replaces all the texts; null clears an optional field). The announcement with the edit applied must be valid as a new one.',
    properties: { ...authored, revision },
  },
  Announcement: {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid' },
      kind: { enum: ['announcement', 'recommendation'] },
      status: { enum: ['pending_approval', 'approved', 'sending', 'done', 'cancelled'] },
      origin: { enum: ['officer', 'kb_import'], description: 'kb_import: drafted from a knowledge-base change, never sent without approval' },
      title: { type: 'string' },
      texts,
      topics: { type: 'array', items: topic },
      area: { type: ['string', 'null'] },
      langs: { type: 'array', items: { type: 'string' } },
      docId: { type: ['string', 'null'] },
      linkUrl: { type: ['string', 'null'] },
      sendAt: { type: ['string', 'null'], format: 'date-time' },
      expiresAt: { type: ['string', 'null'], format: 'date-time' },
      revision: { type: 'integer', description: '1 when written, +1 with each edit' },
      editors: { type: 'array', items: { type: 'string' }, description: 'Officers who edited it; with four-eyes none of them (nor its author) may approve it' },
      editedBy: { type: ['string', 'null'] },
      editedAt: { type: ['string', 'null'], format: 'date-time' },
      createdBy: { type: ['string', 'null'] },
      approvedBy: { type: ['string', 'null'] },
      createdAt: { type: 'string', format: 'date-time' },
      approvedAt: { type: ['string', 'null'], format: 'date-time' },
      finishedAt: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  DeliveryCounts: {
    type: 'object',
    properties: {
      total: { type: 'integer' },
      byStatus: {
        type: 'object',
        description:
          'pending, sending, waiting (KakaoTalk: until the resident writes), sent, failed, skipped, unknown (Telegram, Teams: the send began and no answer came — it may have reached the resident; never sent again)',
        properties: Object.fromEntries(['pending', 'sending', 'waiting', 'sent', 'failed', 'skipped', 'unknown'].map((s) => [s, { type: 'integer' }])),
      },
      byRoute: { type: 'object', additionalProperties: counts, description: 'Per channel (line, telegram, kakao, webchat, botframework), counts by status' },
      reasons: { ...counts, description: 'Why deliveries failed, were skipped or are unknown (unsubscribed, unreachable, expired, cancelled, interrupted, rejected …)' },
    },
  },
} as const;

/** Paths. */
export const announcementPaths = {
  '/announcements': {
    get: {
      tags: ['announcements'],
      summary: 'List announcements, newest first (publisher or supervisor)',
      security: secured,
      parameters: [
        { name: 'status', in: 'query', schema: { enum: ['pending_approval', 'approved', 'sending', 'done', 'cancelled'] } },
        { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 500 } },
      ],
      responses: { '200': ok('Announcements', { type: 'object', properties: { announcements: { type: 'array', items: ref('Announcement') } } }), ...errors(400, 401, 403) },
    },
    post: {
      tags: ['announcements'],
      summary: 'Compose an announcement (publisher); it waits for approval',
      security: secured,
      requestBody: { required: true, content: { 'application/json': { schema: ref('AnnouncementInput') } } },
      responses: {
        '201': ok('Stored, awaiting approval; the residents it would reach now, per channel', {
          type: 'object',
          properties: { announcement: ref('Announcement'), recipients: counts, fourEyes: { type: 'boolean' } },
        }),
        ...errors(400, 401, 403),
      },
    },
  },
  '/announcements/topics': {
    get: {
      tags: ['announcements'],
      summary: 'The topics residents can subscribe to, labelled in a language (publisher or supervisor)',
      security: secured,
      parameters: [{ name: 'lang', in: 'query', schema: { enum: ['ko', 'ja', 'en'] } }],
      responses: { '200': ok('Topics', { type: 'object', properties: { topics: { type: 'array', items: { type: 'object', properties: { topic, label: { type: 'string' } } } } } }), ...errors(400, 401, 403) },
    },
  },
  '/announcements/{id}': {
    get: {
      tags: ['announcements'],
      summary: 'An announcement with its delivery counts by status (publisher or supervisor)',
      security: secured,
      parameters: [idParam],
      responses: {
        '200': ok('The announcement; recipients per channel before sending, deliveries after; a recommendation lists its residents with reasons', {
          type: 'object',
          properties: { announcement: ref('Announcement'), recipients: { oneOf: [counts, { type: 'null' }] }, deliveries: ref('DeliveryCounts'), targets: { type: 'array' } },
        }),
        ...errors(400, 401, 403, 404),
      },
    },
    patch: {
      tags: ['announcements'],
      summary: 'Edit an announcement not yet being sent (publisher: its author or another); an approval given before is withdrawn',
      security: secured,
      parameters: [idParam],
      requestBody: { required: true, content: { 'application/json': { schema: ref('AnnouncementPatch') } } },
      responses: {
        '200': ok('Edited, awaiting approval; the residents it would reach now, per channel', {
          type: 'object',
          properties: { announcement: ref('Announcement'), recipients: counts, approvalWithdrawn: { type: 'boolean' }, fourEyes: { type: 'boolean' } },
        }),
        ...errors(400, 401, 403, 404, 409),
      },
    },
  },
  '/announcements/{id}/approve': {
    post: {
      tags: ['announcements'],
      summary: 'Approve an announcement (with ALERTS_FOUR_EYES, a publisher who neither wrote nor edited it); sending starts',
      security: secured,
      parameters: [idParam],
      requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties: { revision } } } } },
      responses: { '200': ok('Approved', { type: 'object', properties: { announcement: ref('Announcement') } }), ...errors(401, 403, 404, 409) },
    },
  },
  '/announcements/{id}/cancel': {
    post: {
      tags: ['announcements'],
      summary: 'Cancel an announcement not yet done; deliveries not made are skipped (publisher)',
      security: secured,
      parameters: [idParam],
      responses: { '200': ok('Cancelled', { type: 'object', properties: { announcement: ref('Announcement') } }), ...errors(401, 403, 404, 409) },
    },
  },
  '/publishers': {
    get: {
      tags: ['announcements'],
      summary: 'Who holds the publisher role: the grants, and every officer with whether and how they hold it (admin)',
      security: secured,
      responses: {
        '200': ok('Publishers', {
          type: 'object',
          properties: {
            publishers: { type: 'array', items: { type: 'object', properties: { officerId: { type: 'string' }, grantedBy: { type: 'string' }, grantedAt: { type: 'string', format: 'date-time' } } } },
            officers: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  name: { type: 'string' },
                  email: { type: 'string' },
                  role: { enum: ['officer', 'supervisor', 'admin'] },
                  publisher: { type: 'boolean' },
                  via: { enum: ['admin', 'grant', null], description: 'admin: admins always hold it; grant: granted by an admin' },
                  grantedBy: { type: ['string', 'null'] },
                  grantedAt: { type: ['string', 'null'], format: 'date-time' },
                },
              },
            },
          },
        }),
        ...errors(401, 403),
      },
    },
  },
  '/publishers/{officerId}': {
    put: {
      tags: ['announcements'],
      summary: 'Grant the publisher role (admin)',
      security: secured,
      parameters: [{ name: 'officerId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { '201': ok('Granted'), '200': ok('Already granted'), ...errors(400, 401, 403, 404) },
    },
    delete: {
      tags: ['announcements'],
      summary: 'Revoke the publisher role (admin)',
      security: secured,
      parameters: [{ name: 'officerId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { '204': ok('Revoked'), ...errors(400, 401, 403, 404) },
    },
  },
} as const;
