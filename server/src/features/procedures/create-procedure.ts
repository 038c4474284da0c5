import { type Actor, auditEntry } from '../../http/audit-entry.ts';
import type { NewProcedure, Procedure } from '../../store/procedures.ts';
import type { Store } from '../../store/store.ts';

/**
 * Creates a procedure with its audit entry, in one transaction (the API and the CLI both come
 * here): there is never a procedure that nobody is recorded as having created.
 */
export function createProcedure(
  store: Store,
  input: NewProcedure,
  actor: Actor,
): Promise<Procedure> {
  return store.createProcedure(input, (procedure) => ({
    ...auditEntry(actor, 'procedure.create', procedure.key, { name: procedure.name }),
    organisationId: procedure.organisationId,
  }));
}
