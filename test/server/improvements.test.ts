import { describe, expect, it } from 'vitest';
import { newSecret, secretHash } from '../../server/src/auth/secrets.ts';
import { startTestApp, type TestApp, testDatabases } from '../helpers.ts';

/** The test procedure's owner, calling with an API key as a script does. */
async function asOwner(t: TestApp) {
  const user = await t.store.createUser({
    email: 'owner@example.gouv.fr',
    passwordHash: 'x',
    isAdmin: false,
  });
  await t.store.setRole(user?.id as number, t.procedure.key, 'owner');
  const secret = newSecret();
  await t.store.createApiKey({
    userId: user?.id as number,
    name: 't',
    keyHash: secretHash(secret),
  });
  return (method: string, path: string, payload?: unknown) =>
    t.app.inject({
      method: method as 'GET',
      url: `/api/v1/procedures/${t.procedure.key}${path}`,
      headers: { authorization: `Bearer ${secret}` },
      ...(payload !== undefined && { payload: payload as object }),
    });
}

describe.each(testDatabases)('«Vous avez dit, nous avons fait» on $name', (database) => {
  it.skipIf(!database.available)(
    'an owner writes, lists newest first, changes and removes improvements, each one audited',
    async () => {
      const t = await startTestApp(await database.env());
      const as = await asOwner(t);
      const older = await as('POST', '/improvements', {
        date: '2026-01-15',
        title: 'Un justificatif de moins',
        text: 'Vous trouviez la liste longue : le justificatif de domicile n’est plus demandé.',
      });
      expect(older.statusCode).toBe(201);
      const newer = await as('POST', '/improvements', {
        date: '2026-02-20',
        title: 'Des mots plus simples',
        text: 'La page d’accueil a été réécrite.',
        link: 'https://passeport.example.gouv.fr/nouveautes',
      });
      expect(newer.json()).toMatchObject({ link: 'https://passeport.example.gouv.fr/nouveautes' });
      const list = (await as('GET', '/improvements')).json();
      expect(list.map((i: { title: string }) => i.title)).toEqual([
        'Des mots plus simples',
        'Un justificatif de moins',
      ]);

      const changed = await as('PATCH', `/improvements/${newer.json().id}`, {
        title: 'Des mots plus clairs',
        link: null,
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ title: 'Des mots plus clairs', link: null });
      expect((await as('DELETE', `/improvements/${older.json().id}`)).statusCode).toBe(204);
      expect((await as('DELETE', `/improvements/${older.json().id}`)).statusCode).toBe(404);
      expect((await as('GET', '/improvements')).json()).toHaveLength(1);

      // The key's first use of the day is on record too, and not the point here.
      const actions = (await t.store.listAudit(10))
        .map((e) => e.action)
        .filter((action) => action !== 'api-key.use');
      expect(actions).toEqual([
        'improvement.delete',
        'improvement.update',
        'improvement.create',
        'improvement.create',
      ]);
    },
  );

  it.skipIf(!database.available)(
    'HTML, javascript: links and oversized texts are refused and store nothing',
    async () => {
      const t = await startTestApp(await database.env());
      const as = await asOwner(t);
      const base = { date: '2026-02-20', title: 'Titre', text: 'Texte' };
      for (const [body, path] of [
        [{ ...base, text: '<script>alert(1)</script>' }, 'text'],
        [{ ...base, title: '<img src=x onerror=alert(1)>' }, 'title'],
        [{ ...base, link: 'javascript:alert(1)' }, 'link'],
        [{ ...base, link: 'data:text/html,<b>x</b>' }, 'link'],
        [{ ...base, title: 'x'.repeat(121) }, 'title'],
        [{ ...base, text: 'x'.repeat(2001) }, 'text'],
        [{ ...base, date: '2026-02-30' }, 'date'],
      ] as const) {
        const response = await as('POST', '/improvements', body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json().errors[0].path).toBe(path);
      }
      const huge = await as('POST', '/improvements', { ...base, text: 'x'.repeat(100_000) });
      expect(huge.statusCode).toBe(413);
      expect((await as('GET', '/improvements')).json()).toEqual([]);
      expect((await t.store.listAudit(10)).filter((e) => e.action !== 'api-key.use')).toEqual([]);
    },
  );

  it.skipIf(!database.available)(
    'publishing is off by default, switched by PATCH, and audited',
    async () => {
      const t = await startTestApp(await database.env());
      const as = await asOwner(t);
      expect((await as('GET', '')).json().public).toBe(false);
      const published = await as('PATCH', '', { public: true });
      expect(published.json().public).toBe(true);
      expect((await t.store.findProcedure(t.procedure.key))?.public).toBe(true);
      const [entry] = await t.store.listAudit(1);
      expect(entry).toMatchObject({ action: 'procedure.update', details: { public: true } });
    },
  );
});
