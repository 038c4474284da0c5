-- E-mail (DESIGN §9). Every mail is first written here, in the same transaction as its cause,
-- then sent by the sender loop (features/mail/mail-sender.ts). `claimed_until` is a lease: a
-- sender that dies mid-send leaves the mail to be taken again once the lease is over.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  -- The Message-ID header, the same on every attempt: a mail sent again after a crash between the
  -- server's 250 and the mark below is recognisable as the same message.
  message_id      TEXT    NOT NULL UNIQUE,
  -- What makes the mail unique for `notify run` (alert of a procedure, kind and day; a digest of
  -- a person and period): a second run writes nothing. NULL: no such rule.
  dedupe_key      TEXT    UNIQUE,
  kind            TEXT    NOT NULL,
  recipient       TEXT    NOT NULL,
  subject         TEXT    NOT NULL,
  text_body       TEXT    NOT NULL,
  html_body       TEXT    NOT NULL,
  headers         TEXT    NOT NULL DEFAULT '{}',
  created_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  claimed_until   INTEGER,
  sent_at         INTEGER,
  -- Refused for good (an SMTP 5xx): never tried again.
  refused_at      INTEGER,
  last_error      TEXT
) STRICT;

-- What the sender looks for: mail neither sent nor refused, by due time.
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND refused_at IS NULL;

-- Links sent by mail carry a random token; only its SHA-256 is kept, as for sessions.
CREATE TABLE password_resets (
  token_hash TEXT    PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- An invitation gives, once accepted, an account with these roles (`roles`: procedure key → role).
CREATE TABLE invitations (
  token_hash TEXT    PRIMARY KEY,
  email      TEXT    NOT NULL COLLATE NOCASE,
  is_admin   INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
  roles      TEXT    NOT NULL DEFAULT '{}',
  invited_by TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX invitations_by_email ON invitations (email);

-- Each person's choice of mail; no row means the defaults (weekly digest, alerts on).
CREATE TABLE mail_preferences (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  digest  TEXT    NOT NULL DEFAULT 'weekly' CHECK (digest IN ('weekly', 'monthly', 'none')),
  alerts  INTEGER NOT NULL DEFAULT 1 CHECK (alerts IN (0, 1))
) STRICT;
