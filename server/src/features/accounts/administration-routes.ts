import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashPassword } from '../../auth/passwords.ts';
import { newSecret, secretHash } from '../../auth/secrets.ts';
import { admin } from '../../http/authentication.ts';
import { HttpProblem } from '../../http/problem.ts';
import { noContent, problems } from '../../http/problem-schema.ts';
import type { ApiKey, Store } from '../../store/store.ts';
import { apiKeyView, idParams, newApiKey, newUser, roleName, userView } from './account-schemas.ts';
import { viewOfUser } from './session-routes.ts';

function viewOfKey(key: ApiKey) {
  return {
    ...key,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/** Accounts, roles, API keys and the audit log: administrators only (DESIGN §4). */
export const administrationRoutes: FastifyPluginAsyncZod<{
  store: Store;
  now: () => Date;
}> = async (app, { store, now }) => {
  const tags = ['administration'];
  const audit = (
    actor: string,
    action: string,
    target: string,
    details: Record<string, unknown> = {},
  ) => store.appendAudit({ at: now(), actor, action, target, details });

  app.get(
    '/api/v1/users',
    {
      schema: {
        operationId: 'listUsers',
        tags,
        summary: 'Every account',
        response: { 200: z.array(userView), ...problems(401, 403, 503) },
      },
    },
    async (request) => {
      admin(request);
      return (await store.listUsers()).map(viewOfUser);
    },
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        operationId: 'createUser',
        tags,
        summary: 'Create an account, with its roles',
        body: newUser,
        response: { 201: userView, ...problems(400, 401, 403, 404, 409, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const actor = admin(request);
      const { email, password, isAdmin, roles } = request.body;
      const user = await store.createUser({
        email,
        passwordHash: await hashPassword(password),
        isAdmin,
      });
      if (!user) throw new HttpProblem(409, `An account with the e-mail ${email} exists already.`);
      for (const [key, role] of Object.entries(roles)) {
        if (!(await store.setRole(user.id, key, role)))
          throw new HttpProblem(404, `There is no procedure with the key ${key}.`);
      }
      await audit(actor.email, 'user.create', `user:${user.id}`, { email, isAdmin, roles });
      return reply.code(201).send(viewOfUser((await store.findUser(user.id)) ?? user));
    },
  );

  app.put(
    '/api/v1/users/:id/roles/:key',
    {
      schema: {
        operationId: 'setUserRole',
        tags,
        summary: 'Give a role on a procedure, or take it away (role: null)',
        params: idParams.extend({ key: z.string() }),
        body: z.object({ role: roleName.nullable() }),
        response: { 200: userView, ...problems(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request) => {
      const actor = admin(request);
      const { id, key } = request.params;
      if (!(await store.findUser(id))) throw new HttpProblem(404, 'There is no such account.');
      if (!(await store.findProcedure(key)))
        throw new HttpProblem(404, `There is no procedure with the key ${key}.`);
      await store.setRole(id, key, request.body.role ?? undefined);
      await audit(actor.email, 'user.role', `user:${id}`, {
        procedure: key,
        role: request.body.role,
      });
      return viewOfUser(
        (await store.findUser(id)) as NonNullable<Awaited<ReturnType<Store['findUser']>>>,
      );
    },
  );

  app.delete(
    '/api/v1/users/:id',
    {
      schema: {
        operationId: 'deleteUser',
        tags,
        summary: 'Delete an account',
        params: idParams,
        response: { 204: noContent('Deleted'), ...problems(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const actor = admin(request);
      if (actor.id === request.params.id)
        throw new HttpProblem(409, 'You cannot delete your own account.');
      if (!(await store.deleteUser(request.params.id)))
        throw new HttpProblem(404, 'There is no such account.');
      await audit(actor.email, 'user.delete', `user:${request.params.id}`);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/api-keys',
    {
      schema: {
        operationId: 'listApiKeys',
        tags,
        summary: 'Every API key (never the secret)',
        response: { 200: z.array(apiKeyView), ...problems(401, 403, 503) },
      },
    },
    async (request) => {
      admin(request);
      return (await store.listApiKeys()).map(viewOfKey);
    },
  );

  app.post(
    '/api/v1/api-keys',
    {
      schema: {
        operationId: 'createApiKey',
        tags,
        summary: 'Create an API key; its secret is shown this once',
        body: newApiKey,
        response: {
          201: apiKeyView.extend({
            key: z.string().meta({ description: 'Send as Authorization: Bearer …' }),
          }),
          ...problems(400, 401, 403, 404, 413, 415, 503),
        },
      },
    },
    async (request, reply) => {
      const actor = admin(request);
      const userId = request.body.userId ?? actor.id;
      if (!(await store.findUser(userId))) throw new HttpProblem(404, 'There is no such account.');
      const secret = newSecret('avis_');
      const key = await store.createApiKey({
        userId,
        name: request.body.name,
        keyHash: secretHash(secret),
      });
      await audit(actor.email, 'api-key.create', `api-key:${key.id}`, { name: key.name, userId });
      return reply.code(201).send({ ...viewOfKey(key), key: secret });
    },
  );

  app.delete(
    '/api/v1/api-keys/:id',
    {
      schema: {
        operationId: 'revokeApiKey',
        tags,
        summary: 'Revoke an API key',
        params: idParams,
        response: { 204: noContent('Revoked'), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const actor = admin(request);
      if (!(await store.revokeApiKey(request.params.id, now())))
        throw new HttpProblem(404, 'There is no such live key.');
      await audit(actor.email, 'api-key.revoke', `api-key:${request.params.id}`);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/audit-log',
    {
      schema: {
        operationId: 'listAuditLog',
        tags,
        summary: 'Who did what, newest first',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
        response: {
          200: z.array(
            z.object({
              at: z.iso.datetime(),
              actor: z.string(),
              action: z.string(),
              target: z.string(),
              details: z.record(z.string(), z.unknown()),
            }),
          ),
          ...problems(400, 401, 403, 503),
        },
      },
    },
    async (request) => {
      admin(request);
      return (await store.listAudit(request.query.limit)).map((e) => ({
        ...e,
        at: e.at.toISOString(),
      }));
    },
  );
};
