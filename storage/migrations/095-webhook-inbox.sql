-- The webhook inbox (adapters/shared/sql-webhook-inbox.ts). The de-duplication table of
-- 050-channels.sql becomes an inbox: LINE and Telegram events are stored here, with their payload,
-- before the platform is answered 200, processed from here and then marked done (payload
-- dropped), so an event acknowledged just before a crash is processed after the restart. A row's
-- key still makes a redelivery a duplicate. Kakao requests (answered in the same HTTP exchange)
-- use rows without payload to recognise replays.
-- Rows that exist already were de-duplicated before this migration: they count as done.
ALTER TABLE webhook_events ADD COLUMN IF NOT EXISTS status text NOT NULL DEFAULT 'done';
ALTER TABLE webhook_events ALTER COLUMN status SET DEFAULT 'pending';
ALTER TABLE webhook_events ADD COLUMN IF NOT EXISTS payload jsonb;
ALTER TABLE webhook_events ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0;
ALTER TABLE webhook_events ADD COLUMN IF NOT EXISTS claimed_at timestamptz;
ALTER TABLE webhook_events ADD COLUMN IF NOT EXISTS finished_at timestamptz;
ALTER TABLE webhook_events ADD COLUMN IF NOT EXISTS last_error text;
ALTER TABLE webhook_events DROP CONSTRAINT IF EXISTS webhook_events_status_check;
ALTER TABLE webhook_events ADD CONSTRAINT webhook_events_status_check CHECK (status IN ('pending', 'processing', 'done', 'failed'));
-- The start-up resume and the periodic sweep look only at unfinished rows.
CREATE INDEX IF NOT EXISTS webhook_events_unfinished ON webhook_events (platform, received_at) WHERE status IN ('pending', 'processing');
