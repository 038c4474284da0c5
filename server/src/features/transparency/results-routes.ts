import type { FastifyPluginAsync } from 'fastify';
import { reportDay } from '../../../../common/calendar-days.ts';
import { compressPage } from '../../http/compression.ts';
import { periodRefusal, queryDay } from '../../http/period-schema.ts';
import { layout } from '../../pages/layout.ts';
import { keptFile, sendCached, sendKept } from '../../pages/send-cached.ts';
import { sendPage } from '../../pages/send-page.ts';
import type { Brand } from '../../pages/site-header.ts';
import { procedureKeyPattern } from '../../store/procedure-key.ts';
import type { Store } from '../../store/store.ts';
import { openDataCsv, openDataJson, tableSchema } from './open-data.ts';
import {
  lastTwelveMonths,
  type OpenDataRow,
  openDataRows,
  organisationName,
  PublicRollups,
  procedureResults,
  publicList,
  publicProcedures,
} from './public-results.ts';
import { resultsLabels, resultsLang } from './results-labels.ts';
import {
  type ListSort,
  listSorts,
  renderListPage,
  renderNotPublished,
  renderProcedurePage,
} from './results-pages.ts';

export type ResultsRouteOptions = {
  store: Store;
  now: () => Date;
  reportTimeZone: string;
  minAnswers: number;
  publicUrl: string | undefined;
  /** The pages' stylesheet, from the widget build. */
  stylesheet: string;
  /** Who runs the service, as the pages' header says. */
  brand: Brand;
};

type Query = {
  lang?: string;
  q?: string;
  sort?: string;
  page?: string;
  from?: string;
  to?: string;
};

/**
 * Transparency (docs/design.md §10): the public results of the procedures their owners published,
 * as server-rendered pages that need no JavaScript, and as open data. A procedure that is not
 * public answers 404 here, whatever else exists.
 */
export const resultsRoutes: FastifyPluginAsync<ResultsRouteOptions> = async (app, options) => {
  const { store, now, reportTimeZone, minAnswers, stylesheet, brand } = options;
  const publicUrl = options.publicUrl ?? '';
  const rollups = new PublicRollups(store, now);
  const today = () => reportDay(now(), reportTimeZone);
  app.addHook('onSend', compressPage);
  const schema = { hide: true };

  app.get<{ Querystring: Query }>('/resultats', { schema }, async (request, reply) => {
    const lang = resultsLang(request.query);
    const search = (request.query.q ?? '').trim().slice(0, 100);
    const sort: ListSort = listSorts.find((s) => s === request.query.sort) ?? 'name';
    const day = today();
    const all = await publicList(store, rollups, minAnswers, day);
    const fold = (text: string) =>
      text
        .normalize('NFD')
        .replace(/\p{Diacritic}/gu, '')
        .toLocaleLowerCase('fr');
    // The organisation's name too: «passeport» or «préfecture de l'Ain» both find a procedure.
    const listed = all.filter(({ procedure }) =>
      fold(`${procedure.name}\n${procedure.organisation}`).includes(fold(search)),
    );
    // Figures hidden as insufficient sort last: they are not figures.
    const shown = (item: (typeof listed)[number]) =>
      item.current.satisfaction.insufficient ? -1 : (item.current.satisfaction.value ?? -1);
    if (sort === 'satisfaction') listed.sort((a, b) => shown(b) - shown(a));
    if (sort === 'answers') listed.sort((a, b) => b.current.answers - a.current.answers);
    const page = renderListPage(listed, {
      lang,
      minAnswers,
      stylesheet,
      brand,
      search,
      sort,
      total: all.length,
      period: lastTwelveMonths(day),
      page: Math.max(1, Math.trunc(Number(request.query.page)) || 1),
    });
    return sendCached(request, reply, 'text/html; charset=utf-8', layout(page).markup);
  });

  /**
   * An open data file, written and compressed once for as long as the sums it is made of are
   * kept (PublicRollups): every month of 1,000 procedures is megabytes, and writing, hashing and
   * compressing them took 50 to 80 ms of CPU a request (`npm run bench -- --only=national`).
   */
  const openDataFile = async (name: string, render: (rows: OpenDataRow[]) => string) =>
    rollups.derive(`${name} ${today()}`, await publicProcedures(store), async () =>
      keptFile(render(await openDataRows(store, rollups, minAnswers, today()))),
    );

  app.get('/resultats/donnees.csv', { schema }, async (request, reply) => {
    reply.header('content-disposition', 'attachment; filename="resultats-demarches.csv"');
    return sendKept(
      request,
      reply,
      'text/csv; charset=utf-8; header=present',
      await openDataFile('csv', openDataCsv),
    );
  });

  app.get('/resultats/donnees.json', { schema }, async (request, reply) =>
    sendKept(
      request,
      reply,
      'application/json; charset=utf-8',
      await openDataFile('json', (rows) => JSON.stringify(openDataJson(rows, publicUrl))),
    ),
  );

  app.get('/resultats/schema.json', { schema }, async (request, reply) =>
    sendCached(
      request,
      reply,
      'application/schema+json; charset=utf-8',
      JSON.stringify(tableSchema(publicUrl), null, 2),
    ),
  );

  app.get<{ Params: { key: string }; Querystring: Query }>(
    '/resultats/:key',
    { schema },
    async (request, reply) => {
      const lang = resultsLang(request.query);
      const context = { lang, minAnswers, stylesheet, brand };
      const { key } = request.params;
      // Not a key (a NUL, which PostgreSQL refuses with an error): not published.
      const procedure = procedureKeyPattern.test(key) ? await store.findProcedure(key) : undefined;
      if (!procedure?.public) return sendPage(reply, 404, renderNotPublished(context));
      const { from, to } = request.query;
      const period = lastTwelveMonths(today());
      const custom = from !== undefined || to !== undefined;
      const asked = {
        from: queryDay.safeParse(from).data,
        to: queryDay.safeParse(to ?? period.to).data,
      };
      // Days that exist from 2000 to 2099, in order, at most 5 years apart (60 points on the
      // chart): the same bounds as the private API's (issue 24).
      const valid =
        asked.from !== undefined &&
        asked.to !== undefined &&
        periodRefusal({ from: asked.from, to: asked.to }, 'month') === undefined;
      const shownPeriod =
        custom && valid ? { from: asked.from as string, to: asked.to as string } : period;
      const results = await procedureResults(
        store,
        minAnswers,
        procedure.key,
        shownPeriod,
        reportTimeZone,
      );
      const organisation = await organisationName(store, procedure);
      const page = renderProcedurePage({ ...procedure, organisation }, results, {
        ...context,
        custom: custom && valid,
        notice: custom && !valid ? resultsLabels[lang].badPeriod : undefined,
      });
      if (custom && !valid) return sendPage(reply, 400, page);
      return sendCached(request, reply, 'text/html; charset=utf-8', layout(page).markup);
    },
  );
};
