-- Issue 26, part 3: every comment of a period counted in the terms and themes, no sample
-- (docs/design.md §12). Triggers on `submissions` put each change of a counted comment in a
-- queue, whatever path made it (ingestion, deletion, spam flag, retention purge, later code);
-- a job folds the queued comments and adds them to counts per day and per month
-- (features/topics/count-terms.ts, store/terms.ts). "Counted" is what the sampled reading read:
-- a comment, even empty, on an answer not flagged suspect.

-- sign: +1 for a comment now counted, -1 for one that no longer is (with its old values).
-- terms, themes: which counts the entry goes into; a theme edit sets `themes` to false on the
-- entries already there and queues every comment again with `terms` false (store/themes.ts).
-- The comment's text waits here until it is counted (seconds), a purged one included.
CREATE TABLE term_changes (
  id           bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  procedure_id bigint  NOT NULL,
  source       text    NOT NULL,
  day          date    NOT NULL,
  satisfaction text    NOT NULL,
  comment      text    NOT NULL,
  sign         integer NOT NULL,
  terms        boolean NOT NULL DEFAULT true,
  themes       boolean NOT NULL DEFAULT true
);

-- The topics route counts its own procedure's entries first; a theme edit marks them.
CREATE INDEX term_changes_by_procedure ON term_changes (procedure_id, id);

-- Per procedure, day, placement and term (a word's key, or `key key` for a phrase): the
-- comments that hold it and their satisfaction. The term '' is every counted comment.
-- `rare`: the term has never been in 10 comments of the procedure (term_totals). A period's
-- lists never show such a term when 30 others are in 10 comments or more, so the rows of rare
-- terms (codes, names, typos: most rows, in one comment each) are read only when they may
-- count; when a term reaches 10 comments its rows move out of them (store/terms.ts).
CREATE TABLE term_days (
  procedure_id bigint  NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  rare         boolean NOT NULL,
  day          date    NOT NULL,
  source       text    NOT NULL,
  term         text    NOT NULL,
  comments     integer NOT NULL,
  bad          integer NOT NULL,
  medium       integer NOT NULL,
  good         integer NOT NULL,
  PRIMARY KEY (procedure_id, rare, day, source, term)
);

-- A rare term's rows, found when it stops being rare.
CREATE INDEX term_days_of_rare_terms ON term_days (procedure_id, term) WHERE rare;

-- The same summed per calendar month (`YYYY-MM`), as monthly_rollups are (store/rollups.ts,
-- monthsAndDays): whole months read here, the days around them from term_days.
CREATE TABLE term_months (
  procedure_id bigint  NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  rare         boolean NOT NULL,
  month        text    NOT NULL,
  source       text    NOT NULL,
  term         text    NOT NULL,
  comments     integer NOT NULL,
  bad          integer NOT NULL,
  medium       integer NOT NULL,
  good         integer NOT NULL,
  PRIMARY KEY (procedure_id, rare, month, source, term)
);

CREATE INDEX term_months_of_rare_terms ON term_months (procedure_id, term) WHERE rare;

-- Each term's comments over all time, and whether its rows are still among the rare ones.
CREATE TABLE term_totals (
  procedure_id bigint  NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  term         text    NOT NULL,
  comments     integer NOT NULL,
  rare         boolean NOT NULL,
  PRIMARY KEY (procedure_id, term)
);

-- How people write a term («démarches», «demarche»): the comments of all time that wrote it so.
CREATE TABLE term_labels (
  procedure_id bigint  NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  term         text    NOT NULL,
  surface      text    NOT NULL,
  uses         integer NOT NULL,
  PRIMARY KEY (procedure_id, term, surface)
);

-- Per procedure, day, placement and theme (0: «Sans thème»).
CREATE TABLE theme_days (
  procedure_id bigint  NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  day          date    NOT NULL,
  source       text    NOT NULL,
  theme_id     bigint  NOT NULL,
  comments     integer NOT NULL,
  bad          integer NOT NULL,
  medium       integer NOT NULL,
  good         integer NOT NULL,
  PRIMARY KEY (procedure_id, day, source, theme_id)
);

-- Inserts and deletions by statement, from their transition tables: answer ingestion inserts a
-- whole group commit in one statement, and pays one trigger call for it, not one per answer.
CREATE FUNCTION term_changes_of_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO term_changes (procedure_id, source, day, satisfaction, comment, sign)
  SELECT procedure_id, source, day, satisfaction, comment, 1 FROM inserted
  WHERE comment IS NOT NULL AND NOT suspect ORDER BY seq;
  RETURN NULL;
END $$;

CREATE FUNCTION term_changes_of_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO term_changes (procedure_id, source, day, satisfaction, comment, sign)
  SELECT procedure_id, source, day, satisfaction, comment, -1 FROM deleted
  WHERE comment IS NOT NULL AND NOT suspect ORDER BY seq;
  RETURN NULL;
END $$;

CREATE FUNCTION term_changes_of_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.comment IS NOT NULL AND NOT OLD.suspect THEN
    INSERT INTO term_changes (procedure_id, source, day, satisfaction, comment, sign)
    VALUES (OLD.procedure_id, OLD.source, OLD.day, OLD.satisfaction, OLD.comment, -1);
  END IF;
  IF NEW.comment IS NOT NULL AND NOT NEW.suspect THEN
    INSERT INTO term_changes (procedure_id, source, day, satisfaction, comment, sign)
    VALUES (NEW.procedure_id, NEW.source, NEW.day, NEW.satisfaction, NEW.comment, 1);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER submissions_term_changes_insert AFTER INSERT ON submissions
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT
  EXECUTE FUNCTION term_changes_of_inserted();

CREATE TRIGGER submissions_term_changes_delete AFTER DELETE ON submissions
  REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT
  EXECUTE FUNCTION term_changes_of_deleted();

-- Most updates are a later step of the widget, which rewrites every column with mostly the same
-- values: the WHEN clause lets them through without calling the function.
CREATE TRIGGER submissions_term_changes_update
  AFTER UPDATE OF comment, satisfaction, suspect, source, day ON submissions FOR EACH ROW
  WHEN ((OLD.comment IS DISTINCT FROM NEW.comment OR OLD.satisfaction IS DISTINCT FROM NEW.satisfaction
         OR OLD.suspect IS DISTINCT FROM NEW.suspect OR OLD.source IS DISTINCT FROM NEW.source
         OR OLD.day IS DISTINCT FROM NEW.day)
    AND ((OLD.comment IS NOT NULL AND NOT OLD.suspect) OR (NEW.comment IS NOT NULL AND NOT NEW.suspect)))
  EXECUTE FUNCTION term_changes_of_updated();

-- The comments already there, counted by the job as any other change. CREATE TRIGGER above
-- waited for the writers of nodes of the previous version and holds off new ones until this
-- transaction commits: each comment is queued once, by this copy or by a trigger.
INSERT INTO term_changes (procedure_id, source, day, satisfaction, comment, sign)
SELECT procedure_id, source, day, satisfaction, comment, 1 FROM submissions
WHERE comment IS NOT NULL AND NOT suspect ORDER BY seq;
