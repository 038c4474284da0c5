import { type Actor, auditEntry } from '../../http/audit-entry.ts';
import type { Improvement, ImprovementChanges, NewImprovement } from '../../store/improvements.ts';
import type { Store } from '../../store/store.ts';

/**
 * «Vous avez dit, nous avons fait» (docs/design.md §10): each change to a procedure's improvements
 * is one transaction with its audit entry, whoever makes it.
 */
export function createImprovement(
  store: Store,
  procedureKey: string,
  input: NewImprovement,
  actor: Actor,
): Promise<Improvement | undefined> {
  return store.createImprovement(procedureKey, input, (improvement) =>
    auditEntry(actor, 'improvement.create', procedureKey, {
      id: improvement.id,
      title: improvement.title,
    }),
  );
}

export function updateImprovement(
  store: Store,
  procedureKey: string,
  id: number,
  changes: ImprovementChanges,
  actor: Actor,
): Promise<Improvement | undefined> {
  return store.updateImprovement(
    procedureKey,
    id,
    changes,
    auditEntry(actor, 'improvement.update', procedureKey, { id, ...changes }),
  );
}

export function deleteImprovement(
  store: Store,
  procedureKey: string,
  id: number,
  actor: Actor,
): Promise<boolean> {
  return store.deleteImprovement(
    procedureKey,
    id,
    auditEntry(actor, 'improvement.delete', procedureKey, { id }),
  );
}
