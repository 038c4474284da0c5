import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { reportDay } from '../../../../common/calendar-days.ts';
import { quarterDays } from '../../../../common/quarters.ts';
import { belongsTo, mayInOrganisation } from '../../auth/permissions.ts';
import { organisationOf, principalOf } from '../../http/access.ts';
import { actorOf, auditEntry } from '../../http/audit-entry.ts';
import { askedPeriod, periodLimits } from '../../http/period-schema.ts';
import { HttpProblem } from '../../http/problem.ts';
import { noContent, problems } from '../../http/problem-schema.ts';
import type { User } from '../../store/accounts.ts';
import type { Edition, EditionSummary } from '../../store/observatoire.ts';
import type { Store } from '../../store/store.ts';
import { makeEdition, regenerateEdition, tableCsv } from './editions.ts';
import {
  editionId,
  editionList,
  editionResponse,
  newEdition,
  type ObservatoireRow,
  observatoireQuery,
  observatoireResponse,
  organisationParams,
  publication,
  tableViewQuery,
} from './observatoire-schema.ts';
import { observatoireTable, previousPeriod } from './observatoire-table.ts';
import { readableRows, sortRows, viewTable } from './table-view.ts';

export type ObservatoireRouteOptions = {
  store: Store;
  now: () => Date;
  reportTimeZone: string;
  minAnswers: number;
};

/** Whether a person may see an edition at all: the platform's is its administrators'. */
function maySee(user: User, edition: Pick<EditionSummary, 'organisationId'>): boolean {
  return edition.organisationId === undefined
    ? user.isAdmin
    : belongsTo(user, edition.organisationId);
}

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

  const summaryView = async (
    edition: Omit<EditionSummary, 'procedures'>,
    names: Map<number, string>,
  ): Promise<z.infer<typeof editionList>['editions'][number]> => ({
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
    published:
      edition.organisationId !== undefined &&
      ((await store.publishesObservatoire(edition.organisationId)) ?? false),
  });

  /** The edition named in the path, as its reader may see it; 404 to anybody else. */
  const readableEdition = async (user: User, id: number): Promise<Edition<ObservatoireRow>> => {
    const edition = await store.findEdition<ObservatoireRow>(id);
    if (!edition || !maySee(user, edition))
      throw new HttpProblem(404, `There is no edition with the id ${id}.`);
    return { ...edition, rows: readableRows(edition.rows, user) };
  };

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
      const { user } = principalOf(request);
      const { organisation } = request.query;
      if (organisation !== undefined && !belongsTo(user, organisation))
        throw new HttpProblem(404, `There is no organisation with the id ${organisation}.`);
      const period = askedPeriod(request.query, now(), reportTimeZone, 91);
      // A person of one organisation reads only its sums; a platform administrator, everyone's.
      const only =
        organisation ??
        (user.isAdmin || Object.keys(user.organisations).length !== 1
          ? undefined
          : Number(Object.keys(user.organisations)[0]));
      const table = await observatoireTable(store, minAnswers, period, only);
      return {
        period: table.period,
        previous: table.previous,
        minAnswers,
        ...viewTable(readableRows(table.rows, user), request.query),
      };
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
        response: { 200: editionList, ...problems(401, 503) },
      },
    },
    async (request) => {
      const { user } = principalOf(request);
      const names = await organisationNames();
      const mine = user.isAdmin ? [...names.keys()] : Object.keys(user.organisations).map(Number);
      const editions = (
        await store.listEditions(user.isAdmin ? {} : { organisationIds: mine })
      ).filter((edition) => maySee(user, edition));
      return {
        editions: await Promise.all(editions.map((edition) => summaryView(edition, names))),
        organisations: await Promise.all(
          mine.map(async (id) => ({
            id,
            name: names.get(id) ?? '',
            publishes: (await store.publishesObservatoire(id)) ?? false,
            mayManage: mayInOrganisation(user, 'manage', id),
          })),
        ),
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
          'An edition is made once: a quarter that has one is a 409 (a platform administrator may regenerate it).',
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
        if (!belongsTo(user, organisation))
          throw new HttpProblem(404, `There is no organisation with the id ${organisation}.`);
        if (!mayInOrganisation(user, 'manage', organisation))
          throw new HttpProblem(403, 'Only an administrator of this organisation may do this.');
      }
      if (quarterDays(quarter).from > reportDay(now(), reportTimeZone))
        throw new HttpProblem(400, `${quarter} has not begun: its edition would be empty.`);
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
      return reply.code(201).send(await summaryView(made, await organisationNames()));
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
      const period = quarterDays(edition.quarter);
      return {
        ...(await summaryView(edition, await organisationNames())),
        period,
        previous: previousPeriod(period),
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
        response: {
          200: {
            description: 'UTF-8 with a BOM, `;`-separated, decimal commas, one procedure a line.',
            content: { 'text/csv': { schema: z.string() } },
          },
          ...problems(400, 401, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const { user } = principalOf(request);
      const edition = await readableEdition(user, request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="observatoire-${edition.quarter}-${edition.organisationId ?? 'plateforme'}.csv"`,
        )
        .send(tableCsv(sortRows(edition.rows, 'name')));
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
