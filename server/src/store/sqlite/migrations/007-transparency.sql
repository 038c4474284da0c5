-- Transparency (issue 17, DESIGN §10): a procedure's results may be published, off by default,
-- and its owners write what they changed because of the answers.

ALTER TABLE procedures ADD COLUMN public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1));

-- «Vous avez dit, nous avons fait»: plain text only (the pages escape it); `day` is the date the
-- owner gives, `YYYY-MM-DD`.
CREATE TABLE improvements (
  id           INTEGER PRIMARY KEY,
  procedure_id INTEGER NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  day          TEXT    NOT NULL,
  title        TEXT    NOT NULL,
  text         TEXT    NOT NULL,
  link         TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
) STRICT;

-- A procedure's entries newest first.
CREATE INDEX improvements_by_procedure_day ON improvements (procedure_id, day, id);
