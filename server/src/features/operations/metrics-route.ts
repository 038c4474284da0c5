import type { FastifyPluginAsync } from 'fastify';
import type { Metrics } from './metrics.ts';

/** Prometheus text format, for the operator's scraper. */
export const metricsRoute: FastifyPluginAsync<{ metrics: Metrics }> = async (app, { metrics }) => {
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
};
