-- Invitations belong to the organisation that made them (issue 24): inviting an address again
-- voids only that organisation's pending invitation, never another's. NULL: a platform
-- administrator's invitation to be one (no procedure, no organisation). Earlier invitations take
-- the organisation of their procedures.
ALTER TABLE invitations ADD COLUMN organisation_id INTEGER
  REFERENCES organisations (id) ON DELETE CASCADE;
UPDATE invitations SET organisation_id = (
  SELECT p.organisation_id FROM json_each(invitations.roles) r JOIN procedures p ON p.key = r.key
  LIMIT 1);
DROP INDEX invitations_by_email;
CREATE INDEX invitations_by_email ON invitations (email, organisation_id);
