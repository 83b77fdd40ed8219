-- Editing announcements before they go out (alerts/announcement-repository.ts `edit`). `revision`
-- grows with each edit: an edit or an approval may name the revision the officer saw, and is refused
-- (409) when the announcement changed since. `editors`: every officer who changed it after it was
-- written; with four-eyes none of them (nor its author) may approve it. An edit withdraws an
-- approval given before it (status back to pending_approval).
ALTER TABLE alert_announcements ADD COLUMN IF NOT EXISTS revision integer NOT NULL DEFAULT 1;
ALTER TABLE alert_announcements ADD COLUMN IF NOT EXISTS editors text[] NOT NULL DEFAULT '{}';
ALTER TABLE alert_announcements ADD COLUMN IF NOT EXISTS edited_by text;
ALTER TABLE alert_announcements ADD COLUMN IF NOT EXISTS edited_at timestamptz;
