import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.ts';
import { openStore } from '../../server/src/store/open-store.ts';
import {
  proConnectOnly,
  startTestApp,
  testDatabases,
  testPasswordHash,
  widgetDir,
} from '../helpers.ts';

const origin = 'https://avis.example.gouv.fr';
const password = 'une phrase de passe assez longue';
const day = 24 * 60 * 60 * 1000;

/** Two organisations, an agent of both, an administrator of the first, and a platform admin. */
async function withPeople(database: Record<string, string>, env: Record<string, string> = {}) {
  const t = await startTestApp({ ...database, PUBLIC_URL: origin, ...env });
  const passwordHash = await testPasswordHash(password);
  const interieur = await t.store.createOrganisation({ name: 'Intérieur', domains: [] });
  const culture = await t.store.createOrganisation({ name: 'Culture', domains: [] });
  const account = async (email: string, isAdmin = false, hash = passwordHash) => {
    const user = await t.store.createUser({ email, passwordHash: hash, isAdmin });
    if (!user) throw new Error('duplicate');
    return user;
  };
  const agent = await account('agent@interieur.gouv.fr');
  await t.store.setMembership(agent.id, interieur.id, 'member');
  await t.store.setMembership(agent.id, culture.id, 'member');
  const chief = await account('cheffe@interieur.gouv.fr');
  await t.store.setMembership(chief.id, interieur.id, 'admin');
  await account('plateforme@numerique.gouv.fr', true);
  // Made by an approved access request: ProConnect only, no password.
  const proConnectOnly = await account('pc@interieur.gouv.fr', false, '');
  await t.store.setMembership(proConnectOnly.id, interieur.id, 'member');
  const signIn = (email: string, secret = password) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { origin },
      payload: { email, password: secret },
    });
  const cookieOf = async (email: string) =>
    String(String((await signIn(email)).headers['set-cookie']).split(';')[0]);
  const logOf = async (organisationId: number) =>
    (await t.store.listOrganisationAudit(organisationId, 50)).map(
      ({ action, details, target }) => ({
        action,
        target,
        details,
      }),
    );
  return { ...t, interieur, culture, signIn, cookieOf, logOf };
}

describe.each(testDatabases)('sign-ins and API key use in the audit log, on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it("password sign-ins and refusals land in the logs of the person's organisations, with their reason", async () => {
      const t = await withPeople(await database.env());
      expect((await t.signIn('agent@interieur.gouv.fr')).statusCode).toBe(200);
      expect(
        (await t.signIn('agent@interieur.gouv.fr', 'pas le bon mot de passe')).statusCode,
      ).toBe(401);
      expect((await t.signIn('personne@interieur.gouv.fr')).statusCode).toBe(401);
      // Even the decoy's own password opens no ProConnect-only account.
      expect((await t.signIn('pc@interieur.gouv.fr', 'not a password of anyone')).statusCode).toBe(
        401,
      );

      const agent = 'agent@interieur.gouv.fr';
      const signedIn = { action: 'sign-in', target: agent, details: { method: 'password' } };
      const wrong = {
        action: 'sign-in.refused',
        target: agent,
        details: { method: 'password', reason: 'wrong-password' },
      };
      const noPassword = {
        action: 'sign-in.refused',
        target: 'pc@interieur.gouv.fr',
        details: { method: 'password', reason: 'no-password' },
      };
      // Each organisation of the agent reads both; only Intérieur has the ProConnect-only one.
      expect(await t.logOf(t.interieur.id)).toEqual([noPassword, wrong, signedIn]);
      expect(await t.logOf(t.culture.id)).toEqual([wrong, signedIn]);
      // An unknown e-mail belongs to no organisation: the platform log only.
      const platform = await t.store.listAudit(50);
      expect(platform.filter((e) => e.organisationId === undefined)).toMatchObject([
        {
          action: 'sign-in.refused',
          actor: 'anonymous',
          target: 'personne@interieur.gouv.fr',
          details: { method: 'password', reason: 'unknown-e-mail' },
        },
      ]);
      // Organisation administrators read it through the API.
      const chief = await t.cookieOf('cheffe@interieur.gouv.fr');
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/v1/organisations/${t.interieur.id}/audit-log`,
        headers: { cookie: chief },
      });
      expect(read.json()).toEqual(
        expect.arrayContaining([expect.objectContaining({ ...wrong, actor: 'anonymous' })]),
      );
      // The refusals alone, a page of one at a time back to the first.
      const refusals = async (before?: number) =>
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/organisations/${t.interieur.id}/audit-log?action=sign-in.refused&limit=1${before ? `&before=${before}` : ''}`,
            headers: { cookie: chief },
          })
        ).json() as { id: number; target: string }[];
      const [newest] = await refusals();
      const [older] = await refusals(newest?.id);
      expect([newest?.target, older?.target]).toEqual([noPassword.target, wrong.target]);
      expect(await refusals(older?.id)).toEqual([]);
    });

    it('with PASSWORD_LOGIN=false, a password sign-in is refused and logged as such', async () => {
      const t = await withPeople(await database.env(), proConnectOnly);
      expect((await t.signIn('agent@interieur.gouv.fr')).statusCode).toBe(403);
      expect((await t.store.listAudit(5)).map((e) => [e.action, e.details])).toEqual([
        ['sign-in.refused', { method: 'password', reason: 'password-login-off' }],
      ]);
    });

    it("an organisation key's use is written once a day in its log and shown in the keys lists", async () => {
      const t = await withPeople(await database.env());
      const chief = await t.cookieOf('cheffe@interieur.gouv.fr');
      const keys = `/api/v1/organisations/${t.interieur.id}/api-keys`;
      const made = await t.app.inject({
        method: 'POST',
        url: keys,
        headers: { origin, cookie: chief },
        payload: { name: 'Export nocturne' },
      });
      expect(made.statusCode).toBe(201);
      const { id, key, lastUsedOn } = made.json();
      expect(lastUsedOn).toBeNull();
      const call = (app = t.app) =>
        app.inject({
          method: 'GET',
          url: '/api/v1/procedures',
          headers: { authorization: `Bearer ${key}` },
        });
      const uses = async () =>
        (await t.logOf(t.interieur.id)).filter((e) => e.action === 'api-key.use');

      for (let i = 0; i < 3; i++) expect((await call()).statusCode).toBe(200);
      // 10:00 UTC is 11:00 in Paris (TZ_REPORT), 10 March.
      expect(await uses()).toEqual([
        {
          action: 'api-key.use',
          target: `api-key:${id}`,
          details: { name: 'Export nocturne', day: '2026-03-10' },
        },
      ]);
      const listed = await t.app.inject({ method: 'GET', url: keys, headers: { cookie: chief } });
      expect(listed.json()).toMatchObject([{ id, lastUsedOn: '2026-03-10' }]);
      const admin = await t.cookieOf('plateforme@numerique.gouv.fr');
      const all = await t.app.inject({
        method: 'GET',
        url: '/api/v1/api-keys',
        headers: { cookie: admin },
      });
      expect(all.json()).toMatchObject([{ id, lastUsedOn: '2026-03-10' }]);
      // Culture's administrators learn nothing of it.
      expect(await t.logOf(t.culture.id)).not.toContainEqual(
        expect.objectContaining({ action: 'api-key.use' }),
      );

      // 23:30 in Paris is still the 10th; 00:30 is the 11th.
      t.clock.advance(12 * 60 * 60 * 1000 + 30 * 60 * 1000);
      await call();
      expect(await uses()).toHaveLength(1);
      t.clock.advance(60 * 60 * 1000);
      await call();
      expect((await uses()).map((e) => e.details.day)).toEqual(['2026-03-11', '2026-03-10']);

      // A revoked key is refused, and its refusals write nothing.
      const revoked = await t.app.inject({
        method: 'DELETE',
        url: `${keys}/${id}`,
        headers: { origin, cookie: await t.cookieOf('cheffe@interieur.gouv.fr') },
      });
      expect(revoked.statusCode).toBe(204);
      t.clock.advance(day);
      expect((await call()).statusCode).toBe(401);
      expect(await uses()).toHaveLength(2);
    });

    it('two nodes on one database write the first use of the day once', async () => {
      const t = await withPeople(await database.env());
      const chief = await t.cookieOf('cheffe@interieur.gouv.fr');
      const { key } = (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/organisations/${t.interieur.id}/api-keys`,
          headers: { origin, cookie: chief },
          payload: { name: 'Tableau de bord ministériel' },
        })
      ).json();
      const otherStore = await openStore(t.config);
      const other = await buildApp({
        config: t.config,
        store: otherStore,
        now: t.clock.now,
        widgetDir,
      });
      try {
        const answers = await Promise.all(
          [t.app, other, t.app, other, t.app, other].map((app) =>
            app.inject({
              method: 'GET',
              url: '/api/v1/procedures',
              headers: { authorization: `Bearer ${key}` },
            }),
          ),
        );
        expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
        expect(
          (await t.logOf(t.interieur.id)).filter((e) => e.action === 'api-key.use'),
        ).toHaveLength(1);
      } finally {
        await other.close();
        await otherStore.close();
      }
    });
  });
});
