import type { FastifyBaseLogger } from 'fastify';
import { reportDay } from '../../../common/calendar-days.ts';
import type { ApiKey } from '../store/api-keys.ts';
import type { Store } from '../store/store.ts';

/**
 * Writes down that an API key was used today (issue 18: API key use per organisation), so that
 * its organisation's administrators see which keys are alive: the key's `lastUsedOn` and one
 * `api-key.use` audit entry in its organisation's log, once a key and day (TZ_REPORT), not on
 * every request. The key's row, read anyway to authenticate, tells whether today is written
 * already, so the requests after the first of the day cost no query; the store's conditional
 * update makes the first of several nodes the one that writes it.
 */
export async function recordApiKeyUse(
  store: Store,
  key: ApiKey,
  actor: string,
  at: Date,
  timeZone: string,
  log: FastifyBaseLogger,
): Promise<void> {
  const day = reportDay(at, timeZone);
  if (key.lastUsedOn !== undefined && key.lastUsedOn >= day) return;
  try {
    await store.recordApiKeyUse(key.id, day, {
      at,
      actor,
      action: 'api-key.use',
      target: `api-key:${key.id}`,
      details: { name: key.name, day },
      organisationId: key.organisationId,
    });
  } catch (error) {
    // The request itself goes on: a key that reads while the database cannot be written (full
    // disk, read-only) still reads; its next request tries to write the trace again.
    log.warn({ err: error }, 'API key use not recorded');
  }
}
