-- How many pieces of personal data were removed from the comment and helpOther before storing,
-- and whether the comment looks like spam (kept, counted, but filterable).
ALTER TABLE submissions ADD COLUMN redactions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN suspect INTEGER NOT NULL DEFAULT 0 CHECK (suspect IN (0, 1));

-- The retention purge looks for old free text only.
CREATE INDEX submissions_with_text_by_age ON submissions (received_at)
  WHERE comment IS NOT NULL OR help_other IS NOT NULL;
