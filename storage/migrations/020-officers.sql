-- Officers (officers/): hand-off lifecycle, its messages and notes, officer accounts and sessions.
-- Status transitions are enforced in code (officers/handoff-status.ts) with compare-and-set updates.

CREATE TABLE IF NOT EXISTS officers (
  id              text        PRIMARY KEY,
  email           text        NOT NULL UNIQUE,
  name            text        NOT NULL,
  role            text        NOT NULL CHECK (role IN ('officer', 'supervisor', 'admin')),
  password_hash   text        NOT NULL,
  failed_logins   integer     NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS officer_sessions (
  token_hash  text        PRIMARY KEY,
  officer_id  text        NOT NULL REFERENCES officers (id) ON DELETE CASCADE,
  csrf_token  text        NOT NULL,
  expires_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS officer_sessions_expires ON officer_sessions (expires_at);

CREATE TABLE IF NOT EXISTS handoffs (
  id                   text        PRIMARY KEY,
  channel_id           text        NOT NULL,
  conversation_id      text        NOT NULL,
  user_id              text        NOT NULL,
  lang                 text        NOT NULL,
  reason               text        NOT NULL,
  priority             text        NOT NULL CHECK (priority IN ('urgent', 'normal')),
  status               text        NOT NULL CHECK (status IN ('queued', 'assigned', 'active', 'resolved', 'cancelled')),
  summary              text        NOT NULL DEFAULT '',
  summary_source       text        NOT NULL DEFAULT 'extractive',
  outcome              text,
  reference            jsonb,
  assigned_officer_id  text        REFERENCES officers (id) ON DELETE SET NULL,
  last_ack_at          timestamptz,
  created_at           timestamptz NOT NULL,
  queued_at            timestamptz,
  assigned_at          timestamptz,
  active_at            timestamptz,
  resolved_at          timestamptz,
  updated_at           timestamptz NOT NULL
);
-- At most one open hand-off per conversation (escalations reuse it).
CREATE UNIQUE INDEX IF NOT EXISTS handoffs_open_conversation
  ON handoffs (channel_id, conversation_id) WHERE status IN ('queued', 'assigned', 'active');
CREATE INDEX IF NOT EXISTS handoffs_status ON handoffs (status, priority, queued_at);

CREATE TABLE IF NOT EXISTS handoff_messages (
  id              bigserial   PRIMARY KEY,
  handoff_id      text        NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
  author          text        NOT NULL CHECK (author IN ('resident', 'officer', 'system')),
  officer_id      text,
  text            text        NOT NULL,
  internal        boolean     NOT NULL DEFAULT false,
  delivery        text        NOT NULL DEFAULT 'none' CHECK (delivery IN ('none', 'pending', 'sent', 'failed')),
  delivery_error  text,
  created_at      timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS handoff_messages_handoff ON handoff_messages (handoff_id, id);
