-- E-mail (DESIGN §9): the same tables as SQLite's migration 006, which explains them.
CREATE TABLE outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id      text        NOT NULL UNIQUE,
  dedupe_key      text        UNIQUE,
  kind            text        NOT NULL,
  recipient       text        NOT NULL,
  subject         text        NOT NULL,
  text_body       text        NOT NULL,
  html_body       text        NOT NULL,
  headers         jsonb       NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL,
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  claimed_until   timestamptz,
  sent_at         timestamptz,
  refused_at      timestamptz,
  last_error      text
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND refused_at IS NULL;

CREATE TABLE password_resets (
  token_hash text        PRIMARY KEY,
  user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE TABLE invitations (
  token_hash text        PRIMARY KEY,
  email      text        NOT NULL,
  is_admin   boolean     NOT NULL DEFAULT false,
  roles      jsonb       NOT NULL DEFAULT '{}',
  invited_by text        NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX invitations_by_email ON invitations (lower(email));

CREATE TABLE mail_preferences (
  user_id bigint  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  digest  text    NOT NULL DEFAULT 'weekly' CHECK (digest IN ('weekly', 'monthly', 'none')),
  alerts  boolean NOT NULL DEFAULT true
);
