import { type Actor, auditEntry } from '../../http/audit-entry.ts';
import { placeholderOrganisationName } from '../../store/organisations.ts';
import type { Store } from '../../store/store.ts';

/**
 * Names the default organisation (the oldest: what existed before organisations, and where a
 * procedure created without one goes) while it still bears the migrations' placeholder
 * «Organisation par défaut»: from ORGANISATION_NAME at start, or from the first account's form.
 * A name given since, in the dashboard, is kept. True when it renamed it.
 */
export async function nameDefaultOrganisation(
  store: Store,
  name: string,
  actor: Actor,
): Promise<boolean> {
  const [oldest] = (await store.listOrganisations()).sort((a, b) => a.id - b.id);
  if (oldest?.name !== placeholderOrganisationName) return false;
  await store.updateOrganisation(
    oldest.id,
    { name },
    {
      ...auditEntry(actor, 'organisation.update', `organisation:${oldest.id}`, { name }),
      organisationId: oldest.id,
    },
  );
  return true;
}
