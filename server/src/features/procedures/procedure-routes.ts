import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addDays, reportDay } from '../../../../common/calendar-days.ts';
import { may } from '../../auth/permissions.ts';
import { type Access, principalOf, procedureOf } from '../../http/access.ts';
import { actorOf } from '../../http/audit-entry.ts';
import { HttpProblem } from '../../http/problem.ts';
import { noContent, problems } from '../../http/problem-schema.ts';
import { procedureParams } from '../../http/procedure-params.ts';
import type { Procedure } from '../../store/procedures.ts';
import type { Store } from '../../store/store.ts';
import { computeIndicators } from '../stats/indicators.ts';
import { createProcedure } from './create-procedure.ts';
import { deleteProcedure } from './delete-procedure.ts';
import {
  newProcedure,
  procedureChanges,
  procedureSummary,
  procedureView,
} from './procedure-schema.ts';
import { updateProcedure } from './update-procedure.ts';

export type ProcedureRouteOptions = {
  store: Store;
  now: () => Date;
  reportTimeZone: string;
  minAnswers: number;
};

function view(procedure: Procedure) {
  return {
    ...procedure,
    createdAt: procedure.createdAt.toISOString(),
    archivedAt: procedure.archivedAt?.toISOString() ?? null,
  };
}

/** The procedures a person may see, and their management (docs/design.md §4). */
export const procedureRoutes: FastifyPluginAsyncZod<ProcedureRouteOptions> = async (
  app,
  options,
) => {
  const { store, now, reportTimeZone, minAnswers } = options;
  const tags = ['procedures'];
  const access = (access: Access) => ({ access });

  app.get(
    '/api/v1/procedures',
    {
      config: access('signed-in'),
      schema: {
        operationId: 'listProcedures',
        tags,
        summary: 'The procedures you may see, with their last 12 months',
        response: { 200: z.array(procedureSummary), ...problems(401, 503) },
      },
    },
    async (request) => {
      const { user } = principalOf(request);
      const today = reportDay(now(), reportTimeZone);
      const yearAgo = addDays(today, -364);
      const visible = (await store.listProcedures()).filter((p) => may(user, 'read', p));
      return Promise.all(
        visible.map(async (procedure) => {
          const range = { procedureKey: procedure.key, toDay: today, fromDay: yearAgo };
          const current = computeIndicators(await store.sumRollups(range), minAnswers);
          const before = computeIndicators(
            await store.sumRollups({
              procedureKey: procedure.key,
              fromDay: addDays(yearAgo, -365),
              toDay: addDays(yearAgo, -1),
            }),
            minAnswers,
          );
          return {
            ...view(procedure),
            lastTwelveMonths: {
              answers: current.answers,
              satisfaction: current.satisfaction,
              previousSatisfaction: before.satisfaction,
            },
          };
        }),
      );
    },
  );

  app.post(
    '/api/v1/procedures',
    {
      config: access('admin'),
      schema: {
        operationId: 'createProcedure',
        tags,
        summary: 'Create a procedure (admin)',
        body: newProcedure,
        response: { 201: procedureView, ...problems(400, 401, 403, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const procedure = await createProcedure(store, request.body, actorOf(request, now));
      return reply.code(201).send(view(procedure));
    },
  );

  app.get(
    '/api/v1/procedures/:key',
    {
      config: access({ procedure: 'read' }),
      schema: {
        operationId: 'getProcedure',
        tags,
        summary: 'One procedure',
        params: procedureParams,
        response: { 200: procedureView, ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => view(procedureOf(request)),
  );

  app.patch(
    '/api/v1/procedures/:key',
    {
      config: access({ procedure: 'manage' }),
      schema: {
        operationId: 'updateProcedure',
        tags,
        summary: 'Rename, set allowed origins or questions, archive, publish the results (owner)',
        params: procedureParams,
        body: procedureChanges,
        response: { 200: procedureView, ...problems(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request) => {
      const { key } = procedureOf(request);
      const procedure = await updateProcedure(store, key, request.body, actorOf(request, now));
      if (!procedure) throw new HttpProblem(404, 'This procedure was just deleted.');
      return view(procedure);
    },
  );

  app.delete(
    '/api/v1/procedures/:key',
    {
      config: access('admin'),
      schema: {
        operationId: 'deleteProcedure',
        tags,
        summary: 'Delete a procedure and all its answers (admin)',
        params: procedureParams,
        response: { 204: noContent('Deleted'), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { key } = request.params;
      if (!(await deleteProcedure(store, key, actorOf(request, now)))) {
        throw new HttpProblem(404, `There is no procedure with the key ${key}.`);
      }
      return reply.code(204).send();
    },
  );
};
