import { randomUUID } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { indicatorLabels } from '../../common/indicator-labels.ts';
import { buildApp } from '../../server/src/app.ts';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import { resultsLabels } from '../../server/src/features/transparency/results-labels.ts';
import { adminApiKey } from '../fixtures/admin-api-key.ts';
import { checkHtml, javaAvailable } from '../fixtures/html-validator.ts';
import {
  jsonAsTable,
  parseRfc4180,
  type TableSchema,
  validateTable,
} from '../fixtures/open-data-validators.ts';
import { startTestApp, testAuditEntry, testConfig, testDatabases, widgetDir } from '../helpers.ts';

/** The test app with an administrator's key, answers written straight to the store. */
async function withResults(env: Record<string, string> = {}) {
  const t = await startTestApp(env);
  const key = await adminApiKey(t.store);
  const api = (method: string, url: string, payload?: unknown) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${key}` },
      ...(payload !== undefined && { payload: payload as object }),
    });
  const publish = async (procedureKey: string, on: boolean) =>
    expect(
      (await api('PATCH', `/api/v1/procedures/${procedureKey}`, { public: on })).statusCode,
    ).toBe(200);
  const answer = (day: string, given: Answer, procedureKey = t.procedure.key) => ({
    id: randomUUID(),
    procedureKey,
    answer: given,
    receivedAt: new Date(`${day}T10:00:00Z`),
    day,
  });
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });
  return { ...t, api, publish, answer, get };
}

/** A month of varied answers: every indicator has a value. */
async function seedVaried(t: Awaited<ReturnType<typeof withResults>>, days: string[], n = 12) {
  const levels = ['good', 'good', 'medium', 'bad'] as const;
  const batch = days.flatMap((day, d) =>
    Array.from({ length: n }, (_, i) =>
      t.answer(day, {
        satisfaction: levels[(i + d) % 4] as Answer['satisfaction'],
        clarity: ((i % 5) + 1) as Answer['clarity'],
        help: i % 3 === 0 ? ['none'] : ['phone'],
        ...(i % 3 !== 0 && {
          reached: { phone: i % 2 === 0 },
          ...(i % 2 === 0 && { helpQuality: { phone: ((i % 5) + 1) as 1 } }),
        }),
      } as Answer),
    ),
  );
  await t.store.saveSubmissions(batch);
}

const frenchNumber = (n: number) =>
  new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(n);

describe.each(testDatabases)('public results on $name', (database) => {
  it.skipIf(!database.available)(
    'results are public only once published, and vanish from every page and file, caches included, when switched off',
    async () => {
      const t = await withResults(await database.env());
      await seedVaried(t, ['2026-02-10']);
      const page = `/resultats/${t.procedure.key}`;
      const everywhere = async () =>
        Promise.all(
          ['/resultats', '/resultats/donnees.csv', '/resultats/donnees.json'].map(
            async (url) => (await t.get(url)).body,
          ),
        );
      expect((await t.get(page)).statusCode).toBe(404);
      for (const body of await everywhere()) expect(body).not.toContain(t.procedure.key);

      await t.publish(t.procedure.key, true);
      const shown = await t.get(page);
      expect(shown.statusCode).toBe(200);
      expect(shown.headers['cache-control']).toBe('public, max-age=300');
      const etag = String(shown.headers.etag);
      expect(etag).toMatch(/^"/);
      expect((await t.get(page, { 'if-none-match': etag })).statusCode).toBe(304);
      for (const body of await everywhere()) expect(body).toContain(t.procedure.key);

      await t.publish(t.procedure.key, false);
      const gone = await t.get(page, { 'if-none-match': etag });
      expect(gone.statusCode).toBe(404);
      expect(gone.headers.etag).toBeUndefined();
      expect(gone.headers['cache-control']).toBe('no-store');
      for (const body of await everywhere()) expect(body).not.toContain(t.procedure.key);
    },
  );

  it.skipIf(!database.available)(
    'the open data files are the same bytes in brotli, gzip or as they are, with one ETag, revalidated for nothing',
    async () => {
      const t = await withResults(await database.env());
      await seedVaried(t, ['2026-02-10', '2026-03-10']);
      await t.publish(t.procedure.key, true);
      for (const url of ['/resultats/donnees.csv', '/resultats/donnees.json']) {
        const plain = await t.get(url, { 'accept-encoding': 'identity' });
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(plain.body).toContain(t.procedure.key);
        const br = await t.get(url, { 'accept-encoding': 'br, gzip' });
        expect(br.headers['content-encoding']).toBe('br');
        expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
        const gzip = await t.get(url, { 'accept-encoding': 'gzip' });
        expect(gzip.headers['content-encoding']).toBe('gzip');
        expect(gunzipSync(gzip.rawPayload).toString()).toBe(plain.body);
        expect(String(br.headers.vary)).toContain('Accept-Encoding');
        expect(br.headers.etag).toBe(plain.headers.etag);
        expect(gzip.headers.etag).toBe(plain.headers.etag);
        const again = await t.get(url, {
          'accept-encoding': 'br',
          'if-none-match': String(plain.headers.etag),
        });
        expect(again.statusCode).toBe(304);
        expect(again.headers['content-encoding']).toBeUndefined();
      }
    },
  );

  it.skipIf(!database.available)(
    'the page and the open data show the figures the stats API gives for the same period',
    async () => {
      const t = await withResults({ ...(await database.env()), MIN_ANSWERS: '5' });
      await seedVaried(t, ['2026-01-20', '2026-02-03', '2026-02-17', '2026-03-02']);
      await t.publish(t.procedure.key, true);
      const period = 'from=2026-01-01&to=2026-03-10';
      const stats = (
        await t.api('GET', `/api/v1/procedures/${t.procedure.key}/stats?${period}&interval=month`)
      ).json();
      const html = (await t.get(`/resultats/${t.procedure.key}?${period}`)).body;
      for (const name of ['satisfaction', 'clarity', 'autonomy', 'reached', 'helpQuality']) {
        const indicator = stats.indicators[name];
        expect(indicator.insufficient).toBe(false);
        const value =
          indicator.unit === '%'
            ? `${frenchNumber(indicator.value)} %`
            : `${frenchNumber(indicator.value)} sur 10`;
        const tile = new RegExp(
          `<h3>${indicatorLabels.fr.names[name as 'clarity']}</h3>\\s*<p class="value">${value}</p>`,
        );
        expect(html, name).toMatch(tile);
        expect(html).toContain(`sur ${indicator.sample} `);
      }
      for (const point of stats.series) {
        expect(html).toContain(
          `<td>${point.answers}</td><td>${frenchNumber(point.satisfaction)}</td>`,
        );
      }

      const february = (
        await t.api(
          'GET',
          `/api/v1/procedures/${t.procedure.key}/stats?from=2026-02-01&to=2026-02-28`,
        )
      ).json().indicators;
      const rows = (await t.get('/resultats/donnees.json')).json().data;
      expect(rows.find((row: { month: string }) => row.month === '2026-02')).toMatchObject({
        procedure_key: t.procedure.key,
        answers: february.answers,
        satisfaction: february.satisfaction.value,
        satisfaction_sample: february.satisfaction.sample,
        clarity: february.clarity.value,
        autonomy: february.autonomy.value,
        reached: february.reached.value,
        help_quality: february.helpQuality.value,
        help_quality_sample: february.helpQuality.sample,
      });

      const list = (await t.get('/resultats')).body;
      const year = (
        await t.api(
          'GET',
          `/api/v1/procedures/${t.procedure.key}/stats?from=2025-04-01&to=2026-03-10`,
        )
      ).json().indicators.satisfaction;
      expect(list).toContain(`${frenchNumber(year.value)} sur 10`);
      // Its period said in days, as on a procedure's page: «12 mois» means the last 365 days in
      // the dashboard, and these are whole months but the current one.
      expect(list).toContain('Du 1 avril 2025 au 10 mars 2026');
      expect(list).not.toMatch(/12 (derniers )?mois/);
    },
  );

  it.skipIf(!database.available)(
    'each procedure names its organisation on the list, on its page and in the open data, and search finds it by that name',
    async () => {
      const t = await withResults({ ...(await database.env()), MIN_ANSWERS: '5' });
      const prefecture = await t.store.createOrganisation({
        name: 'Préfecture de l’Ain',
        domains: [],
      });
      const carteGrise = await t.store.createProcedure({
        name: 'Carte grise',
        allowedOrigins: [],
        organisationId: prefecture.id,
      });
      await seedVaried(t, ['2026-02-10']);
      await t.store.saveSubmissions([
        t.answer('2026-02-11', { satisfaction: 'good' }, carteGrise.key),
      ]);
      await t.publish(t.procedure.key, true);
      await t.publish(carteGrise.key, true);

      const card = (list: string, name: string) =>
        new RegExp(`>${name}</a></h2>\\s*<p class="publisher">([^<]*)</p>`).exec(list)?.[1];
      const list = (await t.get('/resultats')).body;
      expect(card(list, 'Carte grise')).toBe('Préfecture de l’Ain');
      // The default organisation, never named, is not named in public either (issue 29).
      expect(card(list, t.procedure.name)).toBeUndefined();
      expect(list).not.toContain('Organisation par défaut');
      expect((await t.get(`/resultats/${carteGrise.key}`)).body).toMatch(
        /<h1>Carte grise<\/h1>\s*<p class="publisher">Préfecture de l’Ain<\/p>/,
      );

      // Accents and case aside, as for a procedure's name.
      const found = (await t.get(`/resultats?q=${encodeURIComponent('prefecture de l')}`)).body;
      expect(card(found, 'Carte grise')).toBe('Préfecture de l’Ain');
      expect(found).not.toContain(t.procedure.name);

      const rows = (await t.get('/resultats/donnees.json')).json().data;
      expect(
        rows.map((row: { procedure_key: string; organisation: string }) => [
          row.procedure_key,
          row.organisation,
        ]),
      ).toEqual(
        expect.arrayContaining([
          [carteGrise.key, 'Préfecture de l’Ain'],
          [t.procedure.key, ''],
        ]),
      );
      const [header, ...records] = parseRfc4180((await t.get('/resultats/donnees.csv')).body);
      const column = header?.indexOf('organisation') ?? -1;
      expect(column).toBeGreaterThan(-1);
      expect(records.find((r) => r[0] === carteGrise.key)?.[column]).toBe('Préfecture de l’Ain');
    },
  );

  it.skipIf(!database.available)(
    'the default organisation is named by ORGANISATION_NAME at start, and a name given since is kept',
    async () => {
      const env = { ...(await database.env()), MIN_ANSWERS: '5' };
      const t = await withResults({ ...env, ORGANISATION_NAME: 'Ministère de l’Intérieur' });
      await seedVaried(t, ['2026-02-10']);
      await t.publish(t.procedure.key, true);
      expect((await t.get(`/resultats/${t.procedure.key}`)).body).toMatch(
        /<p class="publisher">Ministère de l’Intérieur<\/p>/,
      );
      const [organisation] = await t.store.listOrganisations();
      expect(organisation?.name).toBe('Ministère de l’Intérieur');
      // Renamed in the dashboard since: a restart with the variable still set leaves it.
      await t.store.updateOrganisation(organisation?.id as number, { name: 'DGEF' });
      const again = await buildApp({
        config: testConfig({ ...env, ORGANISATION_NAME: 'Ministère de l’Intérieur' }),
        store: t.store,
        widgetDir,
      });
      await again.close();
      expect((await t.store.listOrganisations())[0]?.name).toBe('DGEF');
    },
  );

  it.skipIf(!database.available)(
    'a figure resting on fewer than MIN_ANSWERS answers is never shown as a value, anywhere',
    async () => {
      const t = await withResults(await database.env());
      // 40 answers, all «Très bien»: 10 out of 10 on 40, under the default 100.
      await t.store.saveSubmissions(
        Array.from({ length: 40 }, () =>
          t.answer('2026-02-10', { satisfaction: 'good', clarity: 5 }),
        ),
      );
      await t.publish(t.procedure.key, true);
      for (const lang of ['fr', 'en', 'es'] as const) {
        const html = (await t.get(`/resultats/${t.procedure.key}?lang=${lang}`)).body;
        expect(html).toContain(resultsLabels[lang].insufficient);
        expect(html).not.toMatch(/class="value"|class="level|100 %|\b10 (sur|out of|sobre) 10/);
        expect(html).not.toContain('<circle');
        const list = (await t.get(`/resultats?lang=${lang}`)).body;
        expect(list).toContain(resultsLabels[lang].insufficient);
        expect(list).not.toMatch(/\b10 (sur|out of|sobre) 10/);
      }
      const [row] = (await t.get('/resultats/donnees.json')).json().data;
      expect(row).toMatchObject({
        answers: 40,
        satisfaction: null,
        satisfaction_sample: 40,
        clarity: null,
      });
    },
  );
});

describe('public results', () => {
  it('a planted comment, or any free text, never appears in a public page or file', async () => {
    const t = await withResults({ MIN_ANSWERS: '1' });
    await t.store.saveSubmissions([
      t.answer('2026-02-10', {
        satisfaction: 'bad',
        help: ['other'],
        helpOther: 'AUTRE-PLANTE mon cousin',
        comment: 'COMMENTAIRE-PLANTE Jean Dupont, 12 rue des Lilas',
      }),
    ]);
    await t.publish(t.procedure.key, true);
    const urls = [
      '/resultats',
      `/resultats/${t.procedure.key}`,
      '/resultats/donnees.csv',
      '/resultats/donnees.json',
      '/resultats/schema.json',
    ];
    for (const url of urls) {
      for (const lang of ['fr', 'en', 'es']) {
        const body = (await t.get(`${url}?lang=${lang}`)).body;
        expect(body).not.toContain('PLANTE');
        expect(body).not.toContain('Dupont');
      }
    }
  });

  it('the open data parses as RFC 4180 and validates against its own Table Schema', async () => {
    const t = await withResults({ MIN_ANSWERS: '5' });
    const awkward = await t.store.createProcedure({
      name: 'Carte "grise", duplicata\nou -changement',
      allowedOrigins: [],
    });
    await seedVaried(t, ['2026-01-20', '2026-02-03']);
    await t.store.saveSubmissions(
      Array.from({ length: 3 }, () =>
        t.answer('2026-02-11', { satisfaction: 'medium' }, awkward.key),
      ),
    );
    await t.publish(t.procedure.key, true);
    await t.publish(awkward.key, true);

    const schemaResponse = await t.get('/resultats/schema.json');
    const schema = schemaResponse.json() as TableSchema & { licenses: { name: string }[] };
    expect(schema.licenses[0]?.name).toBe('etalab-2.0');

    const csv = await t.get('/resultats/donnees.csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.body.charCodeAt(0)).not.toBe(0xfeff);
    const records = parseRfc4180(csv.body);
    expect(records).toHaveLength(1 + 3);
    expect(validateTable(schema, records)).toEqual([]);
    expect(schema.fields.find((f) => f.name === 'organisation')).toMatchObject({
      type: 'string',
      description: expect.stringContaining('administration'),
    });
    expect(records.some((r) => r[1] === 'Carte "grise", duplicata\nou -changement')).toBe(true);

    const json = (await t.get('/resultats/donnees.json')).json();
    expect(json.licence.title).toContain('Licence Ouverte');
    expect(validateTable(schema, jsonAsTable(schema, json.data))).toEqual([]);
    // The same rows in both files.
    expect(jsonAsTable(schema, json.data)).toEqual(records);
  });

  it('improvements are shown newest first, as text, with safe links only', async () => {
    const t = await withResults();
    await t.publish(t.procedure.key, true);
    const entry = () => testAuditEntry('improvement.create');
    // Written before the API refused them, or by hand in the database: still inert.
    await t.store.createImprovement(
      t.procedure.key,
      {
        date: '2026-01-05',
        title: '<img src=x onerror=alert(1)>',
        text: '<script>alert(1)</script>',
        link: 'javascript:alert(1)',
      },
      entry,
    );
    const made = await t.api('POST', `/api/v1/procedures/${t.procedure.key}/improvements`, {
      date: '2026-02-20',
      title: 'Des mots plus simples',
      text: 'Vous nous avez dit que la page était difficile à lire.\n\nNous l’avons réécrite avec vous.',
      link: 'https://passeport.example.gouv.fr/nouveautes',
    });
    expect(made.statusCode).toBe(201);
    const html = (await t.get(`/resultats/${t.procedure.key}`)).body;
    expect(html).not.toMatch(/<script|<img|javascript:/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.indexOf('Des mots plus simples')).toBeLessThan(html.indexOf('&lt;img'));
    expect(html).toContain(
      '<a href="https://passeport.example.gouv.fr/nouveautes" rel="noopener noreferrer nofollow">',
    );
    expect(html).toContain('<p>Nous l’avons réécrite avec vous.</p>');
    expect(html).toContain('<time datetime="2026-02-20">20 février 2026</time>');
  });

  it('the Spanish pages are in Spanish only', async () => {
    const t = await withResults({ MIN_ANSWERS: '5' });
    await seedVaried(t, ['2026-02-10']);
    await t.publish(t.procedure.key, true);
    const french = [
      ...Object.values(resultsLabels.fr).filter((v): v is string => typeof v === 'string'),
      ...Object.values(resultsLabels.fr.sorts),
      ...Object.values(resultsLabels.fr.trends),
      ...Object.values(indicatorLabels.fr.names),
      ...Object.values(indicatorLabels.fr.scoreLevels),
      resultsLabels.fr.questions.satisfaction,
      ...Object.values(resultsLabels.fr.questions.helpChannels),
      resultsLabels.fr.minRule('100').slice(0, 30),
      resultsLabels.fr.onAnswers('1').slice(0, 4),
    ].filter(
      (word) => !['Licence Ouverte / Etalab 2.0', 'fr-FR', 'Français', 'Moyen'].includes(word),
    );
    for (const url of [
      '/resultats?lang=es',
      `/resultats/${t.procedure.key}?lang=es`,
      '/resultats/inconnue0?lang=es',
    ]) {
      const html = (await t.get(url)).body;
      expect(html).toContain('<html lang="es">');
      for (const word of french) expect(html, `${url}: ${word}`).not.toContain(`>${word}<`);
      for (const word of french.filter((w) => w.length > 12))
        expect(html, `${url}: ${word}`).not.toContain(word);
      // Links keep the reader's language.
      expect(html).toMatch(/href="\/resultats\?lang=es"|<form method="get" action="\/resultats"/);
    }
  });

  it('its readers preview the page before it is published, and nobody else sees it', async () => {
    const t = await withResults({ MIN_ANSWERS: '5' });
    await seedVaried(t, ['2026-02-10']);
    const preview = await t.api('GET', `/api/v1/procedures/${t.procedure.key}/results-preview`);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(preview.headers['cache-control']).toBe('no-store');
    expect(preview.body).toContain('<h1>Demande de passeport</h1>');
    expect(preview.body).toContain('Satisfaction usager par mois');
    expect((await t.get(`/resultats/${t.procedure.key}`)).statusCode).toBe(404);
    expect((await t.get(`/api/v1/procedures/${t.procedure.key}/results-preview`)).statusCode).toBe(
      401,
    );
  });

  it('the widget learns where the results are once published, from any site, and not before', async () => {
    const t = await withResults();
    const link = `/api/v1/procedures/${t.procedure.key}/results-link`;
    const origin = { origin: 'https://passeport.example.gouv.fr' };
    const before = await t.get(link, origin);
    expect(before.statusCode).toBe(204);
    expect(before.body).toBe('');
    expect(before.headers['access-control-allow-origin']).toBe('*');
    await t.publish(t.procedure.key, true);
    const after = await t.get(`${link}?lang=es`, origin);
    expect(after.statusCode).toBe(200);
    expect(after.headers['access-control-allow-origin']).toBe('*');
    expect(after.json()).toEqual({
      url: `http://localhost:3000/resultats/${t.procedure.key}?lang=es`,
    });
    await t.publish(t.procedure.key, false);
    expect((await t.get(link, origin)).statusCode).toBe(204);
  });

  it('a long list comes in pages of 50, each reached by a plain link', async () => {
    const t = await withResults();
    for (let n = 1; n <= 60; n++) {
      const { key } = await t.store.createProcedure({ name: `Démarche ${n}`, allowedOrigins: [] });
      await t.store.updateProcedure(key, { public: true });
    }
    const first = (await t.get('/resultats?sort=answers&lang=en')).body;
    expect(first.match(/class="card"/g)).toHaveLength(50);
    expect(first).toContain('Page 1 of 2');
    const next = /href="([^"]+)" rel="next"/.exec(first)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toBe('/resultats?sort=answers&page=2&lang=en');
    const second = (await t.get(next as string)).body;
    expect(second.match(/class="card"/g)).toHaveLength(10);
    expect(second).toContain('rel="prev"');
    expect(second).not.toContain('rel="next"');
  });

  it('the hosted questionnaire speaks Spanish, and its thank-you page links to the published results', async () => {
    const t = await withResults();
    const form = (await t.get(`/p/${t.procedure.key}?lang=es`)).body;
    expect(form).toContain('<html lang="es">');
    expect(form).toContain('En general, ¿cómo le ha ido?');
    // Only the service's name says it, in the header, marked French.
    expect(form.slice(form.indexOf('<main'))).not.toContain('Je donne mon avis');
    expect(form).toMatch(/<div class="fr-header__brand" lang="fr">[\s\S]*Je donne mon avis/);
    const before = (await t.get(`/p/${t.procedure.key}/merci?lang=es`)).body;
    expect(before).toContain('¡Gracias por su opinión!');
    expect(before).not.toContain('/resultats/');
    await t.publish(t.procedure.key, true);
    const after = (await t.get(`/p/${t.procedure.key}/merci?lang=es`)).body;
    expect(after).toContain(
      `<a href="/resultats/${t.procedure.key}?lang=es">Ver los resultados y lo que ha cambiado</a>`,
    );
    const french = (await t.get(`/p/${t.procedure.key}/merci`)).body;
    expect(french).toContain('Voir les résultats et ce qui a changé');
  });

  it('a period that does not exist is a 400 page that says so, showing the last 12 months', async () => {
    const t = await withResults();
    await t.publish(t.procedure.key, true);
    const response = await t.get(`/resultats/${t.procedure.key}?from=2026-02-30&to=2026-03-01`);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(resultsLabels.fr.badPeriod);
    expect(response.body).toContain('Du 1 avril 2025 au 10 mars 2026');
    // The date fields are the browser's pickers, which write the day as the browser's language
    // does (12/06/2026 or 06/12/2026): a format hint beside them would contradict them.
    expect(response.body).toContain('type="date"');
    expect(response.body).not.toMatch(/AAAA|YYYY/);
  });

  it.skipIf(!javaAvailable)(
    'every public page is valid HTML (W3C Nu checker)',
    async () => {
      const t = await withResults({ MIN_ANSWERS: '5' });
      await seedVaried(t, ['2026-01-20', '2026-02-03']);
      await t.publish(t.procedure.key, true);
      await t.api('POST', `/api/v1/procedures/${t.procedure.key}/improvements`, {
        date: '2026-02-20',
        title: 'Des mots plus simples',
        text: 'La page a été réécrite.',
        link: 'https://passeport.example.gouv.fr/nouveautes',
      });
      const pages = [
        '',
        '?sort=satisfaction&q=passe',
        `/${t.procedure.key}`,
        '/inconnue0',
        `/${t.procedure.key}?from=x`,
      ];
      const documents = pages.flatMap((page) =>
        ['fr', 'en', 'es'].map(
          (lang) => `/resultats${page}${page.includes('?') ? '&' : '?'}lang=${lang}`,
        ),
      );
      const bodies = Object.fromEntries(
        await Promise.all(documents.map(async (url) => [url, (await t.get(url)).body] as const)),
      );
      const report = checkHtml(bodies);
      expect(Object.keys(report)).toHaveLength(documents.length);
      for (const url of documents) expect(report[url], url).toEqual([]);
    },
    120_000,
  );
});
