-- Issue 27: the questionnaire an owner publishes, in versions (docs/design.md §2, «Versions»).
-- Each answer records the version it was given under, and the rollups count, per optional step,
-- the answers that were asked it, so that a figure is read over the answers asked its question.
CREATE TABLE questionnaire_versions (
  procedure_id INTEGER NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  number       INTEGER NOT NULL,                       -- 1, 2, … per procedure
  questions    TEXT    NOT NULL,                       -- the optional steps asked, comma-separated
  intro        TEXT,                                   -- JSON {"fr": …, "en"?: …, "es"?: …}
  thanks       TEXT,                                   -- the same, for the last screen
  published_at INTEGER NOT NULL,                       -- ms since the epoch
  published_by TEXT    NOT NULL,                       -- the audit log's actor
  PRIMARY KEY (procedure_id, number)
) STRICT;

-- The `questions` setting of every existing procedure becomes its version 1, dated from its
-- creation, and every answer already given was given under it.
INSERT INTO questionnaire_versions (procedure_id, number, questions, published_at, published_by)
SELECT id, 1, questions, created_at, 'migration' FROM procedures;

ALTER TABLE submissions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

ALTER TABLE daily_rollups ADD COLUMN asked_clarity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN asked_help INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_rollups ADD COLUMN asked_comment INTEGER NOT NULL DEFAULT 0;
ALTER TABLE monthly_rollups ADD COLUMN asked_clarity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE monthly_rollups ADD COLUMN asked_help INTEGER NOT NULL DEFAULT 0;
ALTER TABLE monthly_rollups ADD COLUMN asked_comment INTEGER NOT NULL DEFAULT 0;

-- Every answer so far was given under version 1: asked a step when that version asks it.
UPDATE daily_rollups SET
  asked_clarity = CASE WHEN p.asks LIKE '%,clarity,%' THEN answers ELSE 0 END,
  asked_help = CASE WHEN p.asks LIKE '%,help,%' THEN answers ELSE 0 END,
  asked_comment = CASE WHEN p.asks LIKE '%,comment,%' THEN answers ELSE 0 END
FROM (SELECT id, ',' || questions || ',' AS asks FROM procedures) p
WHERE p.id = daily_rollups.procedure_id;
UPDATE monthly_rollups SET
  asked_clarity = CASE WHEN p.asks LIKE '%,clarity,%' THEN answers ELSE 0 END,
  asked_help = CASE WHEN p.asks LIKE '%,help,%' THEN answers ELSE 0 END,
  asked_comment = CASE WHEN p.asks LIKE '%,comment,%' THEN answers ELSE 0 END
FROM (SELECT id, ',' || questions || ',' AS asks FROM procedures) p
WHERE p.id = monthly_rollups.procedure_id;
