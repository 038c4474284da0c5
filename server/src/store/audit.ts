import { run, type Work } from './sql.ts';
import type { AuditEntry } from './store.ts';

/** Writes `entry` to the audit log, in the work (and so the transaction) that made the change. */
export function* insertAudit(entry: AuditEntry): Work<void> {
  yield* run(
    `INSERT INTO audit_log (at, actor, action, target, details, organisation_id)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      entry.at,
      entry.actor,
      entry.action,
      entry.target,
      JSON.stringify(entry.details),
      entry.organisationId ?? null,
    ],
  );
}

/**
 * A write and its audit entry, in the same work: the entry is written only if the write changed a
 * row (a change that found nothing to change leaves no trace). Returns the count of rows changed.
 */
export function* audited(write: Work<number>, entry: AuditEntry | undefined): Work<number> {
  const changed = yield* write;
  if (changed > 0 && entry) yield* insertAudit(entry);
  return changed;
}
