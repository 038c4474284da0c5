import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { organisationOf, principalOf } from '../../http/access.ts';
import { actorOf, auditEntry } from '../../http/audit-entry.ts';
import { HttpProblem } from '../../http/problem.ts';
import { problems } from '../../http/problem-schema.ts';
import type { AccessRequest } from '../../store/access-requests.ts';
import type { Store } from '../../store/store.ts';
import {
  accessRequestApproval,
  accessRequestParams,
  accessRequestView,
  organisationParams,
} from './organisation-schemas.ts';

function view(request: AccessRequest) {
  return {
    id: request.id,
    email: request.email,
    status: request.status,
    createdAt: request.createdAt.toISOString(),
    decidedBy: request.decidedBy ?? null,
    decidedAt: request.decidedAt?.toISOString() ?? null,
  };
}

/**
 * Access requests (docs/design.md §11): an agent who signs in with ProConnect without an account,
 * with an e-mail of an organisation's domain, asks to join it; its administrators approve (the
 * account is made, ProConnect only) or refuse.
 */
export const accessRequestRoutes: FastifyPluginAsyncZod<{ store: Store; now: () => Date }> = async (
  app,
  { store, now },
) => {
  const tags = ['organisations'];

  app.get(
    '/api/v1/organisations/:organisationId/access-requests',
    {
      config: { access: { organisation: 'manage' } },
      schema: {
        operationId: 'listAccessRequests',
        tags,
        summary: 'The pending requests to join this organisation, oldest first',
        description:
          'Filed when an agent signs in with ProConnect without an account, with an e-mail of one of its domains.',
        params: organisationParams,
        response: { 200: z.array(accessRequestView), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => (await store.listAccessRequests(organisationOf(request).id)).map(view),
  );

  const decide = async (
    request: Parameters<typeof actorOf>[0] & {
      params: z.infer<typeof accessRequestParams>;
    },
    decision: { approve: 'admin' | 'member' } | 'refuse',
  ) => {
    const { id: organisationId } = organisationOf(request);
    const { id } = request.params;
    const { user } = principalOf(request);
    const pending = (await store.listAccessRequests(organisationId)).find((r) => r.id === id);
    const decided = await store.decideAccessRequest(
      organisationId,
      id,
      decision,
      user.email,
      (role) => ({
        ...auditEntry(
          actorOf(request, now),
          decision === 'refuse' ? 'access-request.refuse' : 'access-request.approve',
          pending?.email ?? `access-request:${id}`,
          // The role the person has now, and the one the approval gave when a higher was kept.
          role === undefined
            ? {}
            : decision !== 'refuse' && role !== decision.approve
              ? { role, given: decision.approve }
              : { role },
        ),
        organisationId,
      }),
      now(),
    );
    if (!decided)
      throw new HttpProblem(404, 'There is no pending access request with this id here.');
    return view(decided);
  };

  app.post(
    '/api/v1/organisations/:organisationId/access-requests/:id/approve',
    {
      config: { access: { organisation: 'manage' } },
      schema: {
        operationId: 'approveAccessRequest',
        tags,
        summary: 'Let the person in, with a role',
        description:
          'Makes the account (no password: it signs in with ProConnect) a member or administrator of this organisation; its next ProConnect sign-in lets it in.',
        params: accessRequestParams,
        body: accessRequestApproval,
        response: { 200: accessRequestView, ...problems(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request) => decide(request, { approve: request.body.role }),
  );

  app.post(
    '/api/v1/organisations/:organisationId/access-requests/:id/refuse',
    {
      config: { access: { organisation: 'manage' } },
      schema: {
        operationId: 'refuseAccessRequest',
        tags,
        summary: 'Refuse the request',
        description:
          'For 30 days, signing in again shows the refusal and whom to ask, and files no new request.',
        params: accessRequestParams,
        response: { 200: accessRequestView, ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => decide(request, 'refuse'),
  );
};
