import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpProblem } from '../../http/problem.ts';
import { problems } from '../../http/problem-schema.ts';
import type { Store } from '../../store/store.ts';

const healthy = z.object({ status: z.literal('ok') });

/** Liveness and readiness probes for the orchestrator (docs/design.md §4, operations). */
export const healthRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  const schema = { tags: ['operations'], security: [] };

  app.get(
    '/healthz',
    {
      schema: {
        ...schema,
        operationId: 'checkLiveness',
        summary: 'The process is up',
        response: { 200: healthy },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        ...schema,
        operationId: 'checkReadiness',
        summary: 'The database answers',
        response: { 200: healthy, ...problems(503) },
      },
    },
    async () => {
      if (!(await store.isReady())) {
        throw new HttpProblem(503, 'The database does not answer.', { 'retry-after': '5' });
      }
      return { status: 'ok' as const };
    },
  );
};
