import type { FastifyPluginAsync } from 'fastify';
import { compressPage } from '../../http/compression.ts';
import { layout } from '../../pages/layout.ts';
import { type KeptFile, keptFile, sendCached, sendKept } from '../../pages/send-cached.ts';
import { sendPage } from '../../pages/send-page.ts';
import type { Brand } from '../../pages/site-header.ts';
import type { Store } from '../../store/store.ts';
import { publicOrganisationName } from '../transparency/public-results.ts';
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
import { editionPeriods } from './observatoire-table.ts';
import { sortRows } from './table-view.ts';

/** The published editions, and their open data files, written when first asked for. */
type Published = { editions: PublicEdition[]; csv: () => KeptFile; json: () => KeptFile };

/** A value computed once, when first asked for. */
function lazily<T>(compute: () => T): () => T {
  let value: { of: T } | undefined;
  return () => {
    value ??= { of: compute() };
    return value.of;
  };
}

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

  /**
   * The published editions as the public pages show them, and their open data files, kept for
   * as long as what they are made of stays the same: the published editions (made, regenerated,
   * an organisation publishing or not), the public procedures and the organisations' names.
   * Three small reads a request tell; each edition's rows are read, and the files written,
   * hashed and compressed, only when one of them changed.
   */
  let kept: { key: string; published: Published } | undefined;

  const published = async (): Promise<Published> => {
    const [summaries, organisations, procedures] = await Promise.all([
      store.listPublishedEditions(),
      store.listOrganisations(),
      store.listProcedures(),
    ]);
    const keys = new Set(procedures.filter((p) => p.public).map((p) => p.key));
    const key = JSON.stringify([
      summaries.map((e) => [e.id, e.regeneratedAt?.getTime()]),
      organisations.map((o) => [o.id, o.name]),
      [...keys],
    ]);
    if (kept?.key === key) return kept.published;
    const names = new Map(organisations.map((o) => [o.id, publicOrganisationName(o.name)]));
    const editions: PublicEdition[] = [];
    for (const summary of summaries) {
      const edition = await store.findEdition<ObservatoireRow>(summary.id);
      if (!edition || edition.organisationId === undefined) continue;
      editions.push({
        id: edition.id,
        quarter: edition.quarter,
        organisation: names.get(edition.organisationId) ?? '',
        madeAt: edition.madeAt,
        regeneratedAt: edition.regeneratedAt,
        ...editionPeriods(edition.quarter),
        rows: edition.rows.filter((row) => row.public && keys.has(row.procedure)),
      });
    }
    const rows = editionDataRows(editions);
    kept = {
      key,
      published: {
        editions,
        csv: lazily(() => keptFile(editionsCsv(rows))),
        json: lazily(() => keptFile(JSON.stringify(editionsJson(rows, publicUrl)))),
      },
    };
    return kept.published;
  };

  app.get<{ Querystring: { lang?: string } }>(
    '/observatoire',
    { schema },
    async (request, reply) => {
      const page = renderEditionsPage((await published()).editions, {
        lang: resultsLang(request.query),
        stylesheet,
        brand,
      });
      return sendCached(request, reply, 'text/html; charset=utf-8', layout(page).markup);
    },
  );

  app.get('/observatoire/donnees.csv', { schema }, async (request, reply) => {
    reply.header('content-disposition', 'attachment; filename="observatoire-demarches.csv"');
    return sendKept(
      request,
      reply,
      'text/csv; charset=utf-8; header=present',
      (await published()).csv(),
    );
  });

  app.get('/observatoire/donnees.json', { schema }, async (request, reply) =>
    sendKept(request, reply, 'application/json; charset=utf-8', (await published()).json()),
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
      const edition = (await published()).editions.find((e) => e.id === id);
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
