import { describe, expect, it } from 'vitest';
import { newSecret, secretHash } from '../../server/src/auth/secrets.ts';
import type { Access } from '../../server/src/http/access.ts';
import { sessionCookie } from '../../server/src/http/authentication.ts';
import { startTestApp, testDatabases, testPasswordHash, uuidv7 } from '../helpers.ts';

/**
 * docs/design.md §11: the role × organisation matrix over every private route. Two organisations, A
 * and B; each caller belongs to A (or is a platform administrator); each route is called on A's
 * procedure or organisation (own) and on B's (other). B's things answer 404 to A's people, as if
 * they did not exist; a key made for A acts as its account would, in A only. Then every id that
 * is not the path's organisation or procedure (a person, an answer, a theme, an improvement, a
 * key, a request, the procedures of an invitation's body) is B's under A's path (foreign): 404
 * to everyone, the platform administrator included, with the body a nonexistent id gets.
 */
const callers = [
  'platform admin',
  'organisation admin',
  'owner',
  'viewer',
  'member',
  'organisation key',
] as const;
type Caller = (typeof callers)[number];
type Target = 'own' | 'other' | 'foreign';

const origin = 'http://localhost:80';
const password = 'une phrase de passe assez longue';

function expected(access: Access, caller: Caller, target: Target): 'allowed' | number {
  if (access === 'signed-in') return 'allowed';
  if (access === 'admin') return caller === 'platform admin' ? 'allowed' : 403;
  if (access === 'public') throw new Error('not a private route');
  if (target === 'foreign') {
    // Refused before the ids are read stays refused; past that, B's ids do not exist in A.
    const inOwn = expected(access, caller, 'own');
    return inOwn === 'allowed' ? 404 : inOwn;
  }
  if (caller === 'platform admin') return 'allowed';
  if (target === 'other') return 404;
  if (caller === 'organisation admin' || caller === 'organisation key') return 'allowed';
  if ('organisation' in access) return access.organisation === 'read' ? 'allowed' : 403;
  if (caller === 'owner') return 'allowed';
  if (caller === 'viewer') return access.procedure === 'read' ? 'allowed' : 403;
  return 403;
}

describe.each(testDatabases)('organisations on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('answers each role of each route as its organisation allows, 404 outside it', async () => {
      const t = await startTestApp({ ...(await database.env()), RATE_LIMIT_PER_HOUR: '100000' });
      const A = await t.store.createOrganisation({ name: 'Ministère A', domains: ['a.gouv.fr'] });
      const B = await t.store.createOrganisation({ name: 'Ministère B', domains: [] });
      const passwordHash = await testPasswordHash(password);
      let n = 0;
      const account = async (email: string, isAdmin = false) => {
        const user = await t.store.createUser({ email, passwordHash, isAdmin });
        if (!user) throw new Error('duplicate');
        return user;
      };
      const users = {
        'platform admin': await account('plateforme@example.gouv.fr', true),
        'organisation admin': await account('admin@a.gouv.fr'),
        owner: await account('owner@a.gouv.fr'),
        viewer: await account('viewer@a.gouv.fr'),
        member: await account('member@a.gouv.fr'),
      };
      await t.store.setMembership(users['organisation admin'].id, A.id, 'admin');
      await t.store.setMembership(users.member.id, A.id, 'member');
      const organisationKey = newSecret();
      await t.store.createApiKey({
        userId: users['organisation admin'].id,
        name: 'script de A',
        keyHash: secretHash(organisationKey),
        organisationId: A.id,
      });

      const headersOf = async (caller: Caller): Promise<Record<string, string>> => {
        if (caller === 'organisation key') return { authorization: `Bearer ${organisationKey}` };
        const token = newSecret();
        await t.store.createSession(secretHash(token), users[caller].id, t.clock.now());
        return { origin, cookie: `${sessionCookie}=${token}` };
      };

      // Invitations name their procedures in the body: one of A's, owned and viewed as above.
      const invitedTo = await t.store.createProcedure({
        name: 'Démarche où inviter',
        allowedOrigins: [],
        organisationId: A.id,
      });
      await t.store.setRole(users.owner.id, invitedTo.key, 'owner');
      await t.store.setRole(users.viewer.id, invitedTo.key, 'viewer');

      const unknownAnswer = uuidv7(1);
      /** An edition is made once a quarter and organisation: each call names a new quarter. */
      let quarters = 0;
      const nextQuarter = () => `${2000 + Math.floor(quarters / 4)}-T${(quarters++ % 4) + 1}`;
      /**
       * Fresh things for each call: A's (own), B's (other), or A's path with B's ids (foreign).
       * `unknown` names, instead of the ids, ones that were never made.
       */
      const pathFor = async (method: string, url: string, target: Target) => {
        const inPath = target === 'other' ? B : A;
        const procedure = await t.store.createProcedure({
          name: `Démarche ${++n}`,
          allowedOrigins: [],
          organisationId: inPath.id,
        });
        if (target !== 'other') {
          await t.store.setRole(users.owner.id, procedure.key, 'owner');
          await t.store.setRole(users.viewer.id, procedure.key, 'viewer');
        }
        // The ids' organisation and procedure: B's when foreign.
        const organisation = target === 'own' ? A : B;
        const ofIds =
          target === 'foreign'
            ? await t.store.createProcedure({
                name: `Démarche de B ${++n}`,
                allowedOrigins: [],
                organisationId: B.id,
              })
            : procedure;
        let organisationId = inPath.id;
        if (method === 'DELETE' && url === '/api/v1/organisations/:organisationId') {
          // Deletable: owns nothing.
          organisationId = (await t.store.createOrganisation({ name: `Vide ${++n}`, domains: [] }))
            .id;
        }
        let id = '';
        if (url.includes('/feedback/:id')) {
          id = uuidv7(t.clock.now().getTime());
          expect((await t.post({ id, satisfaction: 'good' }, { key: ofIds.key })).statusCode).toBe(
            201,
          );
        } else if (url.includes('/access-requests/:id')) {
          const { request } = await t.store.requestAccess(
            { organisationId: organisation.id, email: `agent-${++n}@example.gouv.fr` },
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
        } else if (url.includes('/users/:id')) {
          id = String((await account(`compte-${++n}@example.gouv.fr`)).id);
        } else if (url.includes('/api-keys/:id')) {
          const key = await t.store.createApiKey({
            userId: users['platform admin'].id,
            name: 'à révoquer',
            keyHash: secretHash(newSecret()),
            organisationId: url.includes(':organisationId') ? organisation.id : undefined,
          });
          id = String(key.id);
        } else if (url.includes('/improvements/:id')) {
          const made = await t.store.createImprovement(
            ofIds.key,
            { date: '2026-03-01', title: 'T', text: 'Texte' },
            () => ({
              at: t.clock.now(),
              actor: 'test',
              action: 'improvement.create',
              target: '',
              details: {},
            }),
          );
          id = String(made?.id);
        } else if (url.includes('/observatoire/editions/:id')) {
          const made = await t.store.createEdition(
            {
              quarter: nextQuarter(),
              organisationId: organisation.id,
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
        } else if (url.includes('/themes/:id')) {
          const theme = await t.store.createTheme(
            ofIds.key,
            { name: 'Délais', keywords: ['délai'] },
            {
              at: t.clock.now(),
              actor: 'test',
              action: 'theme.create',
              target: ofIds.key,
              details: {},
            },
          );
          id = String(theme?.id);
        }
        let userId = '';
        if (url.includes(':userId')) {
          const person = await account(`personne-${++n}@example.gouv.fr`);
          await t.store.setMembership(person.id, organisation.id, 'member');
          userId = String(person.id);
        }
        const path = (ids: { userId: string; id: string }) =>
          url
            .replace(':organisationId', String(organisationId))
            .replace(':userId', ids.userId)
            .replace(':key', procedure.key)
            .replace(':id', ids.id);
        // Invitations name procedures in their body: B's one when foreign.
        const invitedKey = target === 'foreign' ? ofIds.key : invitedTo.key;
        return {
          path: path({ userId, id }),
          invitedKey,
          ids: [
            userId,
            id,
            invitedKey,
            // The organisation an edition to make names in its body.
            ...(url === '/api/v1/observatoire/editions' && target === 'foreign'
              ? [String(B.id)]
              : []),
          ].filter((x) => x !== '' && x !== invitedTo.key),
          unknown: {
            path: path({
              userId: userId && '2000000000',
              id: id && (url.includes('/feedback/:id') ? unknownAnswer : '2000000001'),
            }),
            invitedKey: 'inconnue0',
          },
        };
      };
      const bodies: Record<string, unknown> = {
        'POST /api/v1/procedures': { name: 'Nouvelle', allowedOrigins: [] },
        'PATCH /api/v1/procedures/:key': { name: 'Passeport' },
        'POST /api/v1/users': { email: 'x@example.gouv.fr', password, roles: {} },
        'PUT /api/v1/users/:id/roles/:key': { role: 'viewer' },
        'POST /api/v1/api-keys': { name: 'clé' },
        'POST /api/v1/organisations': { name: 'Nouvelle direction' },
        'PATCH /api/v1/organisations/:organisationId': { name: 'Direction renommée' },
        'POST /api/v1/organisations/:organisationId/procedures': {
          name: 'Nouvelle',
          allowedOrigins: [],
        },
        'PUT /api/v1/organisations/:organisationId/members/:userId': { role: 'admin' },
        'POST /api/v1/organisations/:organisationId/access-requests/:id/approve': {
          role: 'member',
        },
        'PUT /api/v1/organisations/:organisationId/members/:userId/roles/:key': { role: 'owner' },
        'POST /api/v1/organisations/:organisationId/api-keys': { name: 'clé' },
        'POST /api/v1/procedures/:key/themes': { name: 'Accueil', keywords: ['accueil'] },
        'PATCH /api/v1/procedures/:key/themes/:id': { name: 'Délais de traitement' },
        'POST /api/v1/procedures/:key/improvements': {
          date: '2026-03-01',
          title: 'T',
          text: 'Texte',
        },
        'PATCH /api/v1/procedures/:key/improvements/:id': { title: 'Autre titre' },
        'POST /api/v1/procedures/:key/questionnaire/versions': { questions: ['comment'] },
        'PUT /api/v1/organisations/:organisationId/observatoire': { publishes: true },
        'POST /api/v1/invitations': {
          email: 'invitee@a.gouv.fr',
          role: 'viewer',
          procedures: [invitedTo.key],
        },
      };

      const matrix = { routes: 0, requests: 0, routesWithIds: 0, foreign: 0 };
      for (const { method, url, access } of t.app.privateRoutes) {
        if (access === 'public') continue;
        const route = `${method} ${url}`;
        const scoped = url.includes(':key') || url.includes(':organisationId');
        // An id besides the path's organisation or procedure, in the path or the body.
        // An edition is the platform's or an organisation's: its id, or the organisation its
        // body names, is B's when foreign.
        const edition =
          route === 'POST /api/v1/observatoire/editions' ||
          url.startsWith('/api/v1/observatoire/editions/:id');
        const namesIds =
          route === 'POST /api/v1/invitations' ||
          edition ||
          (scoped && (url.includes(':userId') || url.includes(':id')));
        const targets: Target[] = [
          'own',
          ...(scoped ? (['other'] as const) : []),
          ...(namesIds ? (['foreign'] as const) : []),
        ];
        matrix.routes++;
        if (namesIds) matrix.routesWithIds++;
        for (const target of targets) {
          for (const caller of callers) {
            const { path, invitedKey, ids, unknown } = await pathFor(method, url, target);
            const body = bodies[route] as Record<string, unknown> | undefined;
            const headers = await headersOf(caller);
            const response = await t.app.inject({
              method: method as 'GET',
              url: path,
              headers: { ...headers, 'content-type': 'application/json' },
              payload: JSON.stringify(
                route === 'POST /api/v1/users'
                  ? { ...body, email: `u${++n}@example.gouv.fr` }
                  : route === 'POST /api/v1/invitations'
                    ? { ...body, procedures: [invitedKey] }
                    : route === 'POST /api/v1/observatoire/editions'
                      ? { quarter: nextQuarter(), organisation: target === 'foreign' ? B.id : A.id }
                      : (body ?? {}),
              ),
            });
            const got = response.statusCode < 300 ? 'allowed' : response.statusCode;
            // The body's procedure is the viewer's and the member's to read at most, not to
            // invite to; a foreign one does not exist for them (nor for anyone but the platform
            // administrator, who may invite to any).
            const invitation = route === 'POST /api/v1/invitations';
            // The platform administrator sees and makes every organisation's editions; B's do
            // not exist for A's people. Making one is for an organisation's administrators.
            const want = edition
              ? target === 'foreign'
                ? caller === 'platform admin' || access === 'admin'
                  ? expected(access, caller, 'own')
                  : 404
                : method === 'POST' && access === 'signed-in'
                  ? ['owner', 'viewer', 'member'].includes(caller)
                    ? 403
                    : 'allowed'
                  : expected(access, caller, target)
              : !invitation
                ? expected(access, caller, target)
                : target === 'foreign'
                  ? caller === 'platform admin'
                    ? 'allowed'
                    : 404
                  : caller === 'viewer' || caller === 'member'
                    ? 403
                    : expected(access, caller, target);
            expect(got, `${caller} ${route} (${target}): ${response.body.slice(0, 200)}`).toBe(
              want,
            );
            matrix.requests++;
            if (target === 'foreign' && want === 404) {
              // Exactly what an id that was never made gets: nothing tells B's ids from none.
              const never = await t.app.inject({
                method: method as 'GET',
                url: unknown.path,
                headers: { ...(await headersOf(caller)), 'content-type': 'application/json' },
                payload: JSON.stringify(
                  invitation
                    ? { ...body, procedures: [unknown.invitedKey] }
                    : route === 'POST /api/v1/observatoire/editions'
                      ? { quarter: nextQuarter(), organisation: 2000000001 }
                      : (body ?? {}),
                ),
              });
              const blank = (answer: { body: string }, names: string[]) => {
                const problem = JSON.parse(answer.body) as { detail?: string };
                const detail = names.reduce(
                  (done, name) => done.replaceAll(name, '…'),
                  problem.detail ?? '',
                );
                return { ...problem, detail };
              };
              expect(
                blank(response, ids),
                `${caller} ${route}: a foreign id answers as an unknown one`,
              ).toEqual(
                blank(never, [unknown.invitedKey, '2000000000', '2000000001', unknownAnswer]),
              );
              expect(never.statusCode).toBe(404);
              matrix.foreign++;
            }
          }
        }
      }
      // Reported in docs/security.md: routes × callers × (own, other, foreign).
      console.info('organisation access matrix', matrix);
      expect(matrix.requests).toBeGreaterThan(30 * callers.length);
      // Every route naming an id besides its path's, and each caller that gets past the access check.
      expect(matrix.routesWithIds).toBeGreaterThanOrEqual(13);
      expect(matrix.foreign).toBeGreaterThanOrEqual(40);
    });

    it("an organisation's administrator changes the roles of its own people, and cannot pull anyone else in", async () => {
      const t = await startTestApp(await database.env());
      const A = await t.store.createOrganisation({ name: 'Ministère A', domains: [] });
      const B = await t.store.createOrganisation({ name: 'Ministère B', domains: [] });
      const ofA = await t.store.createProcedure({
        name: 'Démarche de A',
        allowedOrigins: [],
        organisationId: A.id,
      });
      const ofB = await t.store.createProcedure({
        name: 'Démarche de B',
        allowedOrigins: [],
        organisationId: B.id,
      });
      const passwordHash = await testPasswordHash(password);
      const account = async (email: string, isAdmin = false) => {
        const user = await t.store.createUser({ email, passwordHash, isAdmin });
        if (!user) throw new Error('duplicate');
        return user;
      };
      const adminOfA = await account('admin@a.gouv.fr');
      await t.store.setMembership(adminOfA.id, A.id, 'admin');
      const memberOfA = await account('membre@a.gouv.fr');
      await t.store.setMembership(memberOfA.id, A.id, 'member');
      const ownerInA = await account('proprietaire@a.gouv.fr');
      await t.store.setRole(ownerInA.id, ofA.key, 'owner');
      const outsiders = {
        'an account of B': await account('agent@b.gouv.fr'),
        'an owner in B': await account('proprietaire@b.gouv.fr'),
        'the platform administrator': await account('plateforme@example.gouv.fr', true),
        'an account of no organisation': await account('seul@example.gouv.fr'),
      };
      await t.store.setMembership(outsiders['an account of B'].id, B.id, 'admin');
      await t.store.setRole(outsiders['an owner in B'].id, ofB.key, 'owner');
      const token = newSecret();
      await t.store.createSession(secretHash(token), adminOfA.id, t.clock.now());
      const as = (method: 'PUT' | 'DELETE', url: string, payload?: object) =>
        t.app.inject({
          method,
          url: `/api/v1/organisations/${A.id}${url}`,
          headers: { origin, cookie: `${sessionCookie}=${token}` },
          ...(payload ? { payload } : {}),
        });
      const calls = (userId: number) => [
        () => as('PUT', `/members/${userId}`, { role: 'member' }),
        () => as('PUT', `/members/${userId}`, { role: 'admin' }),
        () => as('PUT', `/members/${userId}/roles/${ofA.key}`, { role: 'viewer' }),
        () => as('DELETE', `/members/${userId}`),
      ];

      // Its own people, whichever way they are in: a membership, or a role on its procedure.
      for (const person of [memberOfA, ownerInA]) {
        expect((await as('PUT', `/members/${person.id}`, { role: 'admin' })).statusCode).toBe(204);
        expect(
          (await as('PUT', `/members/${person.id}/roles/${ofA.key}`, { role: 'viewer' }))
            .statusCode,
        ).toBe(204);
      }

      const unknown = await Promise.all(calls(2_000_000_000).map((call) => call()));
      for (const [who, person] of Object.entries(outsiders)) {
        for (const [i, call] of calls(person.id).entries()) {
          const response = await call();
          expect(response.statusCode, `${who}, call ${i}`).toBe(404);
          const never = unknown[i];
          expect(response.json(), `${who}, call ${i}`).toEqual(never?.json());
        }
      }
      // Nobody outside was let in, nor shown.
      const members = await t.app.inject({
        method: 'GET',
        url: `/api/v1/organisations/${A.id}/members`,
        headers: { cookie: `${sessionCookie}=${token}` },
      });
      expect((members.json() as { email: string }[]).map((m) => m.email).sort()).toEqual([
        'admin@a.gouv.fr',
        'membre@a.gouv.fr',
        'proprietaire@a.gouv.fr',
      ]);
      for (const person of Object.values(outsiders)) {
        expect((await t.store.findUser(person.id))?.organisations[A.id]).toBeUndefined();
      }
      expect(
        (await t.store.listOrganisationAudit(A.id, 100)).map((entry) => entry.target),
      ).not.toContain(expect.stringMatching(/b\.gouv\.fr|plateforme|seul/));
    });

    it('lists, and lets keys act in, their own organisation only', async () => {
      const t = await startTestApp(await database.env());
      const A = await t.store.createOrganisation({ name: 'Ministère A', domains: [] });
      const B = await t.store.createOrganisation({ name: 'Ministère B', domains: [] });
      const inA = await t.store.createProcedure({
        name: 'Démarche de A',
        allowedOrigins: [],
        organisationId: A.id,
      });
      const inB = await t.store.createProcedure({
        name: 'Démarche de B',
        allowedOrigins: [],
        organisationId: B.id,
      });
      const passwordHash = await testPasswordHash(password);
      const admin = await t.store.createUser({
        email: 'p@example.gouv.fr',
        passwordHash,
        isAdmin: true,
      });
      const adminOfA = await t.store.createUser({
        email: 'a@a.gouv.fr',
        passwordHash,
        isAdmin: false,
      });
      if (!admin || !adminOfA) throw new Error('duplicate');
      await t.store.setMembership(adminOfA.id, A.id, 'admin');
      // Even a platform administrator's key, made for A, stays in A.
      const keyOfA = newSecret();
      await t.store.createApiKey({
        userId: admin.id,
        name: 'A',
        keyHash: secretHash(keyOfA),
        organisationId: A.id,
      });
      const platformKey = newSecret();
      await t.store.createApiKey({
        userId: admin.id,
        name: 'tout',
        keyHash: secretHash(platformKey),
      });
      const get = (url: string, key: string) =>
        t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
      const keys = async (url: string, key: string) =>
        ((await get(url, key)).json() as { key?: string; name: string }[]).map((x) => x.name);

      expect(await keys('/api/v1/procedures', keyOfA)).toEqual(['Démarche de A']);
      expect(await keys('/api/v1/organisations', keyOfA)).toEqual(['Ministère A']);
      expect((await get(`/api/v1/procedures/${inB.key}/stats`, keyOfA)).statusCode).toBe(404);
      expect((await get(`/api/v1/procedures/${inB.key}/export.csv`, keyOfA)).statusCode).toBe(404);
      expect((await get(`/api/v1/procedures/${inA.key}/export.csv`, keyOfA)).statusCode).toBe(200);
      expect((await get(`/api/v1/procedures/${inB.key}/export.xlsx`, keyOfA)).statusCode).toBe(404);
      expect((await get(`/api/v1/procedures/${inA.key}/export.xlsx`, keyOfA)).statusCode).toBe(200);
      expect((await get('/api/v1/users', keyOfA)).statusCode).toBe(403);
      expect(await keys('/api/v1/procedures', platformKey)).toEqual(
        expect.arrayContaining(['Démarche de A', 'Démarche de B', t.procedure.name]),
      );

      // An organisation's administrator makes its procedures, and reads its own audit log only.
      const token = newSecret();
      await t.store.createSession(secretHash(token), adminOfA.id, t.clock.now());
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${A.id}/procedures`,
        headers: { origin, cookie: `${sessionCookie}=${token}` },
        payload: { name: 'Nouvelle de A', allowedOrigins: [] },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ name: 'Nouvelle de A', organisationId: A.id });
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/organisations/${B.id}/procedures`,
        headers: { authorization: `Bearer ${platformKey}` },
        payload: { name: 'Nouvelle de B', allowedOrigins: [] },
      });
      const log = await t.app.inject({
        method: 'GET',
        url: `/api/v1/organisations/${A.id}/audit-log`,
        headers: { cookie: `${sessionCookie}=${token}` },
      });
      // The key's first use of the day is on record too (once a day).
      expect(log.json()).toEqual([
        expect.objectContaining({ action: 'procedure.create', actor: 'a@a.gouv.fr' }),
        expect.objectContaining({
          action: 'api-key.use',
          details: { name: 'A', day: '2026-03-10' },
        }),
      ]);
    });
    it("an organisation's audit log lists what is done to its procedures, and not to another's", async () => {
      const t = await startTestApp(await database.env());
      const A = await t.store.createOrganisation({ name: 'Ministère A', domains: [] });
      const B = await t.store.createOrganisation({ name: 'Ministère B', domains: [] });
      const [inA, inB] = await Promise.all(
        [A, B].map((o) =>
          t.store.createProcedure({
            name: `Démarche de ${o.name}`,
            allowedOrigins: [],
            organisationId: o.id,
          }),
        ),
      );
      if (!inA || !inB) throw new Error('no procedure');
      const admin = await t.store.createUser({
        email: 'p@example.gouv.fr',
        passwordHash: await testPasswordHash(password),
        isAdmin: true,
      });
      if (!admin) throw new Error('duplicate');
      const platformKey = newSecret();
      await t.store.createApiKey({
        userId: admin.id,
        name: 'tout',
        keyHash: secretHash(platformKey),
      });
      const call = async (
        method: 'POST' | 'PATCH' | 'DELETE' | 'GET',
        url: string,
        payload?: object,
      ) => {
        const response = await t.app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${platformKey}` },
          ...(payload && { payload }),
        });
        expect(response.statusCode, `${method} ${url}`).toBeLessThan(300);
        return response;
      };
      // The same changes to a procedure of each: an answer deleted, a theme, publishing, a change
      // made public, then the procedure deleted.
      for (const procedure of [inA, inB]) {
        const id = uuidv7();
        await t.post({ id, satisfaction: 'good' }, { key: procedure.key });
        const at = `/api/v1/procedures/${procedure.key}`;
        await call('DELETE', `${at}/feedback/${id}`);
        await call('POST', `${at}/themes`, { name: 'Délais', keywords: ['délai'] });
        await call('PATCH', at, { public: true });
        await call('POST', `${at}/improvements`, {
          date: '2026-03-01',
          title: 'Des mots plus simples',
          text: 'La page a été réécrite.',
        });
        await call('DELETE', at);
      }
      const log = (await call('GET', `/api/v1/organisations/${A.id}/audit-log`)).json() as {
        action: string;
        target: string;
      }[];
      expect(log.map((e) => `${e.action} ${e.target.split('/')[0]}`)).toEqual(
        [
          'procedure.delete',
          'improvement.create',
          'procedure.update',
          'theme.create',
          'answer.delete',
        ].map((action) => `${action} ${inA.key}`),
      );
    });
  });
});
