import type { FastifyPluginAsync } from 'fastify';
import type { Store } from '../../store/store.ts';
import type { Metrics } from './metrics.ts';

/**
 * Prometheus text format, for the operator's scraper; and the store's commits, counted for it
 * while the app lives.
 */
export const metricsRoute: FastifyPluginAsync<{ metrics: Metrics; store: Store }> = async (
  app,
  { metrics, store },
) => {
  const stopCommitMetrics = store.observeCommits(metrics.recordCommit);
  app.addHook('onClose', async () => stopCommitMetrics());
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
};
