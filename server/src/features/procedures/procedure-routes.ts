import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { may } from '../../auth/permissions.ts';
import { admin, signedIn } from '../../http/authentication.ts';
import { HttpProblem } from '../../http/problem.ts';
import { noContent, problems } from '../../http/problem-schema.ts';
import type { Procedure, Store } from '../../store/store.ts';
import { procedureParams } from '../answers/answer-schema.ts';
import { reportDay } from '../answers/report-day.ts';
import { computeIndicators } from '../stats/indicators.ts';
import { addDays } from '../stats/procedure-stats.ts';
import { procedureFor } from './procedure-access.ts';
import {
  newProcedure,
  procedureChanges,
  procedureSummary,
  procedureView,
} from './procedure-schema.ts';

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

/** The procedures a person may see, and their management (DESIGN §4). */
export const procedureRoutes: FastifyPluginAsyncZod<ProcedureRouteOptions> = async (
  app,
  options,
) => {
  const { store, now, reportTimeZone, minAnswers } = options;
  const tags = ['procedures'];

  app.get(
    '/api/v1/procedures',
    {
      schema: {
        operationId: 'listProcedures',
        tags,
        summary: 'The procedures you may see, with their last 12 months',
        response: { 200: z.array(procedureSummary), ...problems(401, 503) },
      },
    },
    async (request) => {
      const { user } = signedIn(request);
      const today = reportDay(now(), reportTimeZone);
      const yearAgo = addDays(today, -364);
      const visible = (await store.listProcedures()).filter((p) => may(user, 'read', p.key));
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
      schema: {
        operationId: 'createProcedure',
        tags,
        summary: 'Create a procedure (admin)',
        body: newProcedure,
        response: { 201: procedureView, ...problems(400, 401, 403, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const user = admin(request);
      const procedure = await store.createProcedure(request.body);
      await store.appendAudit({
        at: now(),
        actor: user.email,
        action: 'procedure.create',
        target: procedure.key,
        details: { name: procedure.name },
      });
      return reply.code(201).send(view(procedure));
    },
  );

  app.get(
    '/api/v1/procedures/:key',
    {
      schema: {
        operationId: 'getProcedure',
        tags,
        summary: 'One procedure',
        params: procedureParams,
        response: { 200: procedureView, ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const { procedure } = await procedureFor(request, store, request.params.key, 'read');
      return view(procedure);
    },
  );

  app.patch(
    '/api/v1/procedures/:key',
    {
      schema: {
        operationId: 'updateProcedure',
        tags,
        summary: 'Rename, set allowed origins or questions, archive (owner)',
        params: procedureParams,
        body: procedureChanges,
        response: { 200: procedureView, ...problems(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request) => {
      const { user } = await procedureFor(request, store, request.params.key, 'manage');
      const procedure = await store.updateProcedure(request.params.key, request.body);
      if (!procedure) throw new HttpProblem(404, 'This procedure was just deleted.');
      await store.appendAudit({
        at: now(),
        actor: user.email,
        action: 'procedure.update',
        target: procedure.key,
        details: request.body,
      });
      return view(procedure);
    },
  );

  app.delete(
    '/api/v1/procedures/:key',
    {
      schema: {
        operationId: 'deleteProcedure',
        tags,
        summary: 'Delete a procedure and all its answers (admin)',
        params: procedureParams,
        response: { 204: noContent('Deleted'), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const user = admin(request);
      if (!(await store.deleteProcedure(request.params.key))) {
        throw new HttpProblem(404, `There is no procedure with the key ${request.params.key}.`);
      }
      request.params.key;
      await store.appendAudit({
        at: now(),
        actor: user.email,
        action: 'procedure.delete',
        target: request.params.key,
        details: {},
      });
      return reply.code(204).send();
    },
  );
};
