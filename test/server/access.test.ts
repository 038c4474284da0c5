import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { newSecret, secretHash } from '../../server/src/auth/secrets.ts';
import { requireDeclaredAccess, restrictAccess } from '../../server/src/http/access.ts';
import { sessionCookie } from '../../server/src/http/authentication.ts';
import type { Store } from '../../server/src/store/store.ts';
import { startTestApp, testDatabases, testPasswordHash, uuidv7 } from '../helpers.ts';

/**
 * Who may call what (docs/design.md §4), one line a route: the spec the app's own route table must
 * match.
 * `read` and `manage` are permissions on the procedure of the path's `:key`.
 */
const whoMay: Record<
  string,
  'public' | 'signed-in' | 'admin' | 'read' | 'manage' | 'organisation read' | 'organisation manage'
> = {
  'POST /api/v1/session': 'public',
  'POST /api/v1/setup': 'public',
  'GET /api/v1/sign-in-methods': 'public',
  'DELETE /api/v1/session': 'signed-in',
  'GET /api/v1/me': 'signed-in',
  'GET /api/v1/procedures': 'signed-in',
  'POST /api/v1/procedures': 'admin',
  'GET /api/v1/procedures/:key': 'read',
  'PATCH /api/v1/procedures/:key': 'manage',
  'DELETE /api/v1/procedures/:key': 'admin',
  'GET /api/v1/procedures/:key/stats': 'read',
  'GET /api/v1/procedures/:key/feedback': 'read',
  'DELETE /api/v1/procedures/:key/feedback/:id': 'manage',
  'GET /api/v1/procedures/:key/export.csv': 'manage',
  'GET /api/v1/procedures/:key/audit-log': 'manage',
  'GET /api/v1/procedures/:key/people': 'manage',
  'GET /api/v1/procedures/:key/export.xlsx': 'manage',
  'GET /api/v1/procedures/:key/topics': 'read',
  'GET /api/v1/procedures/:key/themes': 'read',
  'POST /api/v1/procedures/:key/themes': 'manage',
  'PATCH /api/v1/procedures/:key/themes/:id': 'manage',
  'DELETE /api/v1/procedures/:key/themes/:id': 'manage',
  'GET /api/v1/users': 'admin',
  'POST /api/v1/users': 'admin',
  'PUT /api/v1/users/:id/roles/:key': 'admin',
  'DELETE /api/v1/users/:id': 'admin',
  'GET /api/v1/api-keys': 'admin',
  'POST /api/v1/api-keys': 'admin',
  'DELETE /api/v1/api-keys/:id': 'admin',
  'GET /api/v1/audit-log': 'admin',
  'GET /api/v1/organisations': 'signed-in',
  'POST /api/v1/organisations': 'admin',
  'GET /api/v1/organisations/:organisationId': 'organisation read',
  'PATCH /api/v1/organisations/:organisationId': 'admin',
  'DELETE /api/v1/organisations/:organisationId': 'admin',
  'POST /api/v1/organisations/:organisationId/procedures': 'organisation manage',
  'GET /api/v1/organisations/:organisationId/members': 'organisation manage',
  'PUT /api/v1/organisations/:organisationId/members/:userId': 'organisation manage',
  'PUT /api/v1/organisations/:organisationId/members/:userId/roles/:key': 'organisation manage',
  'DELETE /api/v1/organisations/:organisationId/members/:userId': 'organisation manage',
  'GET /api/v1/organisations/:organisationId/api-keys': 'organisation manage',
  'POST /api/v1/organisations/:organisationId/api-keys': 'organisation manage',
  'DELETE /api/v1/organisations/:organisationId/api-keys/:id': 'organisation manage',
  'GET /api/v1/organisations/:organisationId/audit-log': 'organisation manage',
  'GET /api/v1/organisations/:organisationId/access-requests': 'organisation manage',
  'POST /api/v1/organisations/:organisationId/access-requests/:id/approve': 'organisation manage',
  'POST /api/v1/organisations/:organisationId/access-requests/:id/refuse': 'organisation manage',
  'POST /api/v1/password-reset': 'public',
  'POST /api/v1/password-reset/confirm': 'public',
  // Any account may ask; what it may invite to is checked against the body (an owner: their own
  // procedures; a viewer: none).
  'POST /api/v1/invitations': 'signed-in',
  'POST /api/v1/invitations/preview': 'public',
  'POST /api/v1/invitations/accept': 'public',
  'GET /api/v1/me/mail': 'signed-in',
  'PATCH /api/v1/me': 'signed-in',
  'GET /api/v1/procedures/:key/alerts': 'read',
  'GET /api/v1/procedures/:key/improvements': 'read',
  'POST /api/v1/procedures/:key/improvements': 'manage',
  'PATCH /api/v1/procedures/:key/improvements/:id': 'manage',
  'DELETE /api/v1/procedures/:key/improvements/:id': 'manage',
  'GET /api/v1/procedures/:key/results-preview': 'read',
  'GET /api/v1/procedures/:key/results-link': 'public',
  'GET /api/v1/procedures/:key/questionnaire': 'read',
  'GET /api/v1/procedures/:key/questionnaire/versions': 'read',
  'POST /api/v1/procedures/:key/questionnaire/versions': 'manage',
  'GET /api/v1/procedures/:key/questionnaire/published': 'public',
  // The rows are those the caller may read; an edition to make is checked against its body (an
  // organisation's administrators, or the platform's for its edition).
  'GET /api/v1/observatoire': 'signed-in',
  'GET /api/v1/observatoire/export.csv': 'signed-in',
  'GET /api/v1/observatoire/export.xlsx': 'signed-in',
  'GET /api/v1/observatoire/editions': 'signed-in',
  'POST /api/v1/observatoire/editions': 'signed-in',
  'GET /api/v1/observatoire/editions/:id': 'signed-in',
  'GET /api/v1/observatoire/editions/:id/export.csv': 'signed-in',
  'GET /api/v1/observatoire/editions/:id/export.xlsx': 'signed-in',
  'POST /api/v1/observatoire/editions/:id/regenerate': 'admin',
  'PUT /api/v1/organisations/:organisationId/observatoire': 'organisation manage',
};

const callers = ['anonymous', 'viewer', 'owner', 'admin', 'owner’s API key'] as const;
type Caller = (typeof callers)[number];
/** The procedure in the path: one the viewer and owner hold roles on, another one, none. */
type Target = 'own' | 'other' | 'unknown';

const origin = 'http://localhost:80';
const password = 'une phrase de passe assez longue';

function expectedStatus(
  access: (typeof whoMay)[string],
  caller: Caller,
  target: Target,
): 'allowed' | number {
  if (caller === 'anonymous') return 401;
  if (access === 'signed-in') return 'allowed';
  // Everybody here is in the default organisation (holding a role on one of its procedures),
  // which none administers: see organisation-access.test.ts for the organisations' matrix.
  if (access === 'organisation read') return 'allowed';
  if (access === 'organisation manage') {
    if (caller !== 'admin') return 403;
    return target === 'unknown' ? 404 : 'allowed';
  }
  if (access === 'admin') {
    if (caller !== 'admin') return 403;
    return target === 'unknown' ? 404 : 'allowed';
  }
  if (target === 'unknown') return 404;
  if (caller === 'admin') return 'allowed';
  if (target === 'other') return 403;
  return access === 'read' || caller !== 'viewer' ? 'allowed' : 403;
}

/** The body a caller allowed to should get a 2xx with. */
function bodyFor(route: string, ownKey: string, n: number): unknown {
  return {
    'POST /api/v1/procedures': { name: 'Nouvelle', allowedOrigins: [] },
    'PATCH /api/v1/procedures/:key': { name: 'Passeport' },
    'POST /api/v1/users': {
      email: `nouveau-${n}@example.gouv.fr`,
      password,
      roles: { [ownKey]: 'viewer' },
    },
    'PUT /api/v1/users/:id/roles/:key': { role: 'viewer' },
    'POST /api/v1/api-keys': { name: `clé ${n}` },
    'POST /api/v1/procedures/:key/themes': { name: 'Accueil', keywords: ['accueil'] },
    'PATCH /api/v1/procedures/:key/themes/:id': { name: 'Délais de traitement' },
    'POST /api/v1/organisations': { name: `Direction ${n}` },
    'PATCH /api/v1/organisations/:organisationId': { name: `Direction ${n}` },
    'POST /api/v1/organisations/:organisationId/procedures': {
      name: 'Nouvelle',
      allowedOrigins: [],
    },
    'PUT /api/v1/organisations/:organisationId/members/:userId': { role: 'member' },
    'POST /api/v1/organisations/:organisationId/access-requests/:id/approve': { role: 'member' },
    'PUT /api/v1/organisations/:organisationId/members/:userId/roles/:key': { role: 'viewer' },
    'POST /api/v1/organisations/:organisationId/api-keys': { name: `clé ${n}` },
    'POST /api/v1/invitations': {
      email: `invite-${n}@example.gouv.fr`,
      role: 'viewer',
      procedures: [ownKey],
    },
    'POST /api/v1/procedures/:key/improvements': { date: '2026-03-01', title: 'T', text: 'Texte' },
    'PATCH /api/v1/procedures/:key/improvements/:id': { title: 'Autre titre' },
    // Each caller's procedure is new: its version 1 asks every step, so this is a version 2.
    'POST /api/v1/procedures/:key/questionnaire/versions': { questions: ['comment'] },
    // The platform's edition, which only the administrator (called once) makes.
    'POST /api/v1/observatoire/editions': { quarter: '2025-T4', organisation: null },
    'PUT /api/v1/organisations/:organisationId/observatoire': { publishes: true },
  }[route];
}

describe('the private API denies by default', () => {
  it('refuses to start with a private route that does not say who may call it', async () => {
    const app = Fastify();
    const registered = app.register(async (scope) => {
      restrictAccess(scope, {
        store: {} as Store,
        now: () => new Date(),
        publicUrl: undefined,
        reportTimeZone: 'Europe/Paris',
        routes: [],
      });
      scope.get('/api/v1/forgotten', async () => 'secret');
    });
    await expect(registered).rejects.toThrow('GET /api/v1/forgotten must declare who may call it');
  });

  it('refuses to start with an API route outside the private scope that is not public', async () => {
    const undeclared = Fastify();
    requireDeclaredAccess(undeclared, []);
    const registered = undeclared.register(async (scope) => {
      scope.get('/api/v1/forgotten', async () => 'secret');
    });
    await expect(registered).rejects.toThrow('GET /api/v1/forgotten must declare who may call it');

    const misplaced = Fastify();
    requireDeclaredAccess(misplaced, []);
    misplaced.get('/api/v1/misplaced', { config: { access: 'admin' } }, async () => 'secret');
    await expect(misplaced.ready()).rejects.toThrow(
      'GET /api/v1/misplaced is outside the private API',
    );

    const publicRoute = Fastify();
    requireDeclaredAccess(publicRoute, []);
    publicRoute.get('/api/v1/open', { config: { access: 'public' } }, async () => 'hello');
    await expect(publicRoute.ready()).resolves.toBeDefined();
  });
});

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('every private route answers every caller as its declared access says, before validation', async () => {
      const t = await startTestApp({ ...(await database.env()), RATE_LIMIT_PER_HOUR: '100000' });
      const routes = t.app.privateRoutes.map((r) => ({
        route: `${r.method} ${r.url}`,
        access:
          typeof r.access !== 'object'
            ? r.access
            : 'procedure' in r.access
              ? r.access.procedure
              : (`organisation ${r.access.organisation}` as const),
      }));
      // A new route joins this list, or the test fails: its access is then checked below.
      expect(Object.fromEntries(routes.map((r) => [r.route, r.access]))).toEqual(whoMay);
      expect(routes).toHaveLength(Object.keys(whoMay).length);

      const passwordHash = await testPasswordHash(password);
      const account = async (email: string, isAdmin: boolean) => {
        const user = await t.store.createUser({ email, passwordHash, isAdmin });
        if (!user) throw new Error('duplicate');
        return user;
      };
      const users = {
        admin: await account('admin@example.gouv.fr', true),
        owner: await account('owner@example.gouv.fr', false),
        viewer: await account('viewer@example.gouv.fr', false),
      };
      const apiKey = newSecret();
      await t.store.createApiKey({
        userId: users.owner.id,
        name: 'script',
        keyHash: secretHash(apiKey),
      });

      let n = 0;
      /** An edition is made once a quarter: each one of a new year. */
      let editions = 0;
      /** Fresh credentials each time: a log-out in the matrix ends only its own session. */
      const headersOf = async (caller: Caller): Promise<Record<string, string>> => {
        if (caller === 'anonymous') return { origin };
        if (caller === 'owner’s API key') return { authorization: `Bearer ${apiKey}` };
        const token = newSecret();
        await t.store.createSession(secretHash(token), users[caller].id, t.clock.now());
        return { origin, cookie: `${sessionCookie}=${token}` };
      };
      /** A path whose every parameter names something that exists (but the unknown procedure). */
      const pathFor = async (route: string, target: Target) => {
        const own = await t.store.createProcedure({ name: 'À nous', allowedOrigins: [] });
        await t.store.setRole(users.owner.id, own.key, 'owner');
        await t.store.setRole(users.viewer.id, own.key, 'viewer');
        const other = await t.store.createProcedure({ name: 'À d’autres', allowedOrigins: [] });
        const key = { own: own.key, other: other.key, unknown: 'inconnue0' }[target];
        let id = '';
        if (route.includes('/feedback/:id')) {
          id = uuidv7(t.clock.now().getTime());
          if (target !== 'unknown') {
            const posted = await t.post({ id, satisfaction: 'good' }, { key });
            expect(posted.statusCode).toBe(201);
          }
        } else if (route.includes('/access-requests/:id')) {
          const { request } = await t.store.requestAccess(
            { organisationId: own.organisationId, email: `agent-${++n}@example.gouv.fr` },
            () => [],
            {
              at: t.clock.now(),
              actor: 'test',
              action: 'access-request.create',
              target: '',
              details: {},
            },
            t.clock.now(),
            t.clock.now(),
          );
          id = String(request.id);
        } else if (route.includes('/api-keys/:id') && route.includes(':organisationId')) {
          const { id: keyId } = await t.store.createApiKey({
            userId: users.admin.id,
            name: 'à révoquer',
            keyHash: secretHash(newSecret()),
            organisationId: own.organisationId,
          });
          id = String(keyId);
        } else if (route.includes('/themes/:id')) {
          const theme = await t.store.createTheme(
            target === 'unknown' ? own.key : key,
            { name: 'Délais', keywords: ['délai'] },
            { at: t.clock.now(), actor: 'test', action: 'theme.create', target: key, details: {} },
          );
          id = String(theme?.id);
        } else if (route.includes('/improvements/:id')) {
          const made = await t.store.createImprovement(
            target === 'other' ? other.key : own.key,
            { date: '2026-03-01', title: 'T', text: 'Texte' },
            () => ({
              at: new Date(),
              actor: 'test',
              action: 'improvement.create',
              target: '',
              details: {},
            }),
          );
          id = String(made?.id);
        } else if (route.includes('/observatoire/editions/:id')) {
          const made = await t.store.createEdition(
            {
              quarter: `${2000 + ++editions}-T2`,
              organisationId: own.organisationId,
              rows: [],
              madeAt: t.clock.now(),
              madeBy: 'test',
            },
            () => ({
              at: t.clock.now(),
              actor: 'test',
              action: 'observatoire.edition.create',
              target: '',
              details: {},
            }),
          );
          id = String(made?.id);
        } else if (route.includes('/users/:id')) {
          id = String((await account(`compte-${++n}@example.gouv.fr`, false)).id);
        } else if (route.includes('/api-keys/:id')) {
          const { id: keyId } = await t.store.createApiKey({
            userId: users.admin.id,
            name: 'à révoquer',
            keyHash: secretHash(newSecret()),
          });
          id = String(keyId);
        }
        let organisationId = own.organisationId;
        if (route === 'DELETE /api/v1/organisations/:organisationId') {
          organisationId = (await t.store.createOrganisation({ name: 'Vide', domains: [] })).id;
        }
        let userId = '';
        if (route.includes(':userId')) {
          const member = await account(`membre-${++n}@example.gouv.fr`, false);
          await t.store.setMembership(member.id, own.organisationId, 'member');
          userId = String(member.id);
        }
        const path =
          route
            .split(' ')[1]
            ?.replace(':organisationId', String(organisationId))
            .replace(':userId', userId)
            .replace(':key', key)
            .replace(':id', id) ?? '';
        return { path, own };
      };

      let requests = 0;
      for (const { route, access } of routes) {
        if (access === 'public') continue;
        const method = route.split(' ')[0] as 'GET';
        const targets: Target[] = route.includes(':key') ? ['own', 'other', 'unknown'] : ['own'];
        for (const target of targets) {
          for (const caller of callers) {
            const { path, own } = await pathFor(route, target);
            // A viewer may invite nobody: the body's procedure is theirs to read, not to manage.
            // Nor may anybody but an administrator make an edition.
            const expected =
              (route === 'POST /api/v1/invitations' && caller === 'viewer') ||
              (route === 'POST /api/v1/observatoire/editions' &&
                caller !== 'admin' &&
                caller !== 'anonymous')
                ? 403
                : expectedStatus(access, caller, target);
            // Nobody signed in gets a 401 whatever the body: not a 400 describing the schema.
            const response = await t.app.inject({
              method,
              url: path,
              headers: { ...(await headersOf(caller)), 'content-type': 'application/json' },
              payload:
                caller === 'anonymous'
                  ? '{"not": json'
                  : JSON.stringify(bodyFor(route, own.key, ++n) ?? {}),
            });
            const got = response.statusCode < 300 ? 'allowed' : response.statusCode;
            expect(got, `${caller} ${route} (${target}): ${response.body.slice(0, 200)}`).toBe(
              expected,
            );
            requests++;
          }
        }
      }
      // 26 routes with a procedure in the path × 3 targets + 40 without, × 5 callers.
      expect(requests).toBe((26 * 3 + 40) * callers.length);
    });
  });
});
