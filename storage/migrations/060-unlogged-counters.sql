-- Rate-limit counters are worth little after a database crash (residents start with a fresh
-- allowance a minute later anyway), so they skip the write-ahead log: every message's counter
-- update then commits without waiting for a disk flush. PostgreSQL empties an unlogged table
-- after a crash and does not copy it to streaming standbys; both are fine for counters.
-- (The embedded setup keeps its counters in process memory and does not use this table.)
ALTER TABLE rate_limit_counters SET UNLOGGED;
