-- Safety: shared rate-limit counters and the append-only audit log.

-- Sliding-window counters (current and previous fixed window, weighted) shared by every instance
-- on this database. `blocked_until` holds a flood block (epoch milliseconds, 0 = none).
CREATE TABLE IF NOT EXISTS rate_limit_counters (
  key           TEXT PRIMARY KEY,
  window_ms     INTEGER NOT NULL,
  window_start  BIGINT NOT NULL,
  count         INTEGER NOT NULL DEFAULT 0,
  prev_count    INTEGER NOT NULL DEFAULT 0,
  blocked_until BIGINT NOT NULL DEFAULT 0,
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS rate_limit_counters_updated_idx ON rate_limit_counters (updated_at);

-- Audit log: every officer read of a transcript and every officer action. Append-only: the
-- application has no UPDATE or DELETE path, and the triggers below reject UPDATE, DELETE and
-- TRUNCATE for every role. Audit rows are kept beyond RETENTION_DAYS (they hold no message text,
-- only who did what to which case); removing very old rows is a deliberate operator act done as
-- the table owner with `ALTER TABLE audit_log DISABLE TRIGGER USER`, recorded outside the app.
CREATE TABLE IF NOT EXISTS audit_log (
  id          BIGSERIAL PRIMARY KEY,
  at          TIMESTAMPTZ NOT NULL DEFAULT now(),
  actor_id    TEXT NOT NULL,
  actor_role  TEXT NOT NULL,
  action      TEXT NOT NULL,
  target      TEXT NOT NULL DEFAULT '',
  detail      JSONB NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS audit_log_at_idx ON audit_log (at);
CREATE INDEX IF NOT EXISTS audit_log_actor_idx ON audit_log (actor_id, at);
CREATE INDEX IF NOT EXISTS audit_log_target_idx ON audit_log (target, at);

CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% rejected)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS audit_log_no_update_delete ON audit_log;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
