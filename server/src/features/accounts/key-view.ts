import type { ApiKey } from '../../store/api-keys.ts';

/** An API key as the API answers it: dates as ISO strings, null for what it lacks. */
export function viewOfKey(key: ApiKey) {
  return {
    ...key,
    organisationId: key.organisationId ?? null,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedOn: key.lastUsedOn ?? null,
  };
}
