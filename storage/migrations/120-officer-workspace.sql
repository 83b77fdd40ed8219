-- Officers' workspace (officers/): reply templates per team and language, kept by supervisors, and
-- "the documents lack this" flags raised from cases, which supervisors export for the content team.

CREATE TABLE IF NOT EXISTS reply_templates (
  id          text        PRIMARY KEY,
  team        text        NOT NULL,
  lang        text        NOT NULL CHECK (lang IN ('ko', 'ja', 'en')),
  kind        text        NOT NULL CHECK (kind IN ('greeting', 'documents', 'address', 'closing')),
  text        text        NOT NULL,
  updated_by  text        REFERENCES officers (id) ON DELETE SET NULL,
  updated_at  timestamptz NOT NULL
);
-- One template of each kind per team and language: saving again replaces it.
CREATE UNIQUE INDEX IF NOT EXISTS reply_templates_slot ON reply_templates (team, lang, kind);

CREATE TABLE IF NOT EXISTS knowledge_gaps (
  id          bigserial   PRIMARY KEY,
  -- The flag goes with its case when the case is purged (RETENTION_DAYS): the question is the resident's words.
  handoff_id  text        NOT NULL REFERENCES handoffs (id) ON DELETE CASCADE,
  officer_id  text        REFERENCES officers (id) ON DELETE SET NULL,
  lang        text        NOT NULL,
  question    text        NOT NULL DEFAULT '',
  note        text        NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS knowledge_gaps_created ON knowledge_gaps (created_at);
