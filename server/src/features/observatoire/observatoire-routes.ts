import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { previousPeriod, reportDay } from '../../../../common/calendar-days.ts';
import { indicatorLabels } from '../../../../common/indicator-labels.ts';
import { quarterDays } from '../../../../common/quarters.ts';
import { belongsTo, mayInOrganisation } from '../../auth/permissions.ts';
import { organisationOf, principalOf } from '../../http/access.ts';
import { actorOf, auditEntry } from '../../http/audit-entry.ts';
import { askedPeriod, periodLimits } from '../../http/period-schema.ts';
import { HttpProblem } from '../../http/problem.ts';
import { noContent, problems } from '../../http/problem-schema.ts';
import { type ReadMe, sendXlsx, tableSheet, xlsxMediaType } from '../../http/xlsx.ts';
import type { User } from '../../store/accounts.ts';
import type { StoredEdition, StoredEditionSummary } from '../../store/observatoire.ts';
import type { Store } from '../../store/store.ts';
import { csvChunks } from '../answers/export-csv.ts';
import { makeEdition, regenerateEdition } from './editions.ts';
import { keptTables } from './kept-tables.ts';
import { observatoireColumns, observatoireReadMe } from './observatoire-columns.ts';
import {
  editionId,
  editionList,
  editionListQuery,
  editionResponse,
  newEdition,
  type ObservatoireRow,
  observatoireExportQuery,
  observatoireQuery,
  observatoireResponse,
  organisationParams,
  publication,
  tableViewQuery,
} from './observatoire-schema.ts';
import { editionPeriods, type ObservatoireTable, observatoireTable } from './observatoire-table.ts';
import { filterRows, readableRows, sortRows, viewTable } from './table-view.ts';

export type ObservatoireRouteOptions = {
  store: Store;
  now: () => Date;
  reportTimeZone: string;
  minAnswers: number;
};

/** Whether a person may see an edition at all: the platform's is its administrators'. */
function maySee(user: User, edition: Pick<StoredEditionSummary, 'organisationId'>): boolean {
  return edition.organisationId === undefined
    ? user.isAdmin
    : belongsTo(user, edition.organisationId);
}

/** An edition's file name, without its extension: its quarter and organisation, or the platform. */
const editionFileName = (edition: Pick<StoredEditionSummary, 'quarter' | 'organisationId'>) =>
  `observatoire-${edition.quarter}-${edition.organisationId ?? 'plateforme'}`;

/**
 * The live tables' rows kept at most, in all (keptTables): two tables of 10,000 procedures, or
 * many of an organisation's.
 */
const keptRowsAtMost = 20_000;

/** A table as a CSV file for French Excel, as the answers' export: the columns of the Excel file. */
function sendCsv(reply: FastifyReply, fileName: string, rows: readonly ObservatoireRow[]) {
  return (
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      // A stream is sent as it is; a route's schema only documents it.
      .send(Readable.from(csvChunks(rows, observatoireColumns)) as never)
  );
}

/** A table as an Excel workbook: «À lire», then the table. */
function sendTableXlsx(
  reply: FastifyReply,
  fileName: string,
  rows: readonly ObservatoireRow[],
  readMe: ReadMe,
  timeZone: string,
) {
  return sendXlsx(reply, fileName, {
    readMe,
    sheets: [tableSheet('Observatoire', observatoireColumns, rows)],
    timeZone,
  });
}

const csvResponse = {
  description: 'UTF-8 with a BOM, `;`-separated, decimal commas, one procedure a line.',
  content: { 'text/csv': { schema: z.string() } },
};
const xlsxResponse = {
  description:
    'An Office Open XML workbook: the sheets «À lire» (period, scope, licence, definitions) and «Observatoire» (the CSV’s columns, numbers as numbers, text never a formula).',
  content: { [xlsxMediaType]: { schema: z.string() } },
};

/**
 * The Observatoire (docs/design.md §13): every procedure a person may read side by side, live for
 * any period, and the quarterly editions frozen as they were made.
 */
export const observatoireRoutes: FastifyPluginAsyncZod<ObservatoireRouteOptions> = async (
  app,
  { store, now, reportTimeZone, minAnswers },
) => {
  const tags = ['observatoire'];

  const organisationNames = async () =>
    new Map((await store.listOrganisations()).map((o) => [o.id, o.name]));

  /** An edition as the routes show it; `publishers`: the organisations that publish theirs. */
  const summaryView = (
    edition: Omit<StoredEditionSummary, 'procedures'>,
    names: Map<number, string>,
    publishers: Set<number>,
  ): z.infer<typeof editionList>['editions'][number] => ({
    id: edition.id,
    quarter: edition.quarter,
    organisation:
      edition.organisationId === undefined
        ? null
        : { id: edition.organisationId, name: names.get(edition.organisationId) ?? '' },
    madeAt: edition.madeAt.toISOString(),
    madeBy: edition.madeBy,
    regeneratedAt: edition.regeneratedAt?.toISOString() ?? null,
    regeneratedBy: edition.regeneratedBy ?? null,
    published: edition.organisationId !== undefined && publishers.has(edition.organisationId),
  });

  /** One edition as the routes show it. */
  const editionView = async (edition: Omit<StoredEditionSummary, 'procedures'>) => {
    const [names, publishers] = await Promise.all([
      organisationNames(),
      store.observatoirePublishers(),
    ]);
    return summaryView(edition, names, publishers);
  };

  /** The edition named in the path, as its reader may see it; 404 to anybody else. */
  const readableEdition = async (
    user: User,
    id: number,
  ): Promise<StoredEdition<ObservatoireRow>> => {
    const edition = await store.findEdition<ObservatoireRow>(id);
    if (!edition || !maySee(user, edition))
      throw new HttpProblem(404, `There is no edition with the id ${id}.`);
    return { ...edition, rows: readableRows(edition.rows, user) };
  };

  /**
   * The live tables lately asked for, by period and organisation (keptTables). One of 10,000
   * procedures sums the days at both periods' ends for every procedure and builds 10,000 rows
   * (about a tenth of a second, BENCHMARKS.md). Its figures may be a minute late, as on
   * /resultats; which rows a reader sees is decided at each request, and a procedure never
   * changes organisation.
   */
  const keptTable = keptTables<ObservatoireTable>({
    now: () => now().getTime(),
    rowsAtMost: keptRowsAtMost,
  });

  /**
   * The live table the query asks for, with the rows its reader may read: a person of one
   * organisation reads only its sums; a platform administrator, everyone's. An organisation the
   * reader does not belong to is a 404.
   */
  const liveTable = async (user: User, query: z.infer<typeof observatoireExportQuery>) => {
    const { organisation } = query;
    if (organisation !== undefined && !belongsTo(user, organisation))
      throw new HttpProblem(404, `There is no organisation with the id ${organisation}.`);
    const period = askedPeriod(query, now(), reportTimeZone, 91);
    const memberOf = Object.keys(user.organisations).map(Number);
    // A person of no organisation reads no row: nothing to sum. (A person of several reads the
    // platform's table, kept for its administrators too, filtered to theirs.)
    if (!user.isAdmin && memberOf.length === 0)
      return { period, previous: previousPeriod(period), only: undefined, rows: [] };
    const only = organisation ?? (user.isAdmin || memberOf.length !== 1 ? undefined : memberOf[0]);
    const table = await keptTable(`${period.from}/${period.to}/${only ?? ''}`, () =>
      observatoireTable(store, minAnswers, period, only),
    );
    return { ...table, only, rows: readableRows(table.rows, user) };
  };

  /** The live table's export: every row that passes the filters, in the order asked for. */
  const liveExport = async (user: User, query: z.infer<typeof observatoireExportQuery>) => {
    const table = await liveTable(user, query);
    const names = await organisationNames();
    const { names: indicatorNames, scoreLevels } = indicatorLabels.fr;
    const filters = [
      query.q?.trim() ? `les mots «\u202f${query.q.trim()}\u202f»` : undefined,
      query.level &&
        `${indicatorNames.satisfaction}\u202f: ${query.level === 'insufficient' ? 'Nombre d’avis insuffisant' : scoreLevels[query.level]}`,
    ].filter(Boolean);
    return {
      rows: sortRows(filterRows(table.rows, query), query.sort, query.order),
      fileName: `observatoire-${table.period.from}-${table.period.to}`,
      readMe: observatoireReadMe({
        period: table.period,
        previous: table.previous,
        organisation: table.only === undefined ? undefined : names.get(table.only),
        published: false,
        filters: filters.length
          ? `Seulement les démarches avec ${filters.join(' et ')}.`
          : undefined,
        minAnswers,
        exportedAt: now(),
        timeZone: reportTimeZone,
      }),
    };
  };

  const liveExportDescription = `The live table of \`GET /api/v1/observatoire\` with the same query, period and bounds (days from ${periodLimits.firstDay} to ${periodLimits.lastDay}, at most ${periodLimits.longestDays} days, 5 years; a longer period is a 400 problem), filters and order: every row that passes, not one page.`;

  app.get(
    '/api/v1/observatoire',
    {
      config: { access: 'signed-in' },
      schema: {
        operationId: 'getObservatoire',
        tags,
        summary:
          'Every procedure you may read with answers in the period, its five indicators and their changes',
        description: `Days from ${periodLimits.firstDay} to ${periodLimits.lastDay}, a period of at most ${periodLimits.longestDays} days (5 years); default: the last 91 days. A longer period, or a day out of that range, is a 400 problem. An organisation you do not belong to is a 404.`,
        querystring: observatoireQuery,
        response: { 200: observatoireResponse, ...problems(400, 401, 404, 503) },
      },
    },
    async (request) => {
      const table = await liveTable(principalOf(request).user, request.query);
      return {
        period: table.period,
        previous: table.previous,
        minAnswers,
        ...viewTable(table.rows, request.query),
      };
    },
  );

  app.get(
    '/api/v1/observatoire/export.csv',
    {
      config: { access: 'signed-in' },
      schema: {
        operationId: 'exportObservatoireCsv',
        tags,
        summary: 'The live table as CSV for French Excel (the rows you may read)',
        description: liveExportDescription,
        querystring: observatoireExportQuery,
        response: { 200: csvResponse, ...problems(400, 401, 404, 503) },
      },
    },
    async (request, reply) => {
      const { rows, fileName } = await liveExport(principalOf(request).user, request.query);
      return sendCsv(reply, `${fileName}.csv`, rows);
    },
  );

  app.get(
    '/api/v1/observatoire/export.xlsx',
    {
      config: { access: 'signed-in' },
      schema: {
        operationId: 'exportObservatoireXlsx',
        tags,
        summary: 'The live table as an Excel workbook (the rows you may read)',
        description: liveExportDescription,
        querystring: observatoireExportQuery,
        response: { 200: xlsxResponse, ...problems(400, 401, 404, 503) },
      },
    },
    async (request, reply) => {
      const { rows, fileName, readMe } = await liveExport(principalOf(request).user, request.query);
      return sendTableXlsx(reply, `${fileName}.xlsx`, rows, readMe, reportTimeZone);
    },
  );

  app.get(
    '/api/v1/observatoire/editions',
    {
      config: { access: 'signed-in' },
      schema: {
        operationId: 'listObservatoireEditions',
        tags,
        summary: 'The quarterly editions you may see, and the organisations whose you may make',
        description:
          'Newest quarter first, one page of them: `limit` editions (default 100, at most 500) from `page`; `total` counts them all.',
        querystring: editionListQuery,
        response: { 200: editionList, ...problems(400, 401, 503) },
      },
    },
    async (request) => {
      const { user } = principalOf(request);
      const { limit, page } = request.query;
      const [names, publishers] = await Promise.all([
        organisationNames(),
        store.observatoirePublishers(),
      ]);
      const mine = user.isAdmin ? [...names.keys()] : Object.keys(user.organisations).map(Number);
      // A platform administrator sees every edition; anybody else, those of their organisations.
      const filter = user.isAdmin ? {} : { organisationIds: mine };
      const [editions, total] = await Promise.all([
        store.listEditions({ ...filter, limit, offset: (page - 1) * limit }),
        store.countEditions(filter),
      ]);
      return {
        editions: editions.map((edition) => summaryView(edition, names, publishers)),
        total,
        page,
        limit,
        organisations: mine.map((id) => ({
          id,
          name: names.get(id) ?? '',
          publishes: publishers.has(id),
          mayManage: mayInOrganisation(user, 'manage', id),
        })),
      };
    },
  );

  app.post(
    '/api/v1/observatoire/editions',
    {
      config: { access: 'signed-in' },
      schema: {
        operationId: 'makeObservatoireEdition',
        tags,
        summary:
          'Make a quarter’s edition now (an organisation’s administrators; the platform’s: platform administrators)',
        description:
          'Only a quarter that has ended (its last day is past): a current or future quarter is a 400. An edition is made once: a quarter that has one is a 409 (a platform administrator may regenerate it). An unknown organisation, or one you do not belong to, is a 404.',
        body: newEdition,
        response: {
          201: editionResponse.pick({
            id: true,
            quarter: true,
            organisation: true,
            madeAt: true,
            madeBy: true,
            regeneratedAt: true,
            regeneratedBy: true,
            published: true,
          }),
          ...problems(400, 401, 403, 404, 409, 413, 415, 503),
        },
      },
    },
    async (request, reply) => {
      const { user } = principalOf(request);
      const { quarter, organisation } = request.body;
      if (organisation === null) {
        if (!user.isAdmin)
          throw new HttpProblem(403, 'Only a platform administrator may make its edition.');
      } else {
        // A platform administrator belongs to every organisation, even one that does not exist.
        if (!belongsTo(user, organisation) || !(await store.findOrganisation(organisation)))
          throw new HttpProblem(404, `There is no organisation with the id ${organisation}.`);
        if (!mayInOrganisation(user, 'manage', organisation))
          throw new HttpProblem(403, 'Only an administrator of this organisation may do this.');
      }
      // Frozen before its last day, an edition would miss the rest of its quarter for good.
      if (quarterDays(quarter).to >= reportDay(now(), reportTimeZone))
        throw new HttpProblem(400, `${quarter} has not ended yet: make its edition once it has.`);
      const made = await makeEdition(
        store,
        minAnswers,
        { quarter, organisationId: organisation ?? undefined },
        actorOf(request, now),
      );
      if (!made)
        throw new HttpProblem(
          409,
          `${quarter} already has this edition: a platform administrator may regenerate it.`,
        );
      return reply.code(201).send(await editionView(made));
    },
  );

  app.get(
    '/api/v1/observatoire/editions/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        operationId: 'getObservatoireEdition',
        tags,
        summary: 'One edition: its table as it was made (the rows you may read)',
        params: editionId,
        querystring: tableViewQuery,
        response: { 200: editionResponse, ...problems(400, 401, 404, 503) },
      },
    },
    async (request) => {
      const { user } = principalOf(request);
      const edition = await readableEdition(user, request.params.id);
      return {
        ...(await editionView(edition)),
        ...editionPeriods(edition.quarter),
        ...viewTable(edition.rows, request.query),
      };
    },
  );

  app.get(
    '/api/v1/observatoire/editions/:id/export.csv',
    {
      config: { access: 'signed-in' },
      schema: {
        operationId: 'exportObservatoireEdition',
        tags,
        summary: 'One edition’s table as CSV for French Excel (the rows you may read)',
        params: editionId,
        response: { 200: csvResponse, ...problems(400, 401, 404, 503) },
      },
    },
    async (request, reply) => {
      const edition = await readableEdition(principalOf(request).user, request.params.id);
      return sendCsv(reply, `${editionFileName(edition)}.csv`, sortRows(edition.rows, 'name'));
    },
  );

  app.get(
    '/api/v1/observatoire/editions/:id/export.xlsx',
    {
      config: { access: 'signed-in' },
      schema: {
        operationId: 'exportObservatoireEditionXlsx',
        tags,
        summary: 'One edition’s table as an Excel workbook (the rows you may read)',
        params: editionId,
        response: { 200: xlsxResponse, ...problems(400, 401, 404, 503) },
      },
    },
    async (request, reply) => {
      const edition = await readableEdition(principalOf(request).user, request.params.id);
      const names = await organisationNames();
      const readMe = observatoireReadMe({
        ...editionPeriods(edition.quarter),
        organisation:
          edition.organisationId === undefined ? undefined : names.get(edition.organisationId),
        edition: {
          quarter: edition.quarter,
          madeAt: edition.madeAt,
          regeneratedAt: edition.regeneratedAt,
        },
        published: (await editionView(edition)).published,
        minAnswers,
        exportedAt: now(),
        timeZone: reportTimeZone,
      });
      const rows = sortRows(edition.rows, 'name');
      return sendTableXlsx(reply, `${editionFileName(edition)}.xlsx`, rows, readMe, reportTimeZone);
    },
  );

  app.post(
    '/api/v1/observatoire/editions/:id/regenerate',
    {
      config: { access: 'admin' },
      schema: {
        operationId: 'regenerateObservatoireEdition',
        tags,
        summary: 'Compute an edition’s table again, now (platform administrators; journaled)',
        params: editionId,
        response: { 204: noContent('Regenerated'), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const done = await regenerateEdition(
        store,
        minAnswers,
        request.params.id,
        actorOf(request, now),
      );
      if (!done)
        throw new HttpProblem(404, `There is no edition with the id ${request.params.id}.`);
      return reply.code(204).send();
    },
  );

  app.put(
    '/api/v1/organisations/:organisationId/observatoire',
    {
      config: { access: { organisation: 'manage' } },
      schema: {
        operationId: 'setObservatoirePublication',
        tags,
        summary:
          'Publish, or not, the organisation’s editions on /observatoire and in its open data (public procedures only)',
        params: organisationParams,
        body: publication,
        response: { 200: publication, ...problems(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request) => {
      const organisation = organisationOf(request);
      const { publishes } = request.body;
      await store.setPublishesObservatoire(organisation.id, publishes, {
        ...auditEntry(actorOf(request, now), 'observatoire.publish', String(organisation.id), {
          publishes,
        }),
        organisationId: organisation.id,
      });
      return { publishes };
    },
  );
};
