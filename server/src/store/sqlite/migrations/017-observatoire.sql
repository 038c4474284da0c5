-- Issue 28: the Observatoire (docs/design.md §13). Its live table sums every procedure's rollups
-- over a period in one query: these indexes find a period's rows across all procedures, where
-- the primary keys (procedure first) would read every procedure's whole history.
CREATE INDEX daily_rollups_by_day ON daily_rollups (day);
CREATE INDEX monthly_rollups_by_month ON monthly_rollups (month);

-- Whether an organisation publishes its quarterly editions on /observatoire (its administrator
-- says so; off by default).
ALTER TABLE organisations ADD COLUMN publishes_observatoire INTEGER NOT NULL DEFAULT 0;

-- A quarterly edition: the table of a calendar quarter frozen as it stood when it was made, for
-- one organisation or (organisation_id NULL) the whole platform. `rows` holds the computed rows
-- as JSON, so that later answers, deletions or renames leave it as it was published.
CREATE TABLE observatoire_editions (
  id              INTEGER PRIMARY KEY,
  quarter         TEXT    NOT NULL,                       -- 2026-T3
  organisation_id INTEGER REFERENCES organisations (id) ON DELETE CASCADE,
  made_at         INTEGER NOT NULL,
  made_by         TEXT    NOT NULL,
  regenerated_at  INTEGER,
  regenerated_by  TEXT,
  procedures      INTEGER NOT NULL,                       -- rows in `rows`, for lists
  rows            TEXT    NOT NULL
) STRICT;

-- One edition a quarter and organisation (0 standing for the platform, which has none).
CREATE UNIQUE INDEX observatoire_editions_once
  ON observatoire_editions (quarter, coalesce(organisation_id, 0));
