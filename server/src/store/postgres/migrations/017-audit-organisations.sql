-- An organisation's administrators read its audit log: an entry about procedures that names no
-- organisation is now filed under the lowest id of its procedures' organisations
-- (store/audit.ts). Entries written before are filed here the same way, from their procedures
-- still there; those of procedures deleted since stay out of every organisation's log, as before.
UPDATE audit_log SET organisation_id = filed.organisation_id
FROM (SELECT a.audit_id, min(p.organisation_id) AS organisation_id
      FROM audit_procedures a JOIN procedures p ON p.key = a.procedure_key
      GROUP BY a.audit_id) AS filed
WHERE audit_log.id = filed.audit_id AND audit_log.organisation_id IS NULL;
