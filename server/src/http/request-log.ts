import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics.ts';

/**
 * One log line and one observation a request, in one hook: Fastify's own two log lines were a
 * quarter of the cost of an answer (BENCHMARKS.md, ingestion). The client's address is not in
 * it (docs/design.md §5: the logger's request serializer keeps only the method and URL).
 */
export function registerRequestLog(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL: keys and ids would make a series per procedure and answer.
    const route = request.routeOptions.url ?? 'unknown';
    const labels = { method: request.method, route, status: reply.statusCode };
    metrics.requests.inc(labels);
    metrics.requestSeconds.observe(labels, reply.elapsedTime / 1000);
    request.log.info(
      { req: request, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request completed',
    );
  });
}
