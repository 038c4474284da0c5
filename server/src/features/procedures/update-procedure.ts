import { type Actor, auditEntry } from '../../http/audit-entry.ts';
import type { Procedure, ProcedureChanges } from '../../store/procedures.ts';
import type { Store } from '../../store/store.ts';

/**
 * Renames, sets the origins or questions of, or archives a procedure, with its audit entry, in one
 * transaction; `undefined` (and nothing in the audit log) when there is no such procedure.
 */
export function updateProcedure(
  store: Store,
  key: string,
  changes: ProcedureChanges,
  actor: Actor,
): Promise<Procedure | undefined> {
  return store.updateProcedure(key, changes, auditEntry(actor, 'procedure.update', key, changes));
}
