import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { may } from '../auth/permissions.ts';
import { computeIndicators } from '../indicators.ts';
import { admin, signedIn } from '../plugins/authentication.ts';
import { HttpProblem } from '../problem.ts';
import { addDays } from '../procedure-stats.ts';
import { reportDay } from '../report-day.ts';
import { feedbackParams as procedureParams } from '../schemas/feedback.ts';
import { allowedOrigin, newProcedure } from '../schemas/procedure.ts';
import { indicator } from '../schemas/stats.ts';
import { askableQuestions, type Procedure, type Store } from '../store/store.ts';
import { procedureFor } from './procedure-access.ts';

const procedureView = z.object({
  key: z.string(),
  name: z.string(),
  allowedOrigins: z.array(z.string()),
  questions: z.array(z.enum(askableQuestions)),
  createdAt: z.iso.datetime(),
  archivedAt: z.iso.datetime().nullable(),
});

const procedureSummary = procedureView.extend({
  lastTwelveMonths: z.object({
    answers: z.int(),
    satisfaction: indicator,
    previousSatisfaction: indicator.meta({ description: 'The 12 months before, to compare.' }),
  }),
});

const procedureChanges = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  allowedOrigins: z.array(allowedOrigin).max(100).optional(),
  questions: z.array(z.enum(askableQuestions)).optional(),
  archived: z.boolean().optional(),
});

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
        tags,
        summary: 'The procedures you may see, with their last 12 months',
        response: { 200: z.array(procedureSummary) },
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
        tags,
        summary: 'Create a procedure (admin)',
        body: newProcedure,
        response: { 201: procedureView },
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
        tags,
        summary: 'One procedure',
        params: procedureParams,
        response: { 200: procedureView },
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
        tags,
        summary: 'Rename, set allowed origins or questions, archive (owner)',
        params: procedureParams,
        body: procedureChanges,
        response: { 200: procedureView },
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
        tags,
        summary: 'Delete a procedure and all its answers (admin)',
        params: procedureParams,
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
