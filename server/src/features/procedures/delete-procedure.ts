import { type Actor, auditEntry } from '../../http/audit-entry.ts';
import type { Store } from '../../store/store.ts';

/**
 * Deletes a procedure with all its answers, and its audit entry, in one transaction; false (and
 * nothing in the audit log) when there was none.
 */
export function deleteProcedure(store: Store, key: string, actor: Actor): Promise<boolean> {
  return store.deleteProcedure(key, auditEntry(actor, 'procedure.delete', key));
}
