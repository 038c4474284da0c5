-- Dashboard accounts. Passwords are scrypt hashes; an admin may do everything, others get a role
-- per procedure.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT    NOT NULL,
  is_admin      INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
  created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE procedure_roles (
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  procedure_id INTEGER NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  role         TEXT    NOT NULL CHECK (role IN ('owner', 'viewer')),
  PRIMARY KEY (user_id, procedure_id)
) STRICT, WITHOUT ROWID;

-- Sessions and API keys are stored as SHA-256 hashes of their secret: a copy of the database
-- lets nobody in.
CREATE TABLE sessions (
  token_hash   TEXT    PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- A key acts for the user it belongs to, with that user's roles.
CREATE TABLE api_keys (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name       TEXT    NOT NULL,
  key_hash   TEXT    NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;

-- Who did what to the data, for the record (moderation, accounts).
CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY,
  at      INTEGER NOT NULL,
  actor   TEXT    NOT NULL,
  action  TEXT    NOT NULL,
  target  TEXT    NOT NULL,
  details TEXT    NOT NULL DEFAULT '{}'
) STRICT;

-- Answers newest first, per procedure (keyset pagination).
CREATE INDEX submissions_by_procedure_time ON submissions (procedure_id, received_at, seq);

-- Full-text search over comments; unicode61 with remove_diacritics folds accents, so
-- «demarche» finds «démarche». Kept in step with `submissions` by triggers.
CREATE VIRTUAL TABLE comment_search USING fts5 (
  comment,
  content = 'submissions',
  content_rowid = 'seq',
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER comment_search_insert AFTER INSERT ON submissions WHEN new.comment IS NOT NULL
BEGIN
  INSERT INTO comment_search (rowid, comment) VALUES (new.seq, new.comment);
END;

CREATE TRIGGER comment_search_delete AFTER DELETE ON submissions WHEN old.comment IS NOT NULL
BEGIN
  INSERT INTO comment_search (comment_search, rowid, comment) VALUES ('delete', old.seq, old.comment);
END;

CREATE TRIGGER comment_search_update AFTER UPDATE OF comment ON submissions
BEGIN
  INSERT INTO comment_search (comment_search, rowid, comment)
    SELECT 'delete', old.seq, old.comment WHERE old.comment IS NOT NULL;
  INSERT INTO comment_search (rowid, comment)
    SELECT new.seq, new.comment WHERE new.comment IS NOT NULL;
END;
