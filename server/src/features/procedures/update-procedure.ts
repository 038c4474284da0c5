import { type Actor, auditEntry } from '../../http/audit-entry.ts';
import type { Procedure, ProcedureChanges } from '../../store/procedures.ts';
import type { AskableQuestion, Store } from '../../store/store.ts';
import { publishQuestionnaire } from '../questionnaire/publish-questionnaire.ts';

/**
 * Renames, sets the origins of, archives or publishes the results of a procedure, with its audit
 * entry, in one transaction; `undefined` (and nothing in the audit log) when there is no such
 * procedure. `questions`, the API's earlier way to choose the steps asked, publishes a new
 * questionnaire version with them (its sentences kept), as «Questionnaire» does, in the same
 * transaction as the other changes.
 */
export async function updateProcedure(
  store: Store,
  key: string,
  { questions, ...changes }: ProcedureChanges & { questions?: AskableQuestion[] | undefined },
  actor: Actor,
): Promise<Procedure | undefined> {
  const entry = () => auditEntry(actor, 'procedure.update', key, changes);
  if (!questions) return store.updateProcedure(key, changes, entry());
  const procedure = await store.findProcedure(key);
  if (!procedure) return undefined;
  const content = { questions, intro: undefined, thanks: undefined };
  // The other changes in the same transaction: both are made, or neither.
  const published = await publishQuestionnaire(
    store,
    key,
    content,
    actor,
    procedure.organisationId,
    {
      keepSentences: true,
      procedureChanges: Object.keys(changes).length > 0 ? { changes, audit: entry } : undefined,
    },
  );
  return published && store.findProcedure(key);
}
