import type { FastifyRequest } from 'fastify';
import type { Permission } from '../../auth/permissions.ts';
import { allowed, signedIn } from '../../http/authentication.ts';
import { HttpProblem } from '../../http/problem.ts';
import type { Procedure, Store, User } from '../../store/store.ts';

/**
 * The procedure a private route is about, once the caller is known (else 401), the procedure
 * exists (else 404) and the caller holds the permission on it (else 403), in that order.
 */
export async function procedureFor(
  request: FastifyRequest,
  store: Store,
  key: string,
  permission: Permission,
): Promise<{ procedure: Procedure; user: User }> {
  signedIn(request);
  const procedure = await store.findProcedure(key);
  if (!procedure) throw new HttpProblem(404, `There is no procedure with the key ${key}.`);
  return { procedure, user: allowed(request, permission, key) };
}
