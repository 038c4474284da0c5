-- Issue 26, part 3: every comment of a period counted in the terms and themes, no sample
-- (docs/design.md §12). Triggers on `submissions` put each change of a counted comment in a
-- queue, whatever path made it (ingestion, deletion, spam flag, retention purge, later code);
-- a job folds the queued comments and adds them to counts per day and per month
-- (features/topics/count-terms.ts, store/terms.ts). "Counted" is what the sampled reading read:
-- a comment, even empty, on an answer not flagged suspect.

-- sign: +1 for a comment now counted, -1 for one that no longer is (with its old values).
-- terms, themes: which counts the entry goes into; a theme edit sets `themes` to 0 on the
-- entries already there and queues every comment again with `terms` at 0 (store/themes.ts).
-- The comment's text waits here until it is counted (seconds), a purged one included.
-- Not AUTOINCREMENT: a new id is always above every id still queued, which is the only order
-- the counting needs.
CREATE TABLE term_changes (
  id           INTEGER PRIMARY KEY,
  procedure_id INTEGER NOT NULL,
  source       TEXT    NOT NULL,
  day          TEXT    NOT NULL,
  satisfaction TEXT    NOT NULL,
  comment      TEXT    NOT NULL,
  sign         INTEGER NOT NULL,
  terms        INTEGER NOT NULL DEFAULT 1,
  themes       INTEGER NOT NULL DEFAULT 1
) STRICT;

-- The topics route counts its own procedure's entries first; a theme edit marks them.
CREATE INDEX term_changes_by_procedure ON term_changes (procedure_id, id);

-- Per procedure, day, placement and term (a word's key, or `key key` for a phrase): the
-- comments that hold it and their satisfaction. The term '' is every counted comment.
-- `rare`: the term has never been in 10 comments of the procedure (term_totals). A period's
-- lists never show such a term when 30 others are in 10 comments or more, so the rows of rare
-- terms (codes, names, typos: most rows, in one comment each) are read only when they may
-- count; when a term reaches 10 comments its rows move out of them (store/terms.ts).
CREATE TABLE term_days (
  procedure_id INTEGER NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  rare         INTEGER NOT NULL,
  day          TEXT    NOT NULL,
  source       TEXT    NOT NULL,
  term         TEXT    NOT NULL,
  comments     INTEGER NOT NULL,
  bad          INTEGER NOT NULL,
  medium       INTEGER NOT NULL,
  good         INTEGER NOT NULL,
  PRIMARY KEY (procedure_id, rare, day, source, term)
) STRICT, WITHOUT ROWID;

-- A rare term's rows, found when it stops being rare.
CREATE INDEX term_days_of_rare_terms ON term_days (procedure_id, term) WHERE rare = 1;

-- The same summed per calendar month (`YYYY-MM`), as monthly_rollups are (store/rollups.ts,
-- monthsAndDays): whole months read here, the days around them from term_days.
CREATE TABLE term_months (
  procedure_id INTEGER NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  rare         INTEGER NOT NULL,
  month        TEXT    NOT NULL,
  source       TEXT    NOT NULL,
  term         TEXT    NOT NULL,
  comments     INTEGER NOT NULL,
  bad          INTEGER NOT NULL,
  medium       INTEGER NOT NULL,
  good         INTEGER NOT NULL,
  PRIMARY KEY (procedure_id, rare, month, source, term)
) STRICT, WITHOUT ROWID;

CREATE INDEX term_months_of_rare_terms ON term_months (procedure_id, term) WHERE rare = 1;

-- Each term's comments over all time, and whether its rows are still among the rare ones.
CREATE TABLE term_totals (
  procedure_id INTEGER NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  term         TEXT    NOT NULL,
  comments     INTEGER NOT NULL,
  rare         INTEGER NOT NULL,
  PRIMARY KEY (procedure_id, term)
) STRICT, WITHOUT ROWID;

-- How people write a term («démarches», «demarche»): the comments of all time that wrote it so.
CREATE TABLE term_labels (
  procedure_id INTEGER NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  term         TEXT    NOT NULL,
  surface      TEXT    NOT NULL,
  uses         INTEGER NOT NULL,
  PRIMARY KEY (procedure_id, term, surface)
) STRICT, WITHOUT ROWID;

-- Per procedure, day, placement and theme (0: «Sans thème»).
CREATE TABLE theme_days (
  procedure_id INTEGER NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  day          TEXT    NOT NULL,
  source       TEXT    NOT NULL,
  theme_id     INTEGER NOT NULL,
  comments     INTEGER NOT NULL,
  bad          INTEGER NOT NULL,
  medium       INTEGER NOT NULL,
  good         INTEGER NOT NULL,
  PRIMARY KEY (procedure_id, day, source, theme_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER submissions_term_changes_insert AFTER INSERT ON submissions
WHEN NEW.comment IS NOT NULL AND NEW.suspect = 0
BEGIN
  INSERT INTO term_changes (procedure_id, source, day, satisfaction, comment, sign)
  VALUES (NEW.procedure_id, NEW.source, NEW.day, NEW.satisfaction, NEW.comment, 1);
END;

-- Most updates are a later step of the widget, which rewrites every column with mostly the same
-- values: the WHEN clause lets them through without running the body.
CREATE TRIGGER submissions_term_changes_update
AFTER UPDATE OF comment, satisfaction, suspect, source, day ON submissions
WHEN (OLD.comment IS NOT NEW.comment OR OLD.satisfaction IS NOT NEW.satisfaction
      OR OLD.suspect IS NOT NEW.suspect OR OLD.source IS NOT NEW.source OR OLD.day IS NOT NEW.day)
  AND ((OLD.comment IS NOT NULL AND OLD.suspect = 0) OR (NEW.comment IS NOT NULL AND NEW.suspect = 0))
BEGIN
  INSERT INTO term_changes (procedure_id, source, day, satisfaction, comment, sign)
  SELECT OLD.procedure_id, OLD.source, OLD.day, OLD.satisfaction, OLD.comment, -1
  WHERE OLD.comment IS NOT NULL AND OLD.suspect = 0;
  INSERT INTO term_changes (procedure_id, source, day, satisfaction, comment, sign)
  SELECT NEW.procedure_id, NEW.source, NEW.day, NEW.satisfaction, NEW.comment, 1
  WHERE NEW.comment IS NOT NULL AND NEW.suspect = 0;
END;

CREATE TRIGGER submissions_term_changes_delete AFTER DELETE ON submissions
WHEN OLD.comment IS NOT NULL AND OLD.suspect = 0
BEGIN
  INSERT INTO term_changes (procedure_id, source, day, satisfaction, comment, sign)
  VALUES (OLD.procedure_id, OLD.source, OLD.day, OLD.satisfaction, OLD.comment, -1);
END;

-- The comments already there, counted by the job as any other change (a large database takes
-- a while: the topics route says how many are still waiting, `pending`).
INSERT INTO term_changes (procedure_id, source, day, satisfaction, comment, sign)
SELECT procedure_id, source, day, satisfaction, comment, 1 FROM submissions
WHERE comment IS NOT NULL AND suspect = 0 ORDER BY seq;
