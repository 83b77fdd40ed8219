-- Insight console (insight/). Still no message text in the demand tables:
-- * demand_events.activity_id: the id of the resident's activity (not its text), so a knowledge-gap
--   topic can read the question from the masked transcript while the transcript is kept;
-- * demand_feedback.event_id: the demand event of the answer a 👍 / 👎 is about;
-- * demand_feedback.reason: the resident's optional free-text reason after a 👎, masked, purged with
--   the transcript (RETENTION_DAYS) and erased with the resident, never rolled up.
ALTER TABLE demand_events ADD COLUMN IF NOT EXISTS activity_id text;
ALTER TABLE demand_feedback ADD COLUMN IF NOT EXISTS event_id bigint;
ALTER TABLE demand_feedback ADD COLUMN IF NOT EXISTS reason text NOT NULL DEFAULT '';

-- The questions that went unanswered, newest first, for the topics (a small part of all turns).
CREATE INDEX IF NOT EXISTS demand_events_gaps ON demand_events (created_at)
  WHERE answer_status = 'not_sure' OR (answer_status = 'answered' AND confidence_band = 'low') OR route = 'out_of_scope';
CREATE INDEX IF NOT EXISTS demand_feedback_unhelpful ON demand_feedback (created_at) WHERE NOT helpful;
CREATE INDEX IF NOT EXISTS demand_feedback_conversation ON demand_feedback (channel_id, conversation_id, id);
-- Erasure of one resident's rows (madoguchi resident delete).
CREATE INDEX IF NOT EXISTS demand_events_resident ON demand_events (resident_key);
CREATE INDEX IF NOT EXISTS demand_feedback_resident ON demand_feedback (resident_key);
