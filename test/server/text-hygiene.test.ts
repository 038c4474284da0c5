import { describe, expect, it } from 'vitest';
import { newSecret, secretHash } from '../../server/src/auth/secrets.ts';
import { startTestApp, type TestApp, testAuditEntry, testDatabases, uuidv7 } from '../helpers.ts';

/** U+202E, RIGHT-TO-LEFT OVERRIDE: «txt.exe» shows as «exe.txt». */
const rlo = '\u202e';

/** The platform administrator, calling with an API key as a script does. */
async function asAdmin(t: TestApp) {
  const user = await t.store.createUser({
    email: 'admin@example.gouv.fr',
    passwordHash: 'x',
    isAdmin: true,
  });
  const secret = newSecret();
  await t.store.createApiKey({
    userId: user?.id as number,
    name: 't',
    keyHash: secretHash(secret),
  });
  return (method: string, url: string, payload?: unknown) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${secret}` },
      ...(payload !== undefined && { payload: payload as object }),
    });
}

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('an improvement’s link with a user and password before the host is refused', async () => {
      const t = await startTestApp(await database.env());
      const as = await asAdmin(t);
      const response = await as('POST', `/api/v1/procedures/${t.procedure.key}/improvements`, {
        date: '2026-02-01',
        title: 'Un formulaire plus court',
        text: 'Deux questions de moins.',
        link: 'https://passeport.example.gouv.fr:motdepasse@evil.example/',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([
        expect.objectContaining({ path: 'link', message: expect.stringMatching(/password/) }),
      ]);
    });

    it('an improvement’s link to a host in Cyrillic letters is kept and shown in its ASCII form', async () => {
      const t = await startTestApp(await database.env());
      const as = await asAdmin(t);
      // «раssеport»: its «р», «а» and «е» are Cyrillic.
      const link = 'https://\u0440\u0430ss\u0435port.example.fr/nouveautes';
      const created = await as('POST', `/api/v1/procedures/${t.procedure.key}/improvements`, {
        date: '2026-02-01',
        title: 'Un formulaire plus court',
        text: 'Deux questions de moins.',
        link,
      });
      expect(created.statusCode).toBe(201);
      const stored = created.json().link as string;
      expect(stored).toMatch(/^https:\/\/xn--[a-z0-9-]+\.example\.fr\/nouveautes$/);
      expect(new URL(stored).hostname).toBe(new URL(link).hostname);
      const changed = await as(
        'PATCH',
        `/api/v1/procedures/${t.procedure.key}/improvements/${created.json().id}`,
        { link },
      );
      expect(changed.json().link).toBe(stored);
    });

    it('links stored before the rule are shown on the public page only when safe, in ASCII', async () => {
      const t = await startTestApp(await database.env());
      const as = await asAdmin(t);
      const store = (title: string, link: string) =>
        t.store.createImprovement(
          t.procedure.key,
          { date: '2026-02-01', title, text: 'x', link },
          () => testAuditEntry('improvement.create'),
        );
      await store('Avec mot de passe', 'https://passeport.example.gouv.fr@evil.example/');
      await store('En cyrillique', 'https://\u0440\u0430ssport.example.fr/');
      await as('PATCH', `/api/v1/procedures/${t.procedure.key}`, { public: true });
      const page = (await t.app.inject({ url: `/resultats/${t.procedure.key}` })).body;
      expect(page).toContain('En cyrillique');
      expect(page).not.toContain('evil.example');
      expect(page).toMatch(/href="https:\/\/xn--[a-z0-9-]+\.example\.fr\/"/);
    });

    it('an improvement’s title holding NUL is refused; an override in its text is taken out', async () => {
      const t = await startTestApp(await database.env());
      const as = await asAdmin(t);
      const path = `/api/v1/procedures/${t.procedure.key}/improvements`;
      const withNul = await as('POST', path, {
        date: '2026-02-01',
        title: 'Un formulaire\u0000 plus court',
        text: 'Deux questions de moins.',
      });
      expect(withNul.statusCode).toBe(400);
      expect(withNul.json().errors[0]).toMatchObject({ path: 'title' });
      const withOverride = await as('POST', path, {
        date: '2026-02-01',
        title: `Pièce jointe ${rlo}fdp.exe`,
        text: `Lignes\r\nséparées ${rlo}ici`,
      });
      expect(withOverride.statusCode).toBe(201);
      const listed = (await as('GET', path)).json()[0];
      expect(listed).toMatchObject({
        title: 'Pièce jointe fdp.exe',
        text: 'Lignes\nséparées ici',
      });
    });

    it('a procedure’s name holding NUL is refused; an override in it is taken out', async () => {
      const t = await startTestApp(await database.env());
      const as = await asAdmin(t);
      const withNul = await as('POST', '/api/v1/procedures', {
        name: 'Carte\u0000 grise',
        allowedOrigins: [],
      });
      expect(withNul.statusCode).toBe(400);
      const created = await as('POST', '/api/v1/procedures', {
        name: `Carte grise ${rlo}fdp.exe`,
        allowedOrigins: [],
      });
      expect(created.statusCode).toBe(201);
      expect(created.json().name).toBe('Carte grise fdp.exe');
      const renamed = await as('PATCH', `/api/v1/procedures/${created.json().key}`, {
        name: `Carte${rlo} grise`,
      });
      expect(renamed.json().name).toBe('Carte grise');
      expect(
        (await as('PATCH', `/api/v1/procedures/${created.json().key}`, { name: 'a\u0000' }))
          .statusCode,
      ).toBe(400);
    });

    it('a theme’s name or keyword holding NUL is refused; overrides are taken out', async () => {
      const t = await startTestApp(await database.env());
      const as = await asAdmin(t);
      const path = `/api/v1/procedures/${t.procedure.key}/themes`;
      expect(
        (await as('POST', path, { name: 'Délais\u0000', keywords: ['délai'] })).statusCode,
      ).toBe(400);
      expect(
        (await as('POST', path, { name: 'Délais', keywords: ['dé\u0000lai'] })).statusCode,
      ).toBe(400);
      // «é» as e + U+0301: stored as the one letter (NFC).
      const created = await as('POST', path, {
        name: `D${rlo}élais`,
        keywords: [`de\u0301lai${rlo}`],
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ name: 'Délais', keywords: ['délai'] });
    });

    it('a citizen’s comment keeps its words, without NUL or override, from the API', async () => {
      const t = await startTestApp(await database.env());
      const as = await asAdmin(t);
      const posted = await t.post({
        id: uuidv7(),
        satisfaction: 'bad',
        help: ['other'],
        helpOther: `Un ami\u0000 ${rlo}notaire`,
        comment: `Le site\u0000 plante ${rlo}toujours\r\nà la fin`,
      });
      expect(posted.statusCode).toBeLessThan(300);
      const page = (await as('GET', `/api/v1/procedures/${t.procedure.key}/feedback`)).json();
      expect(page.items).toEqual([
        expect.objectContaining({
          helpOther: 'Un ami notaire',
          comment: 'Le site plante toujours\nà la fin',
        }),
      ]);
    });

    it('a citizen’s comment keeps its words, without NUL or override, from the hosted page', async () => {
      const t = await startTestApp(await database.env());
      const as = await asAdmin(t);
      const form = new URLSearchParams({
        satisfaction: 'good',
        comment: `Rapide\u0000 et ${rlo}clair`,
      });
      const response = await t.app.inject({
        method: 'POST',
        url: `/p/${t.procedure.key}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form.toString(),
      });
      expect(response.statusCode).toBe(303);
      const page = (await as('GET', `/api/v1/procedures/${t.procedure.key}/feedback`)).json();
      expect(page.items.map((a: { comment?: string }) => a.comment)).toEqual(['Rapide et clair']);
    });

    it('an organisation’s or an API key’s name holding NUL is refused', async () => {
      const t = await startTestApp(await database.env());
      const as = await asAdmin(t);
      expect(
        (await as('POST', '/api/v1/organisations', { name: 'Intérieur\u0000' })).statusCode,
      ).toBe(400);
      const organisation = await as('POST', '/api/v1/organisations', { name: `Int${rlo}érieur` });
      expect(organisation.json().name).toBe('Intérieur');
      expect((await as('POST', '/api/v1/api-keys', { name: 'export\u0000' })).statusCode).toBe(400);
    });
  });
});
