import { type Actor, auditEntry } from '../../http/audit-entry.ts';
import type { NewOrganisation, Organisation } from '../../store/organisations.ts';
import type { Store } from '../../store/store.ts';

/** Creates an organisation with its audit entry, in one transaction (the API and the CLI). */
export function createOrganisation(
  store: Store,
  input: NewOrganisation,
  actor: Actor,
): Promise<Organisation> {
  return store.createOrganisation(input, (organisation) => ({
    ...auditEntry(actor, 'organisation.create', `organisation:${organisation.id}`, { ...input }),
    organisationId: organisation.id,
  }));
}
