import type { FastifyInstance, FastifyRequest } from 'fastify';
import { belongsTo, may, mayInOrganisation, type Permission } from '../auth/permissions.ts';
import type { Organisation } from '../store/organisations.ts';
import { procedureKeyPattern } from '../store/procedure-key.ts';
import type { Procedure } from '../store/procedures.ts';
import { type IdentifierOptions, identifier, type Principal } from './authentication.ts';
import { HttpProblem } from './problem.ts';

/**
 * Who may call a private route (docs/design.md §4, §8.3), declared in its options as
 * `config: { access }`: anybody (`public`: logging in, the first account), any account,
 * platform administrators only, the holders of a permission on the procedure named by the `:key`
 * param, or on the organisation named by the `:organisationId` param (docs/design.md §11). A
 * procedure or organisation the caller does not belong to answers 404, as if it did not exist.
 */
export type Access =
  | 'public'
  | 'signed-in'
  | 'admin'
  | { procedure: Permission }
  | { organisation: Permission };

/** A route of the private API and who may call it: the table the role test is generated from. */
export type PrivateRoute = { method: string; url: string; access: Access };

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the private API and its declared access, once the app is built. */
    privateRoutes: readonly PrivateRoute[];
  }
  interface FastifyContextConfig {
    access?: Access;
    /** Set on the private scope's routes, whose access check also authenticates. */
    inPrivateApi?: true;
  }
  interface FastifyRequest {
    /** The procedure a `{ procedure }` route is about, loaded once by the access check. */
    procedure: Procedure | null;
    /** The organisation an `{ organisation }` route is about, loaded once by the access check. */
    organisation: Organisation | null;
  }
}

/**
 * Makes `scope` deny by default: every route registered in it (or in its children) must declare
 * its access, or the app does not start; every request is authenticated and checked against that
 * declaration in `onRequest`, before its body is even read, so an anonymous caller gets a 401
 * whatever it sent. Each route is added to `routes`.
 */
export function restrictAccess(
  scope: FastifyInstance,
  options: IdentifierOptions & { routes: PrivateRoute[] },
): void {
  const { store, routes } = options;
  const identify = identifier(options);
  scope.decorateRequest('procedure', null);
  scope.decorateRequest('organisation', null);

  scope.addHook('onRoute', (route) => {
    const access = route.config?.access;
    const methods = [route.method].flat();
    if (access === undefined) {
      throw new Error(
        `${methods.join(',')} ${route.url} must declare who may call it (config.access).`,
      );
    }
    route.config = { ...route.config, inPrivateApi: true };
    // Fastify adds a HEAD route beside each GET, with the same options: the GET stands for both.
    for (const method of methods)
      if (method !== 'HEAD') routes.push({ method, url: route.url, access });
  });

  scope.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    // Unreachable while onRoute stands guard; denied all the same, should it ever be bypassed.
    if (access === undefined) throw new HttpProblem(403, 'This route declares no access.');
    // Credentials sent to a public route are checked too: a stale key gets its 401 there as well.
    const principal = await identify(request);
    request.principal = principal;
    if (access === 'public') return;
    if (!principal) throw new HttpProblem(401, 'Sign in, or send an API key, first.');
    const { user } = principal;
    if (access === 'signed-in') return;
    if (access === 'admin') {
      if (!user.isAdmin) throw new HttpProblem(403, 'Only an administrator may do this.');
      return;
    }
    if ('organisation' in access) {
      const id = Number((request.params as { organisationId?: string }).organisationId);
      const organisation = Number.isSafeInteger(id) ? await store.findOrganisation(id) : undefined;
      if (!organisation || !belongsTo(user, organisation.id))
        throw new HttpProblem(404, `There is no organisation with the id ${id}.`);
      if (!mayInOrganisation(user, access.organisation, organisation.id))
        throw new HttpProblem(403, 'Only an administrator of this organisation may do this.');
      request.organisation = organisation;
      return;
    }
    // Unknown (or another organisation's) first, then not allowed.
    const key = (request.params as { key?: string }).key ?? '';
    // Checked before the look-up, which runs before validation: PostgreSQL refuses a NUL byte.
    const procedure = procedureKeyPattern.test(key) ? await store.findProcedure(key) : undefined;
    if (!procedure || !belongsTo(user, procedure.organisationId))
      throw new HttpProblem(404, `There is no procedure with the key ${key}.`);
    if (!may(user, access.procedure, procedure)) {
      throw new HttpProblem(
        403,
        access.procedure === 'read'
          ? 'You have no access to this procedure.'
          : 'Only an owner of this procedure may do this.',
      );
    }
    request.procedure = procedure;
  });
}

/**
 * Deny by default holds only for routes registered inside the private scope; this closes the
 * gap. Every `/api/v1/` route must declare its access wherever it is registered (or the app does
 * not start), and one outside the private scope must be `public`: a route that needs a caller,
 * registered in the wrong place, would otherwise be served to anyone.
 */
export function requireDeclaredAccess(
  app: FastifyInstance,
  privateRoutes: readonly PrivateRoute[],
) {
  const outside: PrivateRoute[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    const access = route.config?.access;
    const methods = [route.method].flat().filter((method) => method !== 'HEAD');
    if (access === undefined) {
      throw new Error(
        `${methods.join(',')} ${route.url} must declare who may call it (config.access).`,
      );
    }
    for (const method of methods) outside.push({ method, url: route.url, access });
  });
  // The private scope's own hook lists its routes after this one has seen them: compare when
  // every route is known.
  app.addHook('onReady', async () => {
    for (const route of outside) {
      const checked = privateRoutes.some((r) => r.method === route.method && r.url === route.url);
      if (!checked && route.access !== 'public') {
        throw new Error(
          `${route.method} ${route.url} is outside the private API: register it there, or declare it public.`,
        );
      }
    }
  });
}

/** The caller of a route that is not `public` (the access check made sure there is one). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpProblem(401, 'Sign in, or send an API key, first.');
  return request.principal;
}

/** The organisation of an `{ organisation }` route, as the access check loaded it. */
export function organisationOf(request: FastifyRequest): Organisation {
  if (!request.organisation) throw new Error(`${request.url} declares no organisation access.`);
  return request.organisation;
}

/** The procedure of a `{ procedure }` route, as the access check loaded it. */
export function procedureOf(request: FastifyRequest): Procedure {
  if (!request.procedure) throw new Error(`${request.url} declares no procedure access.`);
  return request.procedure;
}
