import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.ts';
import { sessionIdleMs } from '../../server/src/http/authentication.ts';
import { openStore } from '../../server/src/store/open-store.ts';
import {
  startTestApp,
  type TestApp,
  testConfig,
  testDatabases,
  testPasswordHash,
  uuidv7,
  widgetDir,
} from '../helpers.ts';

const password = 'une phrase de passe assez longue';
const origin = 'http://localhost:80';

type Caller = 'admin' | 'owner' | 'viewer' | 'stranger' | 'nobody';

/** The app with one account of each kind, each logged in; requests carry their session. */
async function withAccounts(database: Record<string, string>) {
  // Every answer below comes from the one test client: the per-client limit is not under test.
  const t = await startTestApp({ ...database, RATE_LIMIT_PER_HOUR: '100000' });
  const passwordHash = await testPasswordHash(password);
  const make = async (email: string, isAdmin: boolean) => {
    const user = await t.store.createUser({ email, passwordHash, isAdmin });
    if (!user) throw new Error('duplicate');
    return user;
  };
  const admin = await make('admin@example.gouv.fr', true);
  const owner = await make('owner@example.gouv.fr', false);
  const viewer = await make('viewer@example.gouv.fr', false);
  await make('stranger@example.gouv.fr', false);
  await t.store.setRole(owner.id, t.procedure.key, 'owner');
  await t.store.setRole(viewer.id, t.procedure.key, 'viewer');

  const cookies: Partial<Record<Caller, string>> = {};
  for (const who of ['admin', 'owner', 'viewer', 'stranger'] as const) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { origin },
      payload: { email: `${who}@example.gouv.fr`, password },
    });
    expect(response.statusCode).toBe(200);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(
      /^__Host-session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Strict/,
    );
    cookies[who] = cookie.split(';')[0];
  }
  const call = (who: Caller, method: string, url: string, payload?: unknown) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: {
        origin,
        ...(cookies[who as Exclude<Caller, 'nobody'>] && {
          cookie: cookies[who as Exclude<Caller, 'nobody'>],
        }),
      },
      ...(payload !== undefined && { payload: payload as object }),
    });
  return { ...t, call, cookies, admin, owner, viewer };
}

async function seedAnswer(t: TestApp, answer: Record<string, unknown> = {}) {
  const id = uuidv7(t.clock.current.getTime());
  const response = await t.post({
    id,
    satisfaction: 'good',
    comment: 'Démarche rapide',
    ...answer,
  });
  expect(response.statusCode).toBe(201);
  return id;
}

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    describe('private API: who may do what', () => {
      it('matches the role matrix on every route: 2xx allowed, 403 not allowed, 401 nobody', async () => {
        const t = await withAccounts(await database.env());
        const key = t.procedure.key;
        const all: Caller[] = ['admin', 'owner', 'viewer', 'stranger', 'nobody'];
        const routes: [string, string, Caller[], (() => Promise<unknown>)?][] = [
          ['GET', '/api/v1/me', ['admin', 'owner', 'viewer', 'stranger']],
          ['GET', '/api/v1/procedures', ['admin', 'owner', 'viewer', 'stranger']],
          ['GET', `/api/v1/procedures/${key}`, ['admin', 'owner', 'viewer']],
          ['GET', `/api/v1/procedures/${key}/stats`, ['admin', 'owner', 'viewer']],
          ['GET', `/api/v1/procedures/${key}/feedback`, ['admin', 'owner', 'viewer']],
          ['GET', `/api/v1/procedures/${key}/export.csv`, ['admin', 'owner']],
          ['GET', `/api/v1/procedures/${key}/export.xlsx`, ['admin', 'owner']],
          ['PATCH', `/api/v1/procedures/${key}`, ['admin', 'owner']],
          ['DELETE', `/api/v1/procedures/${key}/feedback/ID`, ['admin', 'owner']],
          ['POST', '/api/v1/procedures', ['admin']],
          ['GET', '/api/v1/users', ['admin']],
          ['GET', '/api/v1/api-keys', ['admin']],
          ['GET', '/api/v1/audit-log', ['admin']],
        ];
        for (const [method, url, allowedCallers] of routes) {
          for (const who of all) {
            const target = url.replace('ID', await seedAnswer(t));
            const body =
              method === 'PATCH'
                ? { name: 'Passeport' }
                : method === 'POST'
                  ? { name: 'Nouvelle', allowedOrigins: [] }
                  : undefined;
            const response = await t.call(who, method, target, body);
            // A stranger belongs to no organisation: its procedures do not exist for them.
            const expected = allowedCallers.includes(who)
              ? 'allowed'
              : who === 'nobody'
                ? 401
                : who === 'stranger' && url.includes(key)
                  ? 404
                  : 403;
            const got = response.statusCode < 300 ? 'allowed' : response.statusCode;
            expect(got, `${who} ${method} ${url}: ${response.body.slice(0, 200)}`).toBe(expected);
          }
        }
        // Only lists what each may see.
        const seen = async (who: Caller) =>
          (await t.call(who, 'GET', '/api/v1/procedures'))
            .json()
            .map((p: { key: string }) => p.key);
        expect(await seen('stranger')).toEqual([]);
        expect(await seen('viewer')).toEqual([key]);
      });

      it('refuses a change carried by the cookie from another origin (CSRF)', async () => {
        const t = await withAccounts(await database.env());
        const response = await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/procedures/${t.procedure.key}`,
          headers: { cookie: t.cookies.owner, origin: 'https://evil.example.com' },
          payload: { name: 'Piraté' },
        });
        expect(response.statusCode).toBe(403);
        const noOrigin = await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/procedures/${t.procedure.key}`,
          headers: { cookie: t.cookies.owner },
          payload: { name: 'Piraté' },
        });
        expect(noOrigin.statusCode).toBe(403);
        expect((await t.store.findProcedure(t.procedure.key))?.name).toBe('Demande de passeport');
      });

      it('ends a session after its idle time, and at logout', async () => {
        const t = await withAccounts(await database.env());
        expect((await t.call('owner', 'GET', '/api/v1/me')).statusCode).toBe(200);
        t.clock.advance(sessionIdleMs + 1000);
        expect((await t.call('owner', 'GET', '/api/v1/me')).statusCode).toBe(401);

        expect((await t.call('viewer', 'GET', '/api/v1/me')).statusCode).toBe(401); // idle too
        const login = await t.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { origin },
          payload: { email: 'viewer@example.gouv.fr', password },
        });
        const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
        const headers = { cookie, origin };
        expect(
          (await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers })).statusCode,
        ).toBe(204);
        expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(
          401,
        );
      });

      it('ends a session 7 days after login however busy it is', async () => {
        const t = await withAccounts(await database.env());
        for (let hours = 0; hours < 7 * 24; hours += 3) {
          t.clock.advance(3 * 60 * 60 * 1000);
          const status = (await t.call('admin', 'GET', '/api/v1/me')).statusCode;
          expect(status).toBe(hours + 3 <= 7 * 24 ? 200 : 401);
        }
        t.clock.advance(3 * 60 * 60 * 1000);
        expect((await t.call('admin', 'GET', '/api/v1/me')).statusCode).toBe(401);
      });

      it('refuses a wrong password with the same answer as an unknown e-mail', async () => {
        const t = await withAccounts(await database.env());
        const attempt = (email: string) =>
          t.app.inject({
            method: 'POST',
            url: '/api/v1/session',
            payload: { email, password: 'pas le bon mot de passe' },
          });
        const wrong = await attempt('owner@example.gouv.fr');
        const unknown = await attempt('personne@example.gouv.fr');
        expect(wrong.statusCode).toBe(401);
        expect(wrong.json()).toEqual(unknown.json());
      });

      it('API keys: shown once, act with their account’s roles, stop working once revoked', async () => {
        const t = await withAccounts(await database.env());
        const created = await t.call('admin', 'POST', '/api/v1/api-keys', {
          name: 'tableau de bord régional',
          userId: t.viewer.id,
        });
        expect(created.statusCode).toBe(201);
        const { key, id } = created.json();
        expect(key).toMatch(/^avis_/);
        expect(
          JSON.stringify((await t.call('admin', 'GET', '/api/v1/api-keys')).json()),
        ).not.toContain(key);
        const bearer = (url: string, method = 'GET') =>
          t.app.inject({
            method: method as 'GET',
            url,
            headers: { authorization: `Bearer ${key}` },
          });
        expect((await bearer(`/api/v1/procedures/${t.procedure.key}/stats`)).statusCode).toBe(200);
        expect((await bearer(`/api/v1/procedures/${t.procedure.key}/export.csv`)).statusCode).toBe(
          403,
        ); // a viewer's key
        expect((await t.call('admin', 'DELETE', `/api/v1/api-keys/${id}`)).statusCode).toBe(204);
        expect((await bearer(`/api/v1/procedures/${t.procedure.key}/stats`)).statusCode).toBe(401);
      });

      it('the first admin account is created once, with the setup link’s token only', async () => {
        const config = testConfig(await database.env());
        const store = await openStore(config);
        const app = await buildApp({
          config,
          store,
          widgetDir,
          setupToken: 'token-from-the-start-log',
        });
        const setup = (token: string, email: string) =>
          app.inject({ method: 'POST', url: '/api/v1/setup', payload: { token, email, password } });
        expect((await setup('wrong', 'a@example.gouv.fr')).statusCode).toBe(403);
        const first = await setup('token-from-the-start-log', 'a@example.gouv.fr');
        expect(first.statusCode).toBe(201);
        expect(first.json()).toMatchObject({ email: 'a@example.gouv.fr', isAdmin: true });
        expect(String(first.headers['set-cookie'])).toContain('__Host-session=');
        expect((await setup('token-from-the-start-log', 'b@example.gouv.fr')).statusCode).toBe(409);
        expect(await store.countUsers()).toBe(1);
        await app.close();
        await store.close();
      });

      it('the first account may name the default organisation, with an audit entry', async () => {
        const config = testConfig(await database.env());
        const store = await openStore(config);
        const app = await buildApp({ config, store, widgetDir, setupToken: 'start-token' });
        const first = await app.inject({
          method: 'POST',
          url: '/api/v1/setup',
          payload: {
            token: 'start-token',
            email: 'a@example.gouv.fr',
            password,
            organisationName: 'Préfecture de l’Ain',
          },
        });
        expect(first.statusCode).toBe(201);
        const [organisation] = await store.listOrganisations();
        expect(organisation?.name).toBe('Préfecture de l’Ain');
        expect(await store.listAudit(10)).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ action: 'organisation.update', actor: 'a@example.gouv.fr' }),
          ]),
        );
        await app.close();
        await store.close();
      });
    });

    describe('accounts', () => {
      it('a user created with an unknown procedure leaves no account and no audit entry', async () => {
        const t = await withAccounts(await database.env());
        const before = (await t.call('admin', 'GET', '/api/v1/audit-log')).json();
        const response = await t.call('admin', 'POST', '/api/v1/users', {
          email: 'nouveau@example.gouv.fr',
          password,
          roles: { [t.procedure.key]: 'viewer', inconnue0: 'owner' },
        });
        expect(response.statusCode).toBe(404);
        expect(await t.store.findUserByEmail('nouveau@example.gouv.fr')).toBeUndefined();
        expect((await t.call('admin', 'GET', '/api/v1/audit-log')).json()).toEqual(before);

        const created = await t.call('admin', 'POST', '/api/v1/users', {
          email: 'nouveau@example.gouv.fr',
          password,
          roles: { [t.procedure.key]: 'viewer' },
        });
        expect(created.statusCode).toBe(201);
        const [entry] = (await t.call('admin', 'GET', '/api/v1/audit-log')).json();
        expect(entry).toMatchObject({
          actor: 'admin@example.gouv.fr',
          action: 'user.create',
          // Named by e-mail: the entry still says whom it was about once the account is gone.
          target: 'nouveau@example.gouv.fr',
          details: { id: created.json().id, isAdmin: false },
        });
      });

      it('names the person a change is about by e-mail, which still says whom once the account is deleted', async () => {
        const t = await withAccounts(await database.env());
        const viewer = await t.store.findUserByEmail('viewer@example.gouv.fr');
        const path = `/api/v1/users/${viewer?.id}`;
        const given = await t.call('admin', 'PUT', `${path}/roles/${t.procedure.key}`, {
          role: 'owner',
        });
        expect(given.statusCode).toBe(200);
        expect((await t.call('admin', 'DELETE', path)).statusCode).toBe(204);
        const log = (await t.call('admin', 'GET', '/api/v1/audit-log')).json();
        expect(log.slice(0, 2)).toMatchObject([
          { action: 'user.delete', target: 'viewer@example.gouv.fr' },
          {
            action: 'user.role',
            target: 'viewer@example.gouv.fr',
            details: { procedure: t.procedure.key, role: 'owner' },
          },
        ]);
        // The account gone, a change about it is a 404 that writes nothing.
        expect((await t.call('admin', 'DELETE', path)).statusCode).toBe(404);
        expect((await t.call('admin', 'GET', '/api/v1/audit-log')).json()).toEqual(log);
      });
    });

    describe('audit log', () => {
      it('pages back with before, filters by action, and refuses an action it does not know', async () => {
        const t = await withAccounts(await database.env());
        // Four sign-ins were logged by withAccounts; one refusal more.
        const wrong = await t.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { origin },
          payload: { email: 'owner@example.gouv.fr', password: 'pas le bon mot de passe du tout' },
        });
        expect(wrong.statusCode).toBe(401);
        const read = async (query: string) => {
          const response = await t.call('admin', 'GET', `/api/v1/audit-log?${query}`);
          expect(response.statusCode).toBe(200);
          return response.json() as { id: number; action: string; target: string }[];
        };
        const first = await read('limit=2');
        expect(first.map((e) => e.action)).toEqual(['sign-in.refused', 'sign-in']);
        const next = await read(`limit=2&before=${first[1]?.id}`);
        expect(next.map((e) => e.target)).toEqual([
          'viewer@example.gouv.fr',
          'owner@example.gouv.fr',
        ]);
        expect((await read('action=sign-in')).map((e) => e.target)).toEqual([
          'stranger@example.gouv.fr',
          'viewer@example.gouv.fr',
          'owner@example.gouv.fr',
          'admin@example.gouv.fr',
        ]);
        const unknown = await t.call('admin', 'GET', '/api/v1/audit-log?action=tout');
        expect(unknown.statusCode).toBe(400);
        expect(unknown.headers['content-type']).toContain('application/problem+json');
      });
    });

    describe('moderation', () => {
      it('deleting an answer removes its counts from the stats and is written in the audit log', async () => {
        const t = await withAccounts(await database.env());
        const id = await seedAnswer(t, { satisfaction: 'bad', comment: 'Insultes' });
        await seedAnswer(t, { satisfaction: 'good' });
        const stats = async () =>
          (
            await t.call(
              'owner',
              'GET',
              `/api/v1/procedures/${t.procedure.key}/stats?from=2026-03-01&to=2026-03-31`,
            )
          ).json();
        expect((await stats()).indicators.answers).toBe(2);
        expect(
          (await t.call('owner', 'DELETE', `/api/v1/procedures/${t.procedure.key}/feedback/${id}`))
            .statusCode,
        ).toBe(204);
        const after = await stats();
        expect(after.indicators.answers).toBe(1);
        expect(after.distribution.satisfaction).toEqual({ bad: 0, medium: 0, good: 1 });
        const log = (await t.call('admin', 'GET', '/api/v1/audit-log')).json();
        expect(log[0]).toMatchObject({
          actor: 'owner@example.gouv.fr',
          action: 'answer.delete',
          target: `${t.procedure.key}/${id}`,
        });
      });
    });
  });
});
