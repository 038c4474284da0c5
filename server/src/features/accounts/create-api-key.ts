import { newSecret, secretHash } from '../../auth/secrets.ts';
import { type Actor, auditEntry } from '../../http/audit-entry.ts';
import type { ApiKey } from '../../store/api-keys.ts';
import type { Store } from '../../store/store.ts';

/**
 * Creates an API key acting for `userId`, with its audit entry, in one transaction (the API and
 * the CLI both come here). The secret is returned this once: only its hash is stored.
 */
export async function createApiKey(
  store: Store,
  {
    userId,
    name,
    email,
    organisationId,
  }: { userId: number; name: string; email?: string; organisationId?: number },
  actor: Actor,
): Promise<{ key: ApiKey; secret: string }> {
  const secret = newSecret('avis_');
  const key = await store.createApiKey(
    { userId, name, keyHash: secretHash(secret), organisationId },
    (key) => ({
      ...auditEntry(actor, 'api-key.create', `api-key:${key.id}`, {
        name,
        userId,
        ...(email && { email }),
      }),
      organisationId,
    }),
  );
  return { key, secret };
}
