-- Service-demand insight (insight/): one event per resident turn and one row per feedback press,
-- both WITHOUT message text and purged with the transcript (RETENTION_DAYS: they carry conversation
-- ids and a pseudonymous resident key); and the roll-ups built from them, which hold counts only and
-- are never purged, so a year's trend outlives the transcripts.

CREATE TABLE IF NOT EXISTS demand_events (
  id               bigserial   PRIMARY KEY,
  created_at       timestamptz NOT NULL,
  channel_id       text        NOT NULL,
  conversation_id  text        NOT NULL,
  -- sha256 of channel/user (or channel/conversation when the user is unknown), truncated: counts residents.
  resident_key     text        NOT NULL,
  lang             text        NOT NULL,
  route            text        NOT NULL,
  -- 'answered' | 'not_sure' when the knowledge base was asked, else ''.
  answer_status    text        NOT NULL DEFAULT '',
  -- The top cited document and its section; doc_ids: every cited document, in citation order.
  doc_id           text        NOT NULL DEFAULT '',
  doc_ids          text[]      NOT NULL DEFAULT '{}',
  section          text        NOT NULL DEFAULT '',
  -- 'high' | 'medium' | 'low' when the knowledge base was asked, else ''.
  confidence_band  text        NOT NULL DEFAULT '',
  escalated        boolean     NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS demand_events_created ON demand_events (created_at);
CREATE INDEX IF NOT EXISTS demand_events_conversation ON demand_events (channel_id, conversation_id, id);

CREATE TABLE IF NOT EXISTS demand_feedback (
  id               bigserial   PRIMARY KEY,
  created_at       timestamptz NOT NULL,
  channel_id       text        NOT NULL,
  conversation_id  text        NOT NULL,
  resident_key     text        NOT NULL,
  lang             text        NOT NULL,
  helpful          boolean     NOT NULL,
  -- The answer the press is about: its route and cited documents (ids), top section and band.
  route            text        NOT NULL DEFAULT '',
  doc_ids          text[]      NOT NULL DEFAULT '{}',
  section          text        NOT NULL DEFAULT '',
  confidence_band  text        NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS demand_feedback_created ON demand_feedback (created_at);

-- Per day (UTC), channel and language: conversations, residents, messages and what became of them.
CREATE TABLE IF NOT EXISTS demand_daily_totals (
  day            date    NOT NULL,
  channel_id     text    NOT NULL,
  lang           text    NOT NULL,
  conversations  integer NOT NULL,
  residents      integer NOT NULL,
  messages       integer NOT NULL,
  asked          integer NOT NULL,
  answered       integer NOT NULL,
  not_sure       integer NOT NULL,
  out_of_scope   integer NOT NULL,
  handoffs       integer NOT NULL,
  crises         integer NOT NULL,
  helpful        integer NOT NULL,
  unhelpful      integer NOT NULL,
  PRIMARY KEY (day, channel_id, lang)
);

-- Per day, channel, language and cited document (with its domain and top section): what was asked.
CREATE TABLE IF NOT EXISTS demand_daily_documents (
  day            date    NOT NULL,
  channel_id     text    NOT NULL,
  lang           text    NOT NULL,
  doc_id         text    NOT NULL,
  domain         text    NOT NULL,
  section        text    NOT NULL,
  residents      integer NOT NULL,
  answered       integer NOT NULL,
  not_sure       integer NOT NULL,
  low_confidence integer NOT NULL,
  helpful        integer NOT NULL,
  unhelpful      integer NOT NULL,
  PRIMARY KEY (day, channel_id, lang, doc_id, section)
);

-- One row per hand-off, without resident, conversation or message: its timings and team.
CREATE TABLE IF NOT EXISTS demand_handoffs (
  handoff_id         text        PRIMARY KEY,
  created_at         timestamptz NOT NULL,
  channel_id         text        NOT NULL,
  lang               text        NOT NULL,
  reason             text        NOT NULL,
  priority           text        NOT NULL,
  team               text        NOT NULL,
  status             text        NOT NULL,
  claimed_seconds    integer,
  first_reply_seconds integer,
  resolved_seconds   integer
);
CREATE INDEX IF NOT EXISTS demand_handoffs_created ON demand_handoffs (created_at);

-- The last day whose events have been rolled up for good (earlier days are never recomputed).
CREATE TABLE IF NOT EXISTS demand_rollup_state (
  id          integer PRIMARY KEY CHECK (id = 1),
  sealed_day  date
);
INSERT INTO demand_rollup_state (id, sealed_day) VALUES (1, NULL) ON CONFLICT (id) DO NOTHING;
