-- Steps 3b and 3c per administration channel (issue 15, DESIGN §2 and §6).
--
-- A submission keeps its per-channel answers as two JSON objects, e.g. {"phone": false,
-- "counter": true} and {"counter": 4}, exactly as the wire has them: the answers are read back
-- whole (list, export, a later step replacing them) and never searched by channel, while every
-- figure is read from the per-channel rollup counters. The earlier shape's `reached` and
-- `help_quality` columns stay: they hold the answers of API v1's boolean / number shape, which
-- count under the channel `unknown`; so existing answers need no rewrite to be carried over.

ALTER TABLE submissions ADD COLUMN reached_channels jsonb;
ALTER TABLE submissions ADD COLUMN help_quality_channels jsonb;

-- The rollups' earlier counters were one answer per submission for all channels: they are the
-- channel `unknown` now, renamed in place so that the existing sums carry over untouched.
ALTER TABLE daily_rollups RENAME COLUMN reached_yes TO reached_unknown_yes;
ALTER TABLE daily_rollups RENAME COLUMN reached_no TO reached_unknown_no;
ALTER TABLE daily_rollups RENAME COLUMN help_quality_1 TO help_quality_unknown_1;
ALTER TABLE daily_rollups RENAME COLUMN help_quality_2 TO help_quality_unknown_2;
ALTER TABLE daily_rollups RENAME COLUMN help_quality_3 TO help_quality_unknown_3;
ALTER TABLE daily_rollups RENAME COLUMN help_quality_4 TO help_quality_unknown_4;
ALTER TABLE daily_rollups RENAME COLUMN help_quality_5 TO help_quality_unknown_5;

-- One yes/no pair and one 1–5 distribution per administration channel (rollups.ts).
ALTER TABLE daily_rollups ADD COLUMN reached_counter_yes integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN reached_counter_no integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN reached_phone_yes integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN reached_phone_no integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN reached_email_yes integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN reached_email_no integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN reached_chat_yes integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN reached_chat_no integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_counter_1 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_counter_2 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_counter_3 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_counter_4 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_counter_5 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_phone_1 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_phone_2 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_phone_3 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_phone_4 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_phone_5 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_email_1 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_email_2 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_email_3 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_email_4 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_email_5 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_chat_1 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_chat_2 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_chat_3 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_chat_4 integer NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN help_quality_chat_5 integer NOT NULL DEFAULT 0;
