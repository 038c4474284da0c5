import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { procedureOf } from '../../http/access.ts';
import { actorOf } from '../../http/audit-entry.ts';
import { HttpProblem } from '../../http/problem.ts';
import { noContent, problems } from '../../http/problem-schema.ts';
import { procedureParams } from '../../http/procedure-params.ts';
import type { Improvement } from '../../store/improvements.ts';
import type { Store } from '../../store/store.ts';
import {
  improvementChanges,
  improvementParams,
  improvementView,
  newImprovement,
} from './improvement-schema.ts';
import { createImprovement, deleteImprovement, updateImprovement } from './improvements.ts';

function view(improvement: Improvement): z.infer<typeof improvementView> {
  return {
    id: improvement.id,
    date: improvement.date,
    title: improvement.title,
    text: improvement.text,
    link: improvement.link ?? null,
    createdAt: improvement.createdAt.toISOString(),
    updatedAt: improvement.updatedAt.toISOString(),
  };
}

const notFound = (id: number) => new HttpProblem(404, `This procedure has no improvement ${id}.`);

/**
 * «Vous avez dit, nous avons fait»: what owners changed because of the answers
 * (docs/design.md §10).
 */
export const improvementRoutes: FastifyPluginAsyncZod<{ store: Store; now: () => Date }> = async (
  app,
  { store, now },
) => {
  const tags = ['improvements'];

  app.get(
    '/api/v1/procedures/:key/improvements',
    {
      config: { access: { procedure: 'read' } },
      schema: {
        operationId: 'listImprovements',
        tags,
        summary: 'The improvements made because of the answers, newest first',
        params: procedureParams,
        response: { 200: z.array(improvementView), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request) => (await store.listImprovements(procedureOf(request).key)).map(view),
  );

  app.post(
    '/api/v1/procedures/:key/improvements',
    {
      config: { access: { procedure: 'manage' } },
      schema: {
        operationId: 'createImprovement',
        tags,
        summary: 'Publish an improvement (owner): plain text, an optional http(s) link',
        params: procedureParams,
        body: newImprovement,
        response: { 201: improvementView, ...problems(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const { key } = procedureOf(request);
      const improvement = await createImprovement(store, key, request.body, actorOf(request, now));
      if (!improvement) throw new HttpProblem(404, 'This procedure was just deleted.');
      return reply.code(201).send(view(improvement));
    },
  );

  app.patch(
    '/api/v1/procedures/:key/improvements/:id',
    {
      config: { access: { procedure: 'manage' } },
      schema: {
        operationId: 'updateImprovement',
        tags,
        summary: 'Change an improvement (owner)',
        params: improvementParams,
        body: improvementChanges,
        response: { 200: improvementView, ...problems(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request) => {
      const { key } = procedureOf(request);
      const { id } = request.params;
      const improvement = await updateImprovement(
        store,
        key,
        id,
        request.body,
        actorOf(request, now),
      );
      if (!improvement) throw notFound(id);
      return view(improvement);
    },
  );

  app.delete(
    '/api/v1/procedures/:key/improvements/:id',
    {
      config: { access: { procedure: 'manage' } },
      schema: {
        operationId: 'deleteImprovement',
        tags,
        summary: 'Remove an improvement (owner)',
        params: improvementParams,
        response: { 204: noContent('Deleted'), ...problems(400, 401, 403, 404, 503) },
      },
    },
    async (request, reply) => {
      const { key } = procedureOf(request);
      const { id } = request.params;
      if (!(await deleteImprovement(store, key, id, actorOf(request, now)))) throw notFound(id);
      return reply.code(204).send();
    },
  );
};
