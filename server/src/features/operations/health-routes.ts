import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpProblem } from '../../http/problem.ts';
import { problems } from '../../http/problem-schema.ts';
import type { Store } from '../../store/store.ts';

const healthy = z.object({ status: z.literal('ok') });

/** Liveness and readiness probes for the orchestrator (docs/design.md §4, operations). */
export const healthRoutes: FastifyPluginAsyncZod<{
  store: Store;
  clientKeyOf: (address: string) => string;
}> = async (app, { store, clientKeyOf }) => {
  const schema = { tags: ['operations'], security: [] };
  // Public, and /readyz asks the database: a flood from one client is cut at 100 a second, ten
  // times what an orchestrator probing every 100 ms would send.
  const limitPerClient = () => ({
    rateLimit: {
      max: 100,
      timeWindow: 1000,
      keyGenerator: (request: { ip: string }) => `probe:${clientKeyOf(request.ip)}`,
    },
  });

  app.get(
    '/healthz',
    {
      schema: {
        ...schema,
        operationId: 'checkLiveness',
        summary: 'The process is up',
        response: { 200: healthy, ...problems(429) },
      },
      config: limitPerClient(),
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
        response: { 200: healthy, ...problems(429, 503) },
      },
      config: limitPerClient(),
    },
    async () => {
      if (!(await store.isReady())) {
        throw new HttpProblem(503, 'The database does not answer.', { 'retry-after': '5' });
      }
      return { status: 'ok' as const };
    },
  );
};
