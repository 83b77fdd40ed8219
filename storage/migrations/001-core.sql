-- Core tables: botbuilder state (conversation/user state with eTags), transcript, conversation references.
CREATE TABLE IF NOT EXISTS bot_state (
  key        TEXT PRIMARY KEY,
  data       JSONB NOT NULL,
  etag       TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS transcript (
  id              BIGSERIAL PRIMARY KEY,
  channel_id      TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  direction       TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  activity_type   TEXT NOT NULL DEFAULT 'message',
  author          TEXT NOT NULL DEFAULT 'resident' CHECK (author IN ('resident', 'bot', 'officer', 'system')),
  text            TEXT NOT NULL DEFAULT '',
  activity_id     TEXT,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS transcript_conversation_idx ON transcript (channel_id, conversation_id, id);
CREATE INDEX IF NOT EXISTS transcript_user_idx ON transcript (channel_id, user_id);
CREATE INDEX IF NOT EXISTS transcript_created_idx ON transcript (created_at);

CREATE TABLE IF NOT EXISTS conversation_refs (
  channel_id      TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  reference       JSONB NOT NULL,
  lang            TEXT,
  updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, conversation_id)
);
CREATE INDEX IF NOT EXISTS conversation_refs_updated_idx ON conversation_refs (updated_at);

-- Secrets generated once and shared by every instance on this database (web chat tokens,
-- officer sessions) when the operator did not set SESSION_SECRET.
CREATE TABLE IF NOT EXISTS app_secrets (
  name       TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
