-- LINE multicast for alerts (alerts/): one request carries the same message to up to 500 residents.
-- Its retry key (X-Line-Retry-Key) and its recipients are fixed here before it is sent, so a resend
-- after a crash or a lost answer is the very same request, which LINE accepts once (409 after).
CREATE TABLE IF NOT EXISTS alert_batches (
  key              text        PRIMARY KEY,
  route            text        NOT NULL,
  announcement_id  text        NOT NULL,
  delivery_ids     text[]      NOT NULL,
  claimed_by       text,
  claimed_at       timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS alert_batches_route ON alert_batches (route, claimed_at);
ALTER TABLE alert_deliveries ADD COLUMN IF NOT EXISTS batch_key text;
