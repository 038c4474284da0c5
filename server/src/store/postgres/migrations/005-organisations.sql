-- Organisations (issue 18, DESIGN §11): the same as SQLite's migration 008. What existed before
-- belongs to a default organisation, id 1.
CREATE TABLE organisations (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name       text        NOT NULL,
  domains    jsonb       NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL
);

INSERT INTO organisations (name, domains, created_at) VALUES ('Organisation par défaut', '[]', now());

ALTER TABLE procedures ADD COLUMN organisation_id bigint REFERENCES organisations (id);
UPDATE procedures SET organisation_id = 1;
ALTER TABLE procedures ALTER COLUMN organisation_id SET NOT NULL;
CREATE INDEX procedures_by_organisation ON procedures (organisation_id);

CREATE TABLE organisation_members (
  user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  organisation_id bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  role            text   NOT NULL CHECK (role IN ('admin', 'member')),
  PRIMARY KEY (user_id, organisation_id)
);
CREATE INDEX organisation_members_by_organisation ON organisation_members (organisation_id);

ALTER TABLE api_keys ADD COLUMN organisation_id bigint REFERENCES organisations (id) ON DELETE CASCADE;
UPDATE api_keys SET organisation_id = 1 WHERE user_id IN (SELECT id FROM users WHERE NOT is_admin);

ALTER TABLE audit_log ADD COLUMN organisation_id bigint;
CREATE INDEX audit_log_by_organisation ON audit_log (organisation_id, id);
