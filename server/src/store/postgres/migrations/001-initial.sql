-- The PostgreSQL schema: the same tables as SQLite's migrations 001–003, in PostgreSQL's types.
-- Times are timestamptz (JavaScript Dates both ways); calendar days are `date`.

-- Accent folding for comment search (unaccent is a trusted extension: the database owner may
-- create it). Wrapped in an IMMUTABLE function so that it can feed a stored generated column.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE FUNCTION folded(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN public.unaccent('public.unaccent'::regdictionary, $1);

CREATE TABLE procedures (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key             text        NOT NULL UNIQUE,
  name            text        NOT NULL,
  allowed_origins jsonb       NOT NULL DEFAULT '[]',
  questions       text        NOT NULL DEFAULT 'clarity,help,comment',
  created_at      timestamptz NOT NULL,
  archived_at     timestamptz
);

CREATE TABLE submissions (
  seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id             text        NOT NULL UNIQUE,
  procedure_id   bigint      NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  received_at    timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  day            date        NOT NULL,  -- of received_at, in TZ_REPORT
  source         text        NOT NULL DEFAULT '',
  lang           text,
  satisfaction   text        NOT NULL CHECK (satisfaction IN ('bad', 'medium', 'good')),
  clarity        smallint    CHECK (clarity BETWEEN 1 AND 5),
  help           text,                  -- comma-separated channel codes
  help_other     text,
  reached        boolean,
  help_quality   smallint    CHECK (help_quality BETWEEN 1 AND 5),
  comment        text,
  redactions     integer     NOT NULL DEFAULT 0,
  suspect        boolean     NOT NULL DEFAULT false,
  comment_search tsvector GENERATED ALWAYS AS (to_tsvector('french', folded(coalesce(comment, '')))) STORED
);

CREATE INDEX submissions_by_procedure_time ON submissions (procedure_id, received_at, seq);
CREATE INDEX submissions_with_text_by_age ON submissions (received_at)
  WHERE comment IS NOT NULL OR help_other IS NOT NULL;
CREATE INDEX submissions_comment_search ON submissions USING gin (comment_search)
  WHERE comment IS NOT NULL;

CREATE TABLE daily_rollups (
  procedure_id        bigint  NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  day                 date    NOT NULL,
  source              text    NOT NULL,
  answers             integer NOT NULL DEFAULT 0,
  satisfaction_bad    integer NOT NULL DEFAULT 0,
  satisfaction_medium integer NOT NULL DEFAULT 0,
  satisfaction_good   integer NOT NULL DEFAULT 0,
  clarity_1           integer NOT NULL DEFAULT 0,
  clarity_2           integer NOT NULL DEFAULT 0,
  clarity_3           integer NOT NULL DEFAULT 0,
  clarity_4           integer NOT NULL DEFAULT 0,
  clarity_5           integer NOT NULL DEFAULT 0,
  help_answered       integer NOT NULL DEFAULT 0,
  help_counter        integer NOT NULL DEFAULT 0,
  help_phone          integer NOT NULL DEFAULT 0,
  help_email          integer NOT NULL DEFAULT 0,
  help_chat           integer NOT NULL DEFAULT 0,
  help_relative       integer NOT NULL DEFAULT 0,
  help_association    integer NOT NULL DEFAULT 0,
  help_websites       integer NOT NULL DEFAULT 0,
  help_other          integer NOT NULL DEFAULT 0,
  help_none           integer NOT NULL DEFAULT 0,
  reached_yes         integer NOT NULL DEFAULT 0,
  reached_no          integer NOT NULL DEFAULT 0,
  help_quality_1      integer NOT NULL DEFAULT 0,
  help_quality_2      integer NOT NULL DEFAULT 0,
  help_quality_3      integer NOT NULL DEFAULT 0,
  help_quality_4      integer NOT NULL DEFAULT 0,
  help_quality_5      integer NOT NULL DEFAULT 0,
  comments            integer NOT NULL DEFAULT 0,
  PRIMARY KEY (procedure_id, day, source)
);

CREATE TABLE users (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email         text        NOT NULL,
  password_hash text        NOT NULL,
  is_admin      boolean     NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL
);
-- E-mail addresses are unique whatever their case, as SQLite's COLLATE NOCASE.
CREATE UNIQUE INDEX users_by_email ON users (lower(email));

CREATE TABLE procedure_roles (
  user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  procedure_id bigint NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
  role         text   NOT NULL CHECK (role IN ('owner', 'viewer')),
  PRIMARY KEY (user_id, procedure_id)
);

CREATE TABLE sessions (
  token_hash   text        PRIMARY KEY,
  user_id      bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);

CREATE TABLE api_keys (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name       text        NOT NULL,
  key_hash   text        NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

CREATE TABLE audit_log (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at      timestamptz NOT NULL,
  actor   text        NOT NULL,
  action  text        NOT NULL,
  target  text        NOT NULL,
  details jsonb       NOT NULL DEFAULT '{}'
);
