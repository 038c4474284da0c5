import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { belongsTo } from '../../auth/permissions.ts';
import { organisationOf, principalOf } from '../../http/access.ts';
import { actorOf, auditEntry } from '../../http/audit-entry.ts';
import { HttpProblem } from '../../http/problem.ts';
import { noContent, problems } from '../../http/problem-schema.ts';
import { procedureParams } from '../../http/procedure-params.ts';
import type { AuditEntry } from '../../store/audit.ts';
import type { Organisation } from '../../store/organisations.ts';
import type { AuditAction, Store } from '../../store/store.ts';
import {
  apiKeyView,
  auditEntryView,
  auditQuery,
  newApiKey,
  newApiKeyView,
  roleChange,
  viewOfAuditEntry,
} from '../accounts/account-schemas.ts';
import { createApiKey } from '../accounts/create-api-key.ts';
import { viewOfKey } from '../accounts/key-view.ts';
import { createProcedure } from '../procedures/create-procedure.ts';
import { newProcedure, procedureView } from '../procedures/procedure-schema.ts';
import { createOrganisation } from './create-organisation.ts';
import {
  apiKeyParams,
  memberParams,
  membershipChange,
  memberView,
  newOrganisation,
  organisationChanges,
  organisationOfCaller,
  organisationParams,
  organisationView,
} from './organisation-schemas.ts';

/** The one answer for an account that is not in the organisation, or not at all. */
const noPerson = 'There is no such person in this organisation.';

function view(organisation: Organisation) {
  return { ...organisation, createdAt: organisation.createdAt.toISOString() };
}

/**
 * Organisations (docs/design.md §11): platform administrators make, rename and delete them; each
 * one's administrators manage its people, procedures, API keys and read its audit log; its members
 * see it. Anybody else gets a 404 (the access check, http/access.ts).
 */
export const organisationRoutes: FastifyPluginAsyncZod<{ store: Store; now: () => Date }> = async (
  app,
  { store, now },
) => {
  const tags = ['organisations'];
  /** An audit entry about one organisation, which its administrators then read. */
  const entry = (
    request: Parameters<typeof actorOf>[0],
    organisationId: number,
    action: AuditAction,
    target: string,
    details: Record<string, unknown> = {},
  ): AuditEntry => ({
    ...auditEntry(actorOf(request, now), action, target, details),
    organisationId,
  });
  /**
   * The person a change is about, who must be in the organisation already: a member, an
   * administrator, or the holder of a role on one of its procedures. Anyone else (another
   * organisation's account, the platform administrator, an account of none) joins by accepting
   * an invitation, never by an administrator's say-so; and since ids are sequential, any other id
   * answers exactly as one that was never made, so no account can be found out from here.
   * Named by its e-mail in the log: an id tells nothing to the reader once the account is gone.
   */
  const personIn = async (organisationId: number, userId: number) => {
    const person = await store.findUser(userId);
    if (person?.organisations[organisationId] === undefined) throw new HttpProblem(404, noPerson);
    return person;
  };

  app.get(
    '/api/v1/organisations',
    {
      config: { access: 'signed-in' },
      schema: {
        operationId: 'listOrganisations',
        tags,
        summary: 'The organisations you belong to (every one, for a platform administrator)',
        response: { 200: z.array(organisationOfCaller), ...problems(401, 503) },
      },
    },
    async (request) => {
      const { user } = principalOf(request);
      return (await store.listOrganisations())
        .filter((organisation) => belongsTo(user, organisation.id))
        .map((organisation) => ({
          ...view(organisation),
          role: user.organisations[organisation.id] ?? null,
        }));
    },
  );

  app.post(
    '/api/v1/organisations',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'createOrganisation',
        tags,
        summary: 'Create an organisation (platform administrator)',
        body: newOrganisation,
        response: { 201: organisationView, ...problems(400, 401, 403, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const organisation = await createOrganisation(store, request.body, actorOf(request, now));
      return reply.code(201).send(view(organisation));
    },
  );

  app.get(
    '/api/v1/organisations/:organisationId',
    {
      config: { access: { organisation: 'read' } },
      schema: {
        operationId: 'getOrganisation',
        tags,
        summary: 'One organisation',
        params: organisationParams,
        response: { 200: organisationView, ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => view(organisationOf(request)),
  );

  app.patch(
    '/api/v1/organisations/:organisationId',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'updateOrganisation',
        tags,
        summary: 'Rename an organisation, or change its e-mail domains (platform administrator)',
        params: organisationParams,
        body: organisationChanges,
        response: { 200: organisationView, ...problems(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request) => {
      const { organisationId } = request.params;
      const updated = await store.updateOrganisation(
        organisationId,
        request.body,
        entry(request, organisationId, 'organisation.update', `organisation:${organisationId}`, {
          ...request.body,
        }),
      );
      if (!updated)
        throw new HttpProblem(404, `There is no organisation with the id ${organisationId}.`);
      return view(updated);
    },
  );

  app.delete(
    '/api/v1/organisations/:organisationId',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'deleteOrganisation',
        tags,
        summary: 'Delete an organisation that owns no procedure (platform administrator)',
        params: organisationParams,
        response: { 204: noContent('Deleted'), ...problems(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const { organisationId } = request.params;
      const outcome = await store.deleteOrganisation(
        organisationId,
        entry(request, organisationId, 'organisation.delete', `organisation:${organisationId}`),
      );
      if (outcome === 'not-found')
        throw new HttpProblem(404, `There is no organisation with the id ${organisationId}.`);
      if (outcome === 'has-procedures')
        throw new HttpProblem(409, 'This organisation still owns procedures: delete them first.');
      if (outcome === 'last-one')
        throw new HttpProblem(409, 'This is the last organisation: new procedures need one.');
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/organisations/:organisationId/procedures',
    {
      config: { access: { organisation: 'manage' } },
      schema: {
        operationId: 'createOrganisationProcedure',
        tags,
        summary: 'Create a procedure of this organisation (its administrators)',
        params: organisationParams,
        body: newProcedure,
        response: { 201: procedureView, ...problems(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const { id: organisationId } = organisationOf(request);
      const procedure = await createProcedure(
        store,
        { ...request.body, organisationId },
        actorOf(request, now),
      );
      return reply.code(201).send({
        ...procedure,
        createdAt: procedure.createdAt.toISOString(),
        archivedAt: procedure.archivedAt?.toISOString() ?? null,
      });
    },
  );

  app.get(
    '/api/v1/organisations/:organisationId/members',
    {
      config: { access: { organisation: 'manage' } },
      schema: {
        operationId: 'listOrganisationMembers',
        tags,
        summary: 'Its people: administrators, members, and who holds a role on its procedures',
        params: organisationParams,
        response: { 200: z.array(memberView), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => store.listMembers(organisationOf(request).id),
  );

  app.put(
    '/api/v1/organisations/:organisationId/members/:userId',
    {
      config: { access: { organisation: 'manage' } },
      schema: {
        operationId: 'setOrganisationMember',
        tags,
        summary: 'Make one of its people a member, or an administrator, of this organisation',
        description:
          'For a person already in it: a member, an administrator, or who holds a role on one of its procedures. Anyone else joins by accepting an invitation (POST /api/v1/invitations), or by ProConnect with one of its domains; their id answers 404, as one that does not exist.',
        params: memberParams,
        body: membershipChange,
        response: { 204: noContent('Done'), ...problems(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const { id: organisationId } = organisationOf(request);
      const { userId } = request.params;
      const { role } = request.body;
      const person = await personIn(organisationId, userId);
      const done = await store.setMembership(
        userId,
        organisationId,
        role,
        entry(request, organisationId, 'organisation.member.set', person.email, { role }),
      );
      if (!done) throw new HttpProblem(404, noPerson);
      return reply.code(204).send();
    },
  );

  app.put(
    '/api/v1/organisations/:organisationId/members/:userId/roles/:key',
    {
      config: { access: { organisation: 'manage' } },
      schema: {
        operationId: 'setOrganisationMemberRole',
        tags,
        summary: 'Give one of its people a role on one of its procedures, or take it away',
        description:
          'The person must be in this organisation already (see setOrganisationMember); anyone else, and a procedure of another organisation, answer 404.',
        params: memberParams.extend(procedureParams.shape),
        body: roleChange,
        response: { 204: noContent('Done'), ...problems(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const { id: organisationId } = organisationOf(request);
      const { userId, key } = request.params;
      const procedure = await store.findProcedure(key);
      // Another organisation's procedure does not exist here either.
      if (procedure?.organisationId !== organisationId)
        throw new HttpProblem(404, `There is no procedure with the key ${key} here.`);
      const person = await personIn(organisationId, userId);
      const { role } = request.body;
      await store.setRole(
        userId,
        key,
        role ?? undefined,
        entry(request, organisationId, 'role.set', person.email, { procedure: key, role }),
      );
      return reply.code(204).send();
    },
  );

  app.delete(
    '/api/v1/organisations/:organisationId/members/:userId',
    {
      config: { access: { organisation: 'manage' } },
      schema: {
        operationId: 'removeOrganisationMember',
        tags,
        summary: 'Remove a person from this organisation, with their roles on its procedures',
        description: 'Someone who is not in it answers 404, as an id that does not exist.',
        params: memberParams,
        response: { 204: noContent('Removed'), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { id: organisationId } = organisationOf(request);
      const { userId } = request.params;
      const person = await personIn(organisationId, userId);
      const removed = await store.setMembership(
        userId,
        organisationId,
        undefined,
        entry(request, organisationId, 'organisation.member.remove', person.email),
      );
      if (!removed) throw new HttpProblem(404, noPerson);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/organisations/:organisationId/api-keys',
    {
      config: { access: { organisation: 'manage' } },
      schema: {
        operationId: 'listOrganisationApiKeys',
        tags,
        summary: "This organisation's API keys (never the secret)",
        params: organisationParams,
        response: { 200: z.array(apiKeyView), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { id } = organisationOf(request);
      return (await store.listApiKeys()).filter((key) => key.organisationId === id).map(viewOfKey);
    },
  );

  app.post(
    '/api/v1/organisations/:organisationId/api-keys',
    {
      config: { access: { organisation: 'manage' } },
      schema: {
        operationId: 'createOrganisationApiKey',
        tags,
        summary: 'Create an API key that acts for you in this organisation only',
        params: organisationParams,
        body: newApiKey.pick({ name: true }),
        response: { 201: newApiKeyView, ...problems(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const { id: organisationId } = organisationOf(request);
      const { user } = principalOf(request);
      const { key, secret } = await createApiKey(
        store,
        { userId: user.id, name: request.body.name, organisationId },
        actorOf(request, now),
      );
      return reply.code(201).send({ ...viewOfKey(key), key: secret });
    },
  );

  app.delete(
    '/api/v1/organisations/:organisationId/api-keys/:id',
    {
      config: { access: { organisation: 'manage' } },
      schema: {
        operationId: 'revokeOrganisationApiKey',
        tags,
        summary: 'Revoke one of its API keys',
        params: apiKeyParams,
        response: { 204: noContent('Revoked'), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { id: organisationId } = organisationOf(request);
      const { id } = request.params;
      const ours = (await store.listApiKeys()).some(
        (key) => key.id === id && key.organisationId === organisationId,
      );
      const revoked =
        ours &&
        (await store.revokeApiKey(
          id,
          now(),
          entry(request, organisationId, 'api-key.revoke', `api-key:${id}`),
        ));
      if (!revoked) throw new HttpProblem(404, 'There is no such live key in this organisation.');
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/organisations/:organisationId/audit-log',
    {
      config: { access: { organisation: 'manage' } },
      schema: {
        operationId: 'listOrganisationAuditLog',
        tags,
        summary: 'Who did what in this organisation, newest first',
        params: organisationParams,
        querystring: auditQuery,
        response: { 200: z.array(auditEntryView), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { limit, ...filter } = request.query;
      return (await store.listOrganisationAudit(organisationOf(request).id, limit, filter)).map(
        viewOfAuditEntry,
      );
    },
  );
};
