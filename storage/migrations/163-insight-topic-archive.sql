-- Insight (insight/topic-archive.ts): knowledge-gap topics beyond RETENTION_DAYS. Topics are read
-- from the masked transcripts, which the retention purge deletes; before it does, each day it is
-- about to cut into is archived here: the day's topics with their counts, residents and closest
-- documents — per channel, language and domain, and for the day as a whole ('*'). No message text
-- and no resident: the label is the topic's shared content word (from masked text), kept only for
-- a topic at least 5 residents shared that day; smaller topics are pooled (hidden, no label).
-- Never purged, like the other roll-ups.
CREATE TABLE IF NOT EXISTS demand_daily_topics (
  day             date    NOT NULL,
  -- The shared word ('' for questions without one, and for the pooled small topics).
  topic           text    NOT NULL,
  hidden          boolean NOT NULL DEFAULT false,
  -- A channel, language and domain ('' = no document), or '*' in all three for the whole day.
  channel_id      text    NOT NULL,
  lang            text    NOT NULL,
  domain          text    NOT NULL,
  residents       integer NOT NULL,
  questions       integer NOT NULL,
  unanswered      integer NOT NULL,
  not_sure        integer NOT NULL,
  low_confidence  integer NOT NULL,
  unhelpful       integer NOT NULL,
  -- Ids of the documents that came closest, best first (on the whole day's row).
  closest         text[]  NOT NULL DEFAULT '{}',
  PRIMARY KEY (day, hidden, topic, channel_id, lang, domain)
);
