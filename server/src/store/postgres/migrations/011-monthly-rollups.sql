-- Issue 26: the daily rollups summed per calendar month, kept beside them in the same
-- transactions. A 12-month period reads 12 rows (and the days of any partial month at its ends)
-- instead of 365: the stats' cost no longer grows with the period's days. Filled here from the
-- daily rollups, which stay the reference (store/rollups.ts, monthsAndDays).
-- Nodes of the previous version may still be writing daily rollups: they wait until this
-- transaction commits, so that none is left out of the monthly sums.
LOCK TABLE daily_rollups IN SHARE MODE;

CREATE TABLE monthly_rollups (
  procedure_id           bigint  NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  month                  text    NOT NULL,
  source                 text    NOT NULL,
  answers                integer NOT NULL DEFAULT 0,
  satisfaction_bad       integer NOT NULL DEFAULT 0,
  satisfaction_medium    integer NOT NULL DEFAULT 0,
  satisfaction_good      integer NOT NULL DEFAULT 0,
  clarity_1              integer NOT NULL DEFAULT 0,
  clarity_2              integer NOT NULL DEFAULT 0,
  clarity_3              integer NOT NULL DEFAULT 0,
  clarity_4              integer NOT NULL DEFAULT 0,
  clarity_5              integer NOT NULL DEFAULT 0,
  help_answered          integer NOT NULL DEFAULT 0,
  help_counter           integer NOT NULL DEFAULT 0,
  help_phone             integer NOT NULL DEFAULT 0,
  help_email             integer NOT NULL DEFAULT 0,
  help_chat              integer NOT NULL DEFAULT 0,
  help_relative          integer NOT NULL DEFAULT 0,
  help_association       integer NOT NULL DEFAULT 0,
  help_websites          integer NOT NULL DEFAULT 0,
  help_other             integer NOT NULL DEFAULT 0,
  help_none              integer NOT NULL DEFAULT 0,
  reached_unknown_yes    integer NOT NULL DEFAULT 0,
  reached_unknown_no     integer NOT NULL DEFAULT 0,
  help_quality_unknown_1 integer NOT NULL DEFAULT 0,
  help_quality_unknown_2 integer NOT NULL DEFAULT 0,
  help_quality_unknown_3 integer NOT NULL DEFAULT 0,
  help_quality_unknown_4 integer NOT NULL DEFAULT 0,
  help_quality_unknown_5 integer NOT NULL DEFAULT 0,
  comments               integer NOT NULL DEFAULT 0,
  reached_counter_yes    integer NOT NULL DEFAULT 0,
  reached_counter_no     integer NOT NULL DEFAULT 0,
  reached_phone_yes      integer NOT NULL DEFAULT 0,
  reached_phone_no       integer NOT NULL DEFAULT 0,
  reached_email_yes      integer NOT NULL DEFAULT 0,
  reached_email_no       integer NOT NULL DEFAULT 0,
  reached_chat_yes       integer NOT NULL DEFAULT 0,
  reached_chat_no        integer NOT NULL DEFAULT 0,
  help_quality_counter_1 integer NOT NULL DEFAULT 0,
  help_quality_counter_2 integer NOT NULL DEFAULT 0,
  help_quality_counter_3 integer NOT NULL DEFAULT 0,
  help_quality_counter_4 integer NOT NULL DEFAULT 0,
  help_quality_counter_5 integer NOT NULL DEFAULT 0,
  help_quality_phone_1   integer NOT NULL DEFAULT 0,
  help_quality_phone_2   integer NOT NULL DEFAULT 0,
  help_quality_phone_3   integer NOT NULL DEFAULT 0,
  help_quality_phone_4   integer NOT NULL DEFAULT 0,
  help_quality_phone_5   integer NOT NULL DEFAULT 0,
  help_quality_email_1   integer NOT NULL DEFAULT 0,
  help_quality_email_2   integer NOT NULL DEFAULT 0,
  help_quality_email_3   integer NOT NULL DEFAULT 0,
  help_quality_email_4   integer NOT NULL DEFAULT 0,
  help_quality_email_5   integer NOT NULL DEFAULT 0,
  help_quality_chat_1    integer NOT NULL DEFAULT 0,
  help_quality_chat_2    integer NOT NULL DEFAULT 0,
  help_quality_chat_3    integer NOT NULL DEFAULT 0,
  help_quality_chat_4    integer NOT NULL DEFAULT 0,
  help_quality_chat_5    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (procedure_id, month, source)
);

INSERT INTO monthly_rollups (procedure_id, month, source, answers, satisfaction_bad, satisfaction_medium, satisfaction_good, clarity_1, clarity_2, clarity_3, clarity_4, clarity_5, help_answered, help_counter, help_phone, help_email, help_chat, help_relative, help_association, help_websites, help_other, help_none, reached_unknown_yes, reached_unknown_no, help_quality_unknown_1, help_quality_unknown_2, help_quality_unknown_3, help_quality_unknown_4, help_quality_unknown_5, comments, reached_counter_yes, reached_counter_no, reached_phone_yes, reached_phone_no, reached_email_yes, reached_email_no, reached_chat_yes, reached_chat_no, help_quality_counter_1, help_quality_counter_2, help_quality_counter_3, help_quality_counter_4, help_quality_counter_5, help_quality_phone_1, help_quality_phone_2, help_quality_phone_3, help_quality_phone_4, help_quality_phone_5, help_quality_email_1, help_quality_email_2, help_quality_email_3, help_quality_email_4, help_quality_email_5, help_quality_chat_1, help_quality_chat_2, help_quality_chat_3, help_quality_chat_4, help_quality_chat_5)
SELECT procedure_id, to_char(day, 'YYYY-MM'), source, sum(answers), sum(satisfaction_bad), sum(satisfaction_medium), sum(satisfaction_good), sum(clarity_1), sum(clarity_2), sum(clarity_3), sum(clarity_4), sum(clarity_5), sum(help_answered), sum(help_counter), sum(help_phone), sum(help_email), sum(help_chat), sum(help_relative), sum(help_association), sum(help_websites), sum(help_other), sum(help_none), sum(reached_unknown_yes), sum(reached_unknown_no), sum(help_quality_unknown_1), sum(help_quality_unknown_2), sum(help_quality_unknown_3), sum(help_quality_unknown_4), sum(help_quality_unknown_5), sum(comments), sum(reached_counter_yes), sum(reached_counter_no), sum(reached_phone_yes), sum(reached_phone_no), sum(reached_email_yes), sum(reached_email_no), sum(reached_chat_yes), sum(reached_chat_no), sum(help_quality_counter_1), sum(help_quality_counter_2), sum(help_quality_counter_3), sum(help_quality_counter_4), sum(help_quality_counter_5), sum(help_quality_phone_1), sum(help_quality_phone_2), sum(help_quality_phone_3), sum(help_quality_phone_4), sum(help_quality_phone_5), sum(help_quality_email_1), sum(help_quality_email_2), sum(help_quality_email_3), sum(help_quality_email_4), sum(help_quality_email_5), sum(help_quality_chat_1), sum(help_quality_chat_2), sum(help_quality_chat_3), sum(help_quality_chat_4), sum(help_quality_chat_5)
FROM daily_rollups GROUP BY procedure_id, to_char(day, 'YYYY-MM'), source;
