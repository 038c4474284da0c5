-- Issue 28: the Observatoire (docs/design.md §13). Its live table sums every procedure's rollups
-- over a period in one query: these indexes find a period's rows across all procedures, where
-- the primary keys (procedure first) would read every procedure's whole history.
CREATE INDEX daily_rollups_by_day ON daily_rollups (day);
CREATE INDEX monthly_rollups_by_month ON monthly_rollups (month);

-- Whether an organisation publishes its quarterly editions on /observatoire (its administrator
-- says so; off by default).
ALTER TABLE organisations ADD COLUMN publishes_observatoire boolean NOT NULL DEFAULT false;

-- A quarterly edition: the table of a calendar quarter frozen as it stood when it was made, for
-- one organisation or (organisation_id NULL) the whole platform. `rows` holds the computed rows,
-- so that later answers, deletions or renames leave it as it was published.
CREATE TABLE observatoire_editions (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  quarter         text        NOT NULL,
  organisation_id bigint      REFERENCES organisations (id) ON DELETE CASCADE,
  made_at         timestamptz NOT NULL,
  made_by         text        NOT NULL,
  regenerated_at  timestamptz,
  regenerated_by  text,
  procedures      integer     NOT NULL,
  rows            jsonb       NOT NULL
);

-- One edition a quarter and organisation (0 standing for the platform, which has none).
CREATE UNIQUE INDEX observatoire_editions_once
  ON observatoire_editions (quarter, coalesce(organisation_id, 0));
