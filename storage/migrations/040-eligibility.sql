-- Eligibility screening: profiles residents agreed to keep (facts such as age, household size,
-- income). One row per resident; deleted on request and by the retention purge (updated_at).
CREATE TABLE IF NOT EXISTS eligibility_profiles (
  channel_id   TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  profile      JSONB NOT NULL,
  consented_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (channel_id, user_id)
);

CREATE INDEX IF NOT EXISTS eligibility_profiles_updated_at ON eligibility_profiles (updated_at);
