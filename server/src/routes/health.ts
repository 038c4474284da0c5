import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpProblem } from '../problem.ts';
import type { Store } from '../store/store.ts';

const healthy = z.object({ status: z.literal('ok') });

/** Liveness and readiness probes for the orchestrator (DESIGN §4, operations). */
export const healthRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  const schema = { tags: ['operations'], security: [], response: { 200: healthy } };

  app.get('/healthz', { schema: { ...schema, summary: 'The process is up' } }, async () => ({
    status: 'ok' as const,
  }));

  app.get('/readyz', { schema: { ...schema, summary: 'The database answers' } }, async () => {
    if (!(await store.isReady())) {
      throw new HttpProblem(503, 'The database does not answer.', { 'retry-after': '5' });
    }
    return { status: 'ok' as const };
  });
};
