-- Access requests (issue 18, DESIGN §11): the same as SQLite's migration 010.
CREATE TABLE access_requests (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  organisation_id bigint      NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  email           text        NOT NULL,
  status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
  created_at      timestamptz NOT NULL,
  decided_by      text,
  decided_at      timestamptz
);
CREATE UNIQUE INDEX access_requests_pending ON access_requests (organisation_id, lower(email))
  WHERE status = 'pending';
CREATE INDEX access_requests_by_email ON access_requests (lower(email), organisation_id, id);
