-- Issue 27: the questionnaire an owner publishes, in versions (docs/design.md §2, «Versions»).
-- Each answer records the version it was given under, and the rollups count, per optional step,
-- the answers that were asked it, so that a figure is read over the answers asked its question.
-- Nodes of the previous version may still be writing answers and rollups: they wait until this
-- transaction commits, so that none is left out of the counts filled below.
LOCK TABLE submissions, daily_rollups, monthly_rollups IN SHARE MODE;

CREATE TABLE questionnaire_versions (
  procedure_id bigint      NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  number       integer     NOT NULL,
  questions    text        NOT NULL,
  intro        jsonb,
  thanks       jsonb,
  published_at timestamptz NOT NULL,
  published_by text        NOT NULL,
  PRIMARY KEY (procedure_id, number)
);

-- The `questions` setting of every existing procedure becomes its version 1, dated from its
-- creation, and every answer already given was given under it.
INSERT INTO questionnaire_versions (procedure_id, number, questions, published_at, published_by)
SELECT id, 1, questions, created_at, 'migration' FROM procedures;

-- A constant default: no table rewrite, whatever the number of answers.
ALTER TABLE submissions ADD COLUMN version integer NOT NULL DEFAULT 1;

ALTER TABLE daily_rollups
  ADD COLUMN asked_clarity integer NOT NULL DEFAULT 0,
  ADD COLUMN asked_help integer NOT NULL DEFAULT 0,
  ADD COLUMN asked_comment integer NOT NULL DEFAULT 0;
ALTER TABLE monthly_rollups
  ADD COLUMN asked_clarity integer NOT NULL DEFAULT 0,
  ADD COLUMN asked_help integer NOT NULL DEFAULT 0,
  ADD COLUMN asked_comment integer NOT NULL DEFAULT 0;

-- Every answer so far was given under version 1: asked a step when that version asks it.
UPDATE daily_rollups r SET
  asked_clarity = CASE WHEN p.asks LIKE '%,clarity,%' THEN r.answers ELSE 0 END,
  asked_help = CASE WHEN p.asks LIKE '%,help,%' THEN r.answers ELSE 0 END,
  asked_comment = CASE WHEN p.asks LIKE '%,comment,%' THEN r.answers ELSE 0 END
FROM (SELECT id, ',' || questions || ',' AS asks FROM procedures) p
WHERE p.id = r.procedure_id;
UPDATE monthly_rollups r SET
  asked_clarity = CASE WHEN p.asks LIKE '%,clarity,%' THEN r.answers ELSE 0 END,
  asked_help = CASE WHEN p.asks LIKE '%,help,%' THEN r.answers ELSE 0 END,
  asked_comment = CASE WHEN p.asks LIKE '%,comment,%' THEN r.answers ELSE 0 END
FROM (SELECT id, ',' || questions || ',' AS asks FROM procedures) p
WHERE p.id = r.procedure_id;
