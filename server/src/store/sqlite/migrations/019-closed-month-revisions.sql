-- Issue 28: the Observatoire keeps in memory the sums of the months a day past their end
-- (store/observatoire.ts). A write to a month that has ended (a deletion, a step given late)
-- counts one revision here, in the same transaction, and every process drops what it kept of that month at
-- its next read. The current month's writes, nearly all of them, never touch this table.
CREATE TABLE closed_month_revisions (
  month    TEXT    PRIMARY KEY,                          -- 2026-09
  revision INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
