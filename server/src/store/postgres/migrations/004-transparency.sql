-- Transparency (issue 17, DESIGN §10): a procedure's results may be published, off by default,
-- and its owners write what they changed because of the answers.

ALTER TABLE procedures ADD COLUMN public boolean NOT NULL DEFAULT false;

-- «Vous avez dit, nous avons fait»: plain text only (the pages escape it); `day` is the date the
-- owner gives.
CREATE TABLE improvements (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  procedure_id bigint      NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  day          date        NOT NULL,
  title        text        NOT NULL,
  text         text        NOT NULL,
  link         text,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL
);

-- A procedure's entries newest first.
CREATE INDEX improvements_by_procedure_day ON improvements (procedure_id, day, id);
