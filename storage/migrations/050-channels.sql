-- Channels (adapters/): webhook de-duplication, Kakao messages waiting for the resident's next
-- utterance (Kakao skills cannot push), and large web chat events handed between instances.

CREATE TABLE IF NOT EXISTS webhook_events (
  platform    text        NOT NULL,
  event_id    text        NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, event_id)
);
CREATE INDEX IF NOT EXISTS webhook_events_received_at ON webhook_events (received_at);

CREATE TABLE IF NOT EXISTS kakao_pending_messages (
  id          bigserial   PRIMARY KEY,
  user_id     text        NOT NULL,
  payload     jsonb       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS kakao_pending_messages_user ON kakao_pending_messages (user_id, id);

CREATE TABLE IF NOT EXISTS webchat_outbox (
  id              bigserial   PRIMARY KEY,
  conversation_id text        NOT NULL,
  payload         jsonb       NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS webchat_outbox_created_at ON webchat_outbox (created_at);
