-- Procedures: one per online procedure ("démarche") that embeds the widget.
CREATE TABLE procedures (
  id              INTEGER PRIMARY KEY,
  key             TEXT    NOT NULL UNIQUE,
  name            TEXT    NOT NULL,
  allowed_origins TEXT    NOT NULL DEFAULT '[]',          -- JSON array of origins
  questions       TEXT    NOT NULL DEFAULT 'clarity,help,comment',
  created_at      INTEGER NOT NULL,                       -- ms since the epoch
  archived_at     INTEGER
) STRICT;

-- One row per submission id; a later step of the same person replaces its answers.
-- `seq` keeps inserts append-only; the widget's time-ordered UUID v7 keeps the unique index cheap.
CREATE TABLE submissions (
  seq           INTEGER PRIMARY KEY,
  id            TEXT    NOT NULL UNIQUE,
  procedure_id  INTEGER NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  received_at   INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  day           TEXT    NOT NULL,                         -- YYYY-MM-DD in TZ_REPORT, of received_at
  source        TEXT    NOT NULL DEFAULT '',
  lang          TEXT,
  satisfaction  TEXT    NOT NULL CHECK (satisfaction IN ('bad', 'medium', 'good')),
  clarity       INTEGER CHECK (clarity BETWEEN 1 AND 5),
  help          TEXT,                                     -- comma-separated channel codes
  help_other    TEXT,
  reached       INTEGER CHECK (reached IN (0, 1)),
  help_quality  INTEGER CHECK (help_quality BETWEEN 1 AND 5),
  comment       TEXT
) STRICT;

CREATE INDEX submissions_by_procedure_day ON submissions (procedure_id, day);

-- Per-day counters (DESIGN §6), kept in the same transaction as every write to `submissions`,
-- so that they always equal a recount and stats cost one row a day.
CREATE TABLE daily_rollups (
  procedure_id        INTEGER NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  day                 TEXT    NOT NULL,
  source              TEXT    NOT NULL,
  answers             INTEGER NOT NULL DEFAULT 0,
  satisfaction_bad    INTEGER NOT NULL DEFAULT 0,
  satisfaction_medium INTEGER NOT NULL DEFAULT 0,
  satisfaction_good   INTEGER NOT NULL DEFAULT 0,
  clarity_1           INTEGER NOT NULL DEFAULT 0,
  clarity_2           INTEGER NOT NULL DEFAULT 0,
  clarity_3           INTEGER NOT NULL DEFAULT 0,
  clarity_4           INTEGER NOT NULL DEFAULT 0,
  clarity_5           INTEGER NOT NULL DEFAULT 0,
  help_answered       INTEGER NOT NULL DEFAULT 0,
  help_counter        INTEGER NOT NULL DEFAULT 0,
  help_phone          INTEGER NOT NULL DEFAULT 0,
  help_email          INTEGER NOT NULL DEFAULT 0,
  help_chat           INTEGER NOT NULL DEFAULT 0,
  help_relative       INTEGER NOT NULL DEFAULT 0,
  help_association    INTEGER NOT NULL DEFAULT 0,
  help_websites       INTEGER NOT NULL DEFAULT 0,
  help_other          INTEGER NOT NULL DEFAULT 0,
  help_none           INTEGER NOT NULL DEFAULT 0,
  reached_yes         INTEGER NOT NULL DEFAULT 0,
  reached_no          INTEGER NOT NULL DEFAULT 0,
  help_quality_1      INTEGER NOT NULL DEFAULT 0,
  help_quality_2      INTEGER NOT NULL DEFAULT 0,
  help_quality_3      INTEGER NOT NULL DEFAULT 0,
  help_quality_4      INTEGER NOT NULL DEFAULT 0,
  help_quality_5      INTEGER NOT NULL DEFAULT 0,
  comments            INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (procedure_id, day, source)
) STRICT, WITHOUT ROWID;
