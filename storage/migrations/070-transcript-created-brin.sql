-- Transcript lines are written in time order, so a BRIN index (one small summary per range of
-- table blocks) finds the lines older than the retention period as well as a B-tree does, at a
-- fraction of the cost per insert: the B-tree had to be updated for every line of every turn.
DROP INDEX IF EXISTS transcript_created_idx;
CREATE INDEX IF NOT EXISTS transcript_created_brin ON transcript USING brin (created_at);
