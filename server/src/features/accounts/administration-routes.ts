import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, procedureOf } from '../../http/access.ts';
import { actorOf, auditEntry } from '../../http/audit-entry.ts';
import { HttpProblem } from '../../http/problem.ts';
import { noContent, problems } from '../../http/problem-schema.ts';
import { procedureParams } from '../../http/procedure-params.ts';
import type { LoggedAuditEntry } from '../../store/audit.ts';
import type { Store } from '../../store/store.ts';
import {
  apiKeyView,
  auditEntryView,
  auditQuery,
  idParams,
  newApiKey,
  newApiKeyView,
  newUser,
  procedurePerson,
  roleChange,
  userView,
  viewOfAuditEntry,
} from './account-schemas.ts';
import { createAccount, refusalDetail } from './create-account.ts';
import { createApiKey } from './create-api-key.ts';
import { viewOfKey } from './key-view.ts';
import { viewOfUser } from './user-view.ts';

/** Accounts, roles, API keys and the audit log: administrators only (docs/design.md §4). */
export const administrationRoutes: FastifyPluginAsyncZod<{
  store: Store;
  now: () => Date;
}> = async (app, { store, now }) => {
  const tags = ['administration'];
  const config = { access: 'admin' } as const;

  app.get(
    '/api/v1/users',
    {
      config,
      schema: {
        operationId: 'listUsers',
        tags,
        summary: 'Every account',
        response: { 200: z.array(userView), ...problems(401, 403, 503) },
      },
    },
    async () => (await store.listUsers()).map(viewOfUser),
  );

  app.post(
    '/api/v1/users',
    {
      config,
      schema: {
        operationId: 'createUser',
        tags,
        summary: 'Create an account, with its roles',
        body: newUser,
        response: { 201: userView, ...problems(400, 401, 403, 404, 409, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const created = await createAccount(store, request.body, actorOf(request, now));
      if ('refused' in created) {
        const status = created.refused === 'email-taken' ? 409 : 404;
        throw new HttpProblem(status, refusalDetail(created, request.body.email));
      }
      return reply.code(201).send(viewOfUser(created));
    },
  );

  app.put(
    '/api/v1/users/:id/roles/:key',
    {
      config,
      schema: {
        operationId: 'setUserRole',
        tags,
        summary: 'Give a role on a procedure, or take it away (role: null)',
        params: idParams.extend(procedureParams.shape),
        body: roleChange,
        response: { 200: userView, ...problems(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request) => {
      const { id, key } = request.params;
      const { role } = request.body;
      const person = await store.findUser(id);
      if (!person) throw new HttpProblem(404, 'There is no such account.');
      if (!(await store.findProcedure(key)))
        throw new HttpProblem(404, `There is no procedure with the key ${key}.`);
      await store.setRole(
        id,
        key,
        role ?? undefined,
        auditEntry(actorOf(request, now), 'user.role', person.email, { procedure: key, role }),
      );
      return viewOfUser(
        (await store.findUser(id)) as NonNullable<Awaited<ReturnType<Store['findUser']>>>,
      );
    },
  );

  app.delete(
    '/api/v1/users/:id',
    {
      config,
      schema: {
        operationId: 'deleteUser',
        tags,
        summary: 'Delete an account',
        params: idParams,
        response: { 204: noContent('Deleted'), ...problems(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (principalOf(request).user.id === id)
        throw new HttpProblem(409, 'You cannot delete your own account.');
      // Named by its e-mail: once deleted, its id would tell the log's reader nothing.
      const person = await store.findUser(id);
      if (
        !person ||
        !(await store.deleteUser(
          id,
          auditEntry(actorOf(request, now), 'user.delete', person.email),
        ))
      )
        throw new HttpProblem(404, 'There is no such account.');
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/api-keys',
    {
      config,
      schema: {
        operationId: 'listApiKeys',
        tags,
        summary: 'Every API key (never the secret)',
        response: { 200: z.array(apiKeyView), ...problems(401, 403, 503) },
      },
    },
    async () => (await store.listApiKeys()).map(viewOfKey),
  );

  app.post(
    '/api/v1/api-keys',
    {
      config,
      schema: {
        operationId: 'createApiKey',
        tags,
        summary: 'Create an API key; its secret is shown this once',
        body: newApiKey,
        response: {
          201: newApiKeyView,
          ...problems(400, 401, 403, 404, 413, 415, 503),
        },
      },
    },
    async (request, reply) => {
      const userId = request.body.userId ?? principalOf(request).user.id;
      if (!(await store.findUser(userId))) throw new HttpProblem(404, 'There is no such account.');
      const { key, secret } = await createApiKey(
        store,
        { userId, name: request.body.name },
        actorOf(request, now),
      );
      return reply.code(201).send({ ...viewOfKey(key), key: secret });
    },
  );

  app.delete(
    '/api/v1/api-keys/:id',
    {
      config,
      schema: {
        operationId: 'revokeApiKey',
        tags,
        summary: 'Revoke an API key',
        params: idParams,
        response: { 204: noContent('Revoked'), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const entry = auditEntry(actorOf(request, now), 'api-key.revoke', `api-key:${id}`);
      if (!(await store.revokeApiKey(id, now(), entry)))
        throw new HttpProblem(404, 'There is no such live key.');
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/audit-log',
    {
      config,
      schema: {
        operationId: 'listAuditLog',
        tags,
        summary: 'Who did what, newest first',
        querystring: auditQuery,
        response: {
          200: z.array(auditEntryView),
          ...problems(400, 401, 403, 503),
        },
      },
    },
    async (request) => {
      const { limit, ...filter } = request.query;
      return (await store.listAudit(limit, filter)).map(viewOfAuditEntry);
    },
  );

  // Its people («Accès»): the accounts given a role on it, by an invitation or an administrator.
  app.get(
    '/api/v1/procedures/:key/people',
    {
      config: { access: { procedure: 'manage' } },
      schema: {
        operationId: 'listProcedurePeople',
        tags: ['procedures'],
        summary: 'Who holds a role on this procedure, in address order (owner)',
        params: procedureParams,
        response: {
          200: z.array(procedurePerson),
          ...problems(400, 401, 403, 404, 503),
        },
      },
    },
    async (request) => store.listProcedurePeople(procedureOf(request).key),
  );

  // A procedure's journal («Accès»): what was done to it, its answers, themes, improvements and
  // people, for those who manage it. Its organisation's journal holds the same entries and more.
  app.get(
    '/api/v1/procedures/:key/audit-log',
    {
      config: { access: { procedure: 'manage' } },
      schema: {
        operationId: 'listProcedureAuditLog',
        tags: ['procedures'],
        summary: 'Who did what to this procedure, newest first (owner)',
        params: procedureParams,
        querystring: auditQuery,
        response: {
          200: z.array(auditEntryView),
          ...problems(400, 401, 403, 404, 503),
        },
      },
    },
    async (request) => {
      const { limit, ...filter } = request.query;
      const { key } = procedureOf(request);
      return (await store.listProcedureAudit(key, limit, filter)).map((entry) =>
        viewOfAuditEntry(aboutOnly(entry, key)),
      );
    },
  );
};

/**
 * An entry as a procedure's journal shows it: the roles and procedures of its details narrowed to
 * that procedure. A platform administrator's account or invitation may cover procedures of other
 * organisations, which this procedure's people must not read.
 */
function aboutOnly(entry: LoggedAuditEntry, key: string): LoggedAuditEntry {
  const { roles, procedures, ...details } = entry.details;
  if (roles && typeof roles === 'object' && !Array.isArray(roles)) {
    const role = (roles as Record<string, unknown>)[key];
    details.roles = role === undefined ? {} : { [key]: role };
  }
  if (Array.isArray(procedures)) details.procedures = procedures.filter((p) => p === key);
  return { ...entry, details };
}
