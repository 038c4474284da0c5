-- Access requests (issue 18, DESIGN §11): an agent signs in with ProConnect, has no account, and
-- the domain of their e-mail is an organisation's; its administrators approve or refuse.
CREATE TABLE access_requests (
  id              INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  email           TEXT    NOT NULL COLLATE NOCASE,
  status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
  created_at      INTEGER NOT NULL,
  decided_by      TEXT,
  decided_at      INTEGER
) STRICT;
-- One pending request per person and organisation.
CREATE UNIQUE INDEX access_requests_pending ON access_requests (organisation_id, email)
  WHERE status = 'pending';
CREATE INDEX access_requests_by_email ON access_requests (email, organisation_id, id);
