-- Organisations (issue 18, DESIGN §11): a ministry, a direction or an agency owns procedures, has
-- its own people and API keys. What existed before belongs to a default organisation, id 1.
CREATE TABLE organisations (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL,
  -- JSON array of lower-case e-mail domains (`interieur.gouv.fr`) whose agents may ask to join.
  domains    TEXT    NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL
) STRICT;

INSERT INTO organisations (id, name, domains, created_at)
  VALUES (1, 'Organisation par défaut', '[]', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));

-- SQLite adds a column with a foreign key only if it may be NULL: the trigger below stands in for
-- NOT NULL, which a table rebuild would give at the risk of cascading deletes from `procedures`.
ALTER TABLE procedures ADD COLUMN organisation_id INTEGER REFERENCES organisations (id);
UPDATE procedures SET organisation_id = 1;
CREATE INDEX procedures_by_organisation ON procedures (organisation_id);
CREATE TRIGGER procedures_need_an_organisation BEFORE INSERT ON procedures
  WHEN new.organisation_id IS NULL
BEGIN
  SELECT RAISE(ABORT, 'a procedure belongs to an organisation');
END;
CREATE TRIGGER procedures_keep_an_organisation BEFORE UPDATE OF organisation_id ON procedures
  WHEN new.organisation_id IS NULL
BEGIN
  SELECT RAISE(ABORT, 'a procedure belongs to an organisation');
END;

-- Who belongs to an organisation, and who administers it. Holding a role on one of its procedures
-- also makes a person one of its members.
CREATE TABLE organisation_members (
  user_id         INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  role            TEXT    NOT NULL CHECK (role IN ('admin', 'member')),
  PRIMARY KEY (user_id, organisation_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX organisation_members_by_organisation ON organisation_members (organisation_id);

-- A key made for an organisation never acts outside it. NULL: a platform administrator's key.
-- Existing keys of the other accounts could only reach the existing procedures: the default
-- organisation's.
ALTER TABLE api_keys ADD COLUMN organisation_id INTEGER REFERENCES organisations (id) ON DELETE CASCADE;
UPDATE api_keys SET organisation_id = 1
  WHERE user_id IN (SELECT id FROM users WHERE is_admin = 0);

-- The organisation an entry is about, so that its administrators read their own log.
ALTER TABLE audit_log ADD COLUMN organisation_id INTEGER;
CREATE INDEX audit_log_by_organisation ON audit_log (organisation_id, id);
