-- One row per conversation whose privacy notice was shown. Two first messages of one resident can
-- reach two instances at once; the instance whose INSERT wins shows the notice, the other does not.
CREATE TABLE IF NOT EXISTS privacy_notices (
  channel_id      text        NOT NULL,
  conversation_id text        NOT NULL,
  user_id         text        NOT NULL DEFAULT '',
  shown_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, conversation_id)
);
CREATE INDEX IF NOT EXISTS privacy_notices_user ON privacy_notices (channel_id, user_id);
CREATE INDEX IF NOT EXISTS privacy_notices_shown_at ON privacy_notices (shown_at);
