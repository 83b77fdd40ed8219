-- Alerts (alerts/outbox.ts): a delivery whose outcome is not known. On a route without idempotency
-- key (Telegram, Bot Framework channels) a send whose start was recorded but whose answer never came
-- (the process stopped, or the connection broke after the request left) may have reached the
-- resident or not; it is never sent again. Such deliveries were 'failed' with a reason beginning
-- 'interrupted'; they are now 'unknown', with that reason, counted apart from real failures.
ALTER TABLE alert_deliveries DROP CONSTRAINT IF EXISTS alert_deliveries_status_check;
ALTER TABLE alert_deliveries ADD CONSTRAINT alert_deliveries_status_check
  CHECK (status IN ('pending', 'sending', 'waiting', 'sent', 'failed', 'skipped', 'unknown'));
UPDATE alert_deliveries SET status = 'unknown'
 WHERE status = 'failed' AND reason LIKE 'interrupted%' AND reason NOT LIKE 'interrupted after %';
