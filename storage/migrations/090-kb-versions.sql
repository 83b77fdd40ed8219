-- Knowledge-base versions, so `madoguchi kb rollback` can restore an earlier knowledge base.
-- Every change of the documents (an import, a rollback, an embedding backfill) is a version in
-- kb_versions with its manifest (which document id had which content) in kb_version_documents.
-- Contents live once per content hash in kb_archive_*: ten versions of a 1,000-document base that
-- differ by a few files cost a few files, not ten copies (embeddings included). Only the last
-- KB_KEEP_VERSIONS versions are kept; archive rows no kept version names are deleted with them.
CREATE TABLE IF NOT EXISTS kb_versions (
  version     BIGINT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('baseline', 'import', 'rollback', 'embeddings')),
  source      TEXT,
  documents   INTEGER NOT NULL,
  added       INTEGER NOT NULL DEFAULT 0,
  updated     INTEGER NOT NULL DEFAULT 0,
  removed     INTEGER NOT NULL DEFAULT 0,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS kb_archive_documents (
  content_hash  TEXT PRIMARY KEY,
  id            TEXT NOT NULL,
  title         TEXT NOT NULL,
  lang          TEXT NOT NULL,
  domain        TEXT NOT NULL,
  region        TEXT NOT NULL,
  updated       TEXT NOT NULL,
  source_url    TEXT,
  tags          TEXT[] NOT NULL DEFAULT '{}',
  meta          JSONB NOT NULL
);

CREATE TABLE IF NOT EXISTS kb_archive_chunks (
  content_hash    TEXT NOT NULL REFERENCES kb_archive_documents (content_hash) ON DELETE CASCADE,
  ordinal         INTEGER NOT NULL,
  section         TEXT,
  text            TEXT NOT NULL,
  embedding       REAL[],
  embedding_model TEXT,
  PRIMARY KEY (content_hash, ordinal)
);

CREATE TABLE IF NOT EXISTS kb_version_documents (
  version       BIGINT NOT NULL REFERENCES kb_versions (version) ON DELETE CASCADE,
  id            TEXT NOT NULL,
  content_hash  TEXT NOT NULL REFERENCES kb_archive_documents (content_hash),
  PRIMARY KEY (version, id)
);

CREATE INDEX IF NOT EXISTS kb_version_documents_hash ON kb_version_documents (content_hash);

-- A knowledge base imported before versions existed becomes the first kept version.
INSERT INTO kb_versions (version, kind, documents)
SELECT s.version, 'baseline', (SELECT count(*) FROM documents) FROM kb_state s WHERE s.id = 1 AND s.version > 0
ON CONFLICT (version) DO NOTHING;

INSERT INTO kb_archive_documents (content_hash, id, title, lang, domain, region, updated, source_url, tags, meta)
SELECT d.content_hash, d.id, d.title, d.lang, d.domain, d.region, d.updated, d.source_url, d.tags, d.meta FROM documents d
ON CONFLICT (content_hash) DO NOTHING;

INSERT INTO kb_archive_chunks (content_hash, ordinal, section, text, embedding, embedding_model)
SELECT d.content_hash, c.ordinal, c.section, c.text, c.embedding, c.embedding_model FROM chunks c JOIN documents d ON d.id = c.doc_id
ON CONFLICT (content_hash, ordinal) DO NOTHING;

INSERT INTO kb_version_documents (version, id, content_hash)
SELECT s.version, d.id, d.content_hash FROM documents d, kb_state s WHERE s.id = 1 AND s.version > 0
ON CONFLICT (version, id) DO NOTHING;
