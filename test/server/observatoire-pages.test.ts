import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import { observatoireLabels } from '../../server/src/features/observatoire/observatoire-labels.ts';
import { adminApiKey } from '../fixtures/admin-api-key.ts';
import { checkHtml, javaAvailable } from '../fixtures/html-validator.ts';
import {
  jsonAsTable,
  parseRfc4180,
  type TableSchema,
  validateTable,
} from '../fixtures/open-data-validators.ts';
import { startTestApp } from '../helpers.ts';

/**
 * Two organisations: one publishes its editions (a public procedure and a private one), the
 * other does not. Each has its 2026-T1 edition.
 */
async function withEditions() {
  const t = await startTestApp({ MIN_ANSWERS: '5' });
  // T1 has ended: its editions may be made.
  t.clock.current = new Date('2026-04-02T10:00:00Z');
  const key = await adminApiKey(t.store);
  const api = (method: string, url: string, payload?: unknown) =>
    t.app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${key}` },
      ...(payload !== undefined && { payload: payload as object }),
    });
  const publishing = t.procedure.organisationId;
  const secret = await t.store.createProcedure({
    name: 'Démarche interne',
    allowedOrigins: [],
  });
  const other = await t.store.createOrganisation({ name: 'Ministère discret', domains: [] });
  const elsewhere = await t.store.createProcedure({
    name: 'Démarche du ministère discret',
    allowedOrigins: [],
    organisationId: other.id,
  });
  const levels = ['good', 'good', 'medium', 'bad'] as const;
  const answers = [t.procedure.key, secret.key, elsewhere.key].flatMap((procedureKey) =>
    ['2025-12-10', '2026-01-20', '2026-02-03'].flatMap((day) =>
      Array.from({ length: 12 }, (_, i) => ({
        id: randomUUID(),
        procedureKey,
        answer: {
          satisfaction: levels[i % 4],
          clarity: ((i % 5) + 1) as Answer['clarity'],
          help: i % 3 === 0 ? ['none'] : ['phone'],
          ...(i % 3 !== 0 && { reached: { phone: i % 2 === 0 } }),
        } as Answer,
        receivedAt: new Date(`${day}T10:00:00Z`),
        day,
      })),
    ),
  );
  await t.store.saveSubmissions(answers);
  for (const procedure of [t.procedure.key, elsewhere.key])
    expect(
      (await api('PATCH', `/api/v1/procedures/${procedure}`, { public: true })).statusCode,
    ).toBe(200);
  expect(
    (await api('PUT', `/api/v1/organisations/${publishing}/observatoire`, { publishes: true }))
      .statusCode,
  ).toBe(200);
  const make = async (organisation: number) => {
    const made = await api('POST', '/api/v1/observatoire/editions', {
      quarter: '2026-T1',
      organisation,
    });
    expect(made.statusCode).toBe(201);
    return (made.json() as { id: number }).id;
  };
  const published = await make(publishing);
  const unpublished = await make(other.id);
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  return { ...t, api, get, published, unpublished, secret, elsewhere };
}

describe('the public Observatoire', () => {
  it('lists the editions of the organisations that publish, with their public procedures only', async () => {
    const t = await withEditions();
    const list = await t.get('/observatoire');
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toBe('public, max-age=300');
    expect(list.body).toContain(`href="/observatoire/${t.published}"`);
    // The placeholder name of an unnamed default organisation is no name, as on /resultats.
    expect(list.body).toContain(`href="/observatoire/${t.published}">Édition T1 2026</a>`);
    expect(list.body).not.toContain('Organisation par défaut');
    expect(list.body).not.toContain(`/observatoire/${t.unpublished}`);
    expect(list.body).not.toContain('<script');

    const page = await t.get(`/observatoire/${t.published}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(t.procedure.name);
    expect(page.body).not.toContain('Démarche interne');
    // Sortable without JavaScript: each column header is a link; the sorted one says so.
    expect(page.body).toContain(`href="/observatoire/${t.published}?sort=satisfaction"`);
    const sorted = await t.get(`/observatoire/${t.published}?sort=answers&lang=en`);
    expect(sorted.body).toMatch(/<th scope="col" aria-sort="descending"><a [^>]*>Feedback count/);
    expect(sorted.body).toContain('Q1 2026 edition');
    expect((await t.get(`/observatoire/${t.published}?lang=es`)).body).toContain(
      observatoireLabels.es.evolutions,
    );

    // Not published, or never made: the same 404.
    expect((await t.get(`/observatoire/${t.unpublished}`)).statusCode).toBe(404);
    expect((await t.get('/observatoire/999999')).statusCode).toBe(404);
    expect((await t.get('/observatoire/abc')).statusCode).toBe(404);

    // A procedure its owner withdraws from /resultats leaves the editions' public pages too.
    await t.api('PATCH', `/api/v1/procedures/${t.procedure.key}`, { public: false });
    expect((await t.get(`/observatoire/${t.published}`)).body).not.toContain(t.procedure.name);
    // And an organisation that stops publishing takes its editions down.
    await t.api('PUT', `/api/v1/organisations/${t.procedure.organisationId}/observatoire`, {
      publishes: false,
    });
    expect((await t.get(`/observatoire/${t.published}`)).statusCode).toBe(404);
  });

  it('reads the editions once while they stay the same, and shows a regenerated one at once', async () => {
    const t = await withEditions();
    let reads = 0;
    const findEdition = t.store.findEdition.bind(t.store);
    t.store.findEdition = (id) => {
      reads++;
      return findEdition(id);
    };
    const urls = ['/observatoire', `/observatoire/${t.published}`, '/observatoire/donnees.csv'];
    const first = await Promise.all(urls.map(async (url) => (await t.get(url)).body));
    const readFirst = reads;
    expect(readFirst).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++)
      for (const [n, url] of urls.entries()) expect((await t.get(url)).body).toBe(first[n]);
    expect(reads).toBe(readFirst);
    // Regenerated: the new figures show on the next request.
    t.clock.current = new Date('2026-04-20T10:00:00Z');
    await t.store.saveSubmissions(
      Array.from({ length: 12 }, () => ({
        id: randomUUID(),
        procedureKey: t.procedure.key,
        answer: { satisfaction: 'good', clarity: 5, help: ['none'] } as Answer,
        receivedAt: new Date('2026-03-20T10:00:00Z'),
        day: '2026-03-20',
      })),
    );
    expect(
      (await t.api('POST', `/api/v1/observatoire/editions/${t.published}/regenerate`)).statusCode,
    ).toBe(204);
    const csv = parseRfc4180((await t.get('/observatoire/donnees.csv')).body);
    expect(csv[1]?.[2]).toBe('2026-04-20');
    expect(reads).toBeGreaterThan(readFirst);
  });

  it('the open data parses as RFC 4180 and validates against its own Table Schema', async () => {
    const t = await withEditions();
    const schema = (await t.get('/observatoire/schema.json')).json() as TableSchema & {
      licenses: { name: string }[];
    };
    expect(schema.licenses[0]?.name).toBe('etalab-2.0');
    const csv = await t.get('/observatoire/donnees.csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const records = parseRfc4180(csv.body);
    // The header, and the one public procedure of the one published edition.
    expect(records).toHaveLength(2);
    expect(records[1]?.slice(0, 5)).toEqual([
      '2026-T1',
      '',
      '2026-04-02',
      t.procedure.key,
      t.procedure.name,
    ]);
    expect(validateTable(schema, records)).toEqual([]);
    const json = (await t.get('/observatoire/donnees.json')).json();
    expect(json.licence.title).toContain('Licence Ouverte');
    expect(jsonAsTable(schema, json.data)).toEqual(records);
  });

  it.skipIf(!javaAvailable)(
    'every public Observatoire page is valid HTML (W3C Nu checker)',
    async () => {
      const t = await withEditions();
      const pages = ['', `/${t.published}`, `/${t.published}?sort=name`, '/999999'];
      const documents = pages.flatMap((page) =>
        ['fr', 'en', 'es'].map(
          (lang) => `/observatoire${page}${page.includes('?') ? '&' : '?'}lang=${lang}`,
        ),
      );
      const bodies = Object.fromEntries(
        await Promise.all(documents.map(async (url) => [url, (await t.get(url)).body] as const)),
      );
      const report = checkHtml(bodies);
      for (const url of documents) expect(report[url], url).toEqual([]);
    },
    120_000,
  );
});
