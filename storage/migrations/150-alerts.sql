-- Opt-in alerts (alerts/): residents who asked for alerts, what they subscribed to and when they
-- agreed (consent time and wording version), announcements written by the city (four-eyes
-- approval) or drafted from knowledge-base changes, and a durable outbox: one row per delivery,
-- pending → sending → sent / failed (reason) / skipped (reason), or waiting (KakaoTalk: stored for
-- the resident's next message). A delivery's id is its idempotency key (LINE's X-Line-Retry-Key).

-- One row per resident who subscribed: where and how to reach them. The conversation reference is
-- stored masked (display names) like conversation_refs; kept while a subscription is active.
CREATE TABLE IF NOT EXISTS alert_recipients (
  channel_id       text        NOT NULL,
  user_id          text        NOT NULL,
  conversation_id  text        NOT NULL,
  reference        jsonb       NOT NULL,
  lang             text        NOT NULL,
  -- Which sender reaches them: line, telegram, kakao, webchat (this server's adapters) or botframework.
  route            text        NOT NULL,
  -- Quiet hours are kept by region (ALERTS_QUIET_HOURS).
  region           text        NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, user_id)
);
CREATE INDEX IF NOT EXISTS alert_recipients_updated ON alert_recipients (updated_at);
CREATE INDEX IF NOT EXISTS alert_recipients_route ON alert_recipients (route, channel_id, user_id);

-- One row per topic a resident agreed to: `all`, `domain:<domain>`, `program:<document id>`,
-- `area:<area id>` (eligibility/areas.yaml; a resident with area topics gets area-bound
-- announcements only for those areas) or `recommendations` ("programs I may be eligible for", read
-- from a kept screening profile).
CREATE TABLE IF NOT EXISTS alert_subscriptions (
  id               text        PRIMARY KEY,
  channel_id       text        NOT NULL,
  user_id          text        NOT NULL,
  topic            text        NOT NULL,
  status           text        NOT NULL CHECK (status IN ('active', 'ended')),
  consented_at     timestamptz NOT NULL DEFAULT now(),
  -- The version of the consent wording the resident was shown (locales/<lang>/alerts.json).
  wording_version  text        NOT NULL,
  consent_lang     text        NOT NULL,
  ended_at         timestamptz,
  ended_reason     text        CHECK (ended_reason IN ('resident', 'unreachable')),
  FOREIGN KEY (channel_id, user_id) REFERENCES alert_recipients (channel_id, user_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX IF NOT EXISTS alert_subscriptions_one_active ON alert_subscriptions (channel_id, user_id, topic) WHERE status = 'active';
CREATE INDEX IF NOT EXISTS alert_subscriptions_topic ON alert_subscriptions (topic) WHERE status = 'active';
CREATE INDEX IF NOT EXISTS alert_subscriptions_ended ON alert_subscriptions (ended_at);

-- Officers allowed to compose and approve announcements (admins always are).
CREATE TABLE IF NOT EXISTS alert_publishers (
  officer_id  text        PRIMARY KEY REFERENCES officers (id) ON DELETE CASCADE,
  granted_by  text        NOT NULL,
  granted_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS alert_announcements (
  id            text        PRIMARY KEY,
  -- `recommendation`: "you may be eligible for …", sent to the listed targets (alert_targets).
  kind          text        NOT NULL CHECK (kind IN ('announcement', 'recommendation')),
  status        text        NOT NULL CHECK (status IN ('pending_approval', 'approved', 'sending', 'done', 'cancelled')),
  title         text        NOT NULL,
  -- {"ko": "…", "ja": "…", "en": "…"}: at least one language.
  texts         jsonb       NOT NULL,
  -- Any of these topics (empty: every subscriber); `all` subscribers always match.
  topics        text[]      NOT NULL DEFAULT '{}',
  area          text,
  -- Only residents in these languages (empty: all, each in their language or the first text's).
  langs         text[]      NOT NULL DEFAULT '{}',
  doc_id        text,
  link_url      text,
  send_at       timestamptz,
  expires_at    timestamptz,
  -- `officer` or `kb_import` (drafted from a knowledge-base change; never sent without approval).
  origin        text        NOT NULL DEFAULT 'officer',
  origin_detail jsonb,
  created_by    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  approved_by   text,
  approved_at   timestamptz,
  -- Planning goes route by route in chunks (so sending starts at once); the cursor is the last
  -- recipient planned. planned_at: when planning finished.
  plan_route    text,
  plan_channel  text,
  plan_user     text,
  planned_at    timestamptz,
  cancelled_by  text,
  cancelled_at  timestamptz,
  finished_at   timestamptz
);
CREATE INDEX IF NOT EXISTS alert_announcements_status ON alert_announcements (status, created_at);

-- The residents a recommendation is for, with the reasons in their language.
CREATE TABLE IF NOT EXISTS alert_targets (
  announcement_id  text   NOT NULL REFERENCES alert_announcements (id) ON DELETE CASCADE,
  channel_id       text   NOT NULL,
  user_id          text   NOT NULL,
  detail           jsonb  NOT NULL,
  PRIMARY KEY (announcement_id, channel_id, user_id),
  FOREIGN KEY (channel_id, user_id) REFERENCES alert_recipients (channel_id, user_id) ON DELETE CASCADE
);

-- The outbox. A delivery's id is derived from its announcement and resident (an md5 UUID), so planning
-- a chunk twice adds nothing. Few indexes: each status change rewrites the row's index entries, and
-- a fan-out to 100,000 residents changes every row twice.
CREATE TABLE IF NOT EXISTS alert_deliveries (
  id               text        PRIMARY KEY,
  -- No foreign key: checking it costs a third of planning, and announcements are never deleted.
  announcement_id  text        NOT NULL,
  channel_id       text        NOT NULL,
  user_id          text        NOT NULL,
  -- Which sender and rate limit: line, telegram, kakao, webchat or botframework.
  route            text        NOT NULL,
  lang             text        NOT NULL,
  region           text        NOT NULL,
  status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'waiting', 'sent', 'failed', 'skipped')),
  reason           text,
  attempts         integer     NOT NULL DEFAULT 0,
  not_before       timestamptz NOT NULL DEFAULT now(),
  claimed_by       text,
  claimed_at       timestamptz,
  -- Set just before a send on a route without idempotency key: a delivery cut off after this point
  -- by a crash may have reached the resident and is not sent again.
  send_started_at  timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz
);
CREATE INDEX IF NOT EXISTS alert_deliveries_claimable ON alert_deliveries (route, not_before) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS alert_deliveries_open ON alert_deliveries (announcement_id) WHERE status IN ('pending', 'sending', 'waiting');

-- Per route, the next free send slot: instances reserve windows here, so the platform's rate limit
-- holds for all instances together.
CREATE TABLE IF NOT EXISTS alert_channel_pace (
  route    text        PRIMARY KEY,
  next_at  timestamptz NOT NULL
);

-- The knowledge documents as the alerts module last saw them (content and eligibility rules), so a
-- change is drafted once, by one instance.
CREATE TABLE IF NOT EXISTS alert_kb_seen (
  doc_id        text        PRIMARY KEY,
  content_hash  text        NOT NULL,
  eligibility   jsonb,
  seen_at       timestamptz NOT NULL DEFAULT now()
);

-- A KakaoTalk delivery waits in kakao_pending_messages until the resident's next message; when the
-- adapter takes it (and deletes the row), the delivery is sent.
CREATE OR REPLACE FUNCTION alert_kakao_taken() RETURNS trigger AS $$
BEGIN
  IF OLD.payload -> 'channelData' -> 'madoguchi' ->> 'alertDelivery' IS NOT NULL THEN
    UPDATE alert_deliveries SET status = 'sent', finished_at = now()
     WHERE id = OLD.payload -> 'channelData' -> 'madoguchi' ->> 'alertDelivery' AND status = 'waiting';
  END IF;
  RETURN OLD;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS alert_kakao_taken ON kakao_pending_messages;
CREATE TRIGGER alert_kakao_taken AFTER DELETE ON kakao_pending_messages FOR EACH ROW EXECUTE FUNCTION alert_kakao_taken();
