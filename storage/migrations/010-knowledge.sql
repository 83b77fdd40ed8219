-- Knowledge base: imported documents, their section chunks (with optional embeddings stored as
-- plain real[] so no pgvector is needed), and one version row that instances poll and that
-- `NOTIFY kb_reload` announces.
CREATE TABLE IF NOT EXISTS documents (
  id            TEXT PRIMARY KEY,
  title         TEXT NOT NULL,
  lang          TEXT NOT NULL,
  domain        TEXT NOT NULL,
  region        TEXT NOT NULL,
  updated       TEXT NOT NULL,
  source_url    TEXT,
  tags          TEXT[] NOT NULL DEFAULT '{}',
  meta          JSONB NOT NULL,
  content_hash  TEXT NOT NULL,
  imported_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS chunks (
  doc_id          TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  ordinal         INTEGER NOT NULL,
  section         TEXT,
  text            TEXT NOT NULL,
  embedding       REAL[],
  embedding_model TEXT,
  PRIMARY KEY (doc_id, ordinal)
);

CREATE TABLE IF NOT EXISTS kb_state (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  version     BIGINT NOT NULL,
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

INSERT INTO kb_state (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
