-- Insight (insight/feedback-store.ts, demand-rollup.ts): what became of a 👎's reason prompt. A press
-- of "Skip" is stored with the press (`skipped`), like a reason; a 👎 with neither (the resident
-- asked something else, or left) keeps both empty. The roll-ups count 👎 with a reason and 👎
-- skipped per day, channel and language (and per document), so the split outlives the purge.
ALTER TABLE demand_feedback ADD COLUMN IF NOT EXISTS skipped boolean NOT NULL DEFAULT false;
ALTER TABLE demand_daily_totals ADD COLUMN IF NOT EXISTS unhelpful_reason integer NOT NULL DEFAULT 0;
ALTER TABLE demand_daily_totals ADD COLUMN IF NOT EXISTS unhelpful_skipped integer NOT NULL DEFAULT 0;
ALTER TABLE demand_daily_documents ADD COLUMN IF NOT EXISTS unhelpful_reason integer NOT NULL DEFAULT 0;
ALTER TABLE demand_daily_documents ADD COLUMN IF NOT EXISTS unhelpful_skipped integer NOT NULL DEFAULT 0;
