import type { FastifyPluginAsync } from 'fastify';
import { quarterDays } from '../../../../common/quarters.ts';
import { compressPage } from '../../http/compression.ts';
import { layout } from '../../pages/layout.ts';
import { sendCached } from '../../pages/send-cached.ts';
import { sendPage } from '../../pages/send-page.ts';
import type { Brand } from '../../pages/site-header.ts';
import type { EditionSummary } from '../../store/observatoire.ts';
import type { Store } from '../../store/store.ts';
import { resultsLang } from '../transparency/results-labels.ts';
import {
  editionDataRows,
  editionsCsv,
  editionsJson,
  editionsTableSchema,
} from './observatoire-open-data.ts';
import {
  type PublicEdition,
  type PublicSort,
  publicSorts,
  renderEditionNotFound,
  renderEditionPage,
  renderEditionsPage,
} from './observatoire-pages.ts';
import type { ObservatoireRow } from './observatoire-schema.ts';
import { previousPeriod } from './observatoire-table.ts';
import { sortRows } from './table-view.ts';

export type ObservatoirePublicOptions = {
  store: Store;
  publicUrl: string | undefined;
  /** The public results' stylesheet, from the widget build. */
  stylesheet: string;
  brand: Brand;
};

/**
 * The published editions (docs/design.md §13): those of the organisations that publish them,
 * with only the procedures whose results are public, then as now (a procedure its owner has
 * since withdrawn, or deleted, leaves the public pages). Server-rendered, no JavaScript, cached
 * as the public results are.
 */
export const observatoirePublicRoutes: FastifyPluginAsync<ObservatoirePublicOptions> = async (
  app,
  { store, stylesheet, brand, ...options },
) => {
  const publicUrl = options.publicUrl ?? '';
  app.addHook('onSend', compressPage);
  const schema = { hide: true };

  const publicKeys = async () =>
    new Set((await store.listProcedures()).filter((p) => p.public).map((p) => p.key));

  const asPublic = async (
    summary: Pick<EditionSummary, 'id' | 'organisationId'>,
    names: Map<number, string>,
    keys: Set<string>,
  ): Promise<PublicEdition | undefined> => {
    const edition = await store.findEdition<ObservatoireRow>(summary.id);
    if (!edition || edition.organisationId === undefined) return undefined;
    const period = quarterDays(edition.quarter);
    return {
      id: edition.id,
      quarter: edition.quarter,
      organisation: names.get(edition.organisationId) ?? '',
      madeAt: edition.madeAt,
      regeneratedAt: edition.regeneratedAt,
      period,
      previous: previousPeriod(period),
      rows: edition.rows.filter((row) => row.public && keys.has(row.procedure)),
    };
  };

  const publishedEditions = async () => {
    const [summaries, organisations, keys] = await Promise.all([
      store.listPublishedEditions(),
      store.listOrganisations(),
      publicKeys(),
    ]);
    const names = new Map(organisations.map((o) => [o.id, o.name]));
    const editions: PublicEdition[] = [];
    for (const summary of summaries) {
      const edition = await asPublic(summary, names, keys);
      if (edition) editions.push(edition);
    }
    return editions;
  };

  app.get<{ Querystring: { lang?: string } }>(
    '/observatoire',
    { schema },
    async (request, reply) => {
      const page = renderEditionsPage(await publishedEditions(), {
        lang: resultsLang(request.query),
        stylesheet,
        brand,
      });
      return sendCached(request, reply, 'text/html; charset=utf-8', layout(page).markup);
    },
  );

  app.get('/observatoire/donnees.csv', { schema }, async (request, reply) => {
    reply.header('content-disposition', 'attachment; filename="observatoire-demarches.csv"');
    return sendCached(
      request,
      reply,
      'text/csv; charset=utf-8; header=present',
      editionsCsv(editionDataRows(await publishedEditions())),
    );
  });

  app.get('/observatoire/donnees.json', { schema }, async (request, reply) =>
    sendCached(
      request,
      reply,
      'application/json; charset=utf-8',
      JSON.stringify(editionsJson(editionDataRows(await publishedEditions()), publicUrl)),
    ),
  );

  app.get('/observatoire/schema.json', { schema }, async (request, reply) =>
    sendCached(
      request,
      reply,
      'application/schema+json; charset=utf-8',
      JSON.stringify(editionsTableSchema(publicUrl), null, 2),
    ),
  );

  app.get<{ Params: { id: string }; Querystring: { lang?: string; sort?: string } }>(
    '/observatoire/:id',
    { schema },
    async (request, reply) => {
      const lang = resultsLang(request.query);
      const context = { lang, stylesheet, brand };
      const id = Number(request.params.id);
      const summary = Number.isSafeInteger(id)
        ? (await store.listPublishedEditions()).find((edition) => edition.id === id)
        : undefined;
      const names = new Map((await store.listOrganisations()).map((o) => [o.id, o.name]));
      const edition = summary && (await asPublic(summary, names, await publicKeys()));
      if (!edition) return sendPage(reply, 404, renderEditionNotFound(context));
      const sort: PublicSort = publicSorts.find((s) => s === request.query.sort) ?? 'evolutions';
      const page = renderEditionPage(
        { ...edition, rows: sortRows(edition.rows, sort) },
        { ...context, sort },
      );
      return sendCached(request, reply, 'text/html; charset=utf-8', layout(page).markup);
    },
  );
};
