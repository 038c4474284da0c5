-- Issue 27: a procedure's own journal («Accès»). Each audit entry is listed under every procedure
-- it is about (a role given on one, an invitation to several), read newest first by the index.
-- Entries written before are filed here from what they say: the target of the procedures',
-- answers', themes', improvements' and questionnaires' entries («key» or «key/id»), and the
-- procedure, procedures or roles (by procedure key) of their details.
CREATE TABLE audit_procedures (
  procedure_key text   NOT NULL,
  audit_id      bigint NOT NULL REFERENCES audit_log (id),
  PRIMARY KEY (procedure_key, audit_id)
);

INSERT INTO audit_procedures (procedure_key, audit_id)
SELECT split_part(target, '/', 1), id
FROM audit_log
WHERE action LIKE 'procedure.%' OR action LIKE 'answer.%' OR action LIKE 'theme.%'
  OR action LIKE 'improvement.%' OR action LIKE 'questionnaire.%'
UNION
SELECT details ->> 'procedure', id FROM audit_log
WHERE jsonb_typeof(details -> 'procedure') = 'string'
UNION
SELECT p.value, a.id
FROM (SELECT id, details FROM audit_log WHERE jsonb_typeof(details -> 'procedures') = 'array') a,
  jsonb_array_elements_text(a.details -> 'procedures') p
UNION
SELECT r.key, a.id
FROM (SELECT id, details FROM audit_log WHERE jsonb_typeof(details -> 'roles') = 'object') a,
  jsonb_object_keys(a.details -> 'roles') r (key)
ON CONFLICT DO NOTHING;
