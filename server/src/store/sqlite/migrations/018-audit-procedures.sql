-- Issue 27: a procedure's own journal («Accès»). Each audit entry is listed under every procedure
-- it is about (a role given on one, an invitation to several), read newest first by the index.
-- Entries written before are filed here from what they say: the target of the procedures',
-- answers', themes', improvements' and questionnaires' entries («key» or «key/id»), and the
-- procedure, procedures or roles (by procedure key) of their details.
CREATE TABLE audit_procedures (
  procedure_key TEXT    NOT NULL,
  audit_id      INTEGER NOT NULL REFERENCES audit_log (id),
  PRIMARY KEY (procedure_key, audit_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO audit_procedures (procedure_key, audit_id)
SELECT CASE WHEN instr(target, '/') > 0 THEN substr(target, 1, instr(target, '/') - 1)
  ELSE target END, id
FROM audit_log
WHERE action LIKE 'procedure.%' OR action LIKE 'answer.%' OR action LIKE 'theme.%'
  OR action LIKE 'improvement.%' OR action LIKE 'questionnaire.%'
UNION
SELECT details ->> '$.procedure', id FROM audit_log
WHERE json_type(details, '$.procedure') = 'text'
UNION
SELECT p.value, a.id FROM audit_log a, json_each(a.details, '$.procedures') p
WHERE json_type(a.details, '$.procedures') = 'array' AND p.type = 'text'
UNION
SELECT r.key, a.id FROM audit_log a, json_each(a.details, '$.roles') r
WHERE json_type(a.details, '$.roles') = 'object';
