-- Insight (insight/demand-rollup.ts): the last day whose roll-up is complete, so the hourly job,
-- the purge and the console recompute only the days after it (and always yesterday and today)
-- instead of every stored day.
ALTER TABLE demand_rollup_state ADD COLUMN IF NOT EXISTS rolled_through date;
