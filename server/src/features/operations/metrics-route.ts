import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, LogController } from 'fastify';
import { secretHash } from '../../auth/secrets.ts';
import { HttpProblem, registerProblemHandlers } from '../../http/problem.ts';
import type { Metrics } from '../../metrics.ts';
import type { Store } from '../../store/store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The server of METRICS_PORT, which server.ts listens on; null when metrics share PORT. */
    metricsApp: FastifyInstance | null;
  }
}

/**
 * Prometheus text format, for the operator's scraper only: figures of traffic and failures are
 * reconnaissance to anyone else. With a token, a scrape must carry `Authorization: Bearer <it>`,
 * as Prometheus sends it from `authorization: credentials:`.
 */
export const metricsRoute: FastifyPluginAsync<{
  metrics: Metrics;
  token: string | undefined;
}> = async (app, { metrics, token }) => {
  const expected = token === undefined ? undefined : Buffer.from(secretHash(token));
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (expected && !bearerMatches(request.headers.authorization, expected)) {
      throw new HttpProblem(401, 'GET /metrics needs `Authorization: Bearer` with METRICS_TOKEN.', {
        'www-authenticate': 'Bearer realm="metrics"',
      });
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
};

/**
 * The store's commits, counted while the app lives, whether or not this app serves /metrics
 * (with METRICS_PORT another server does, from the same registry).
 */
export function countStoreCommits(app: FastifyInstance, store: Store, metrics: Metrics): void {
  const stop = store.observeCommits(metrics.recordCommit);
  app.addHook('onClose', async () => stop());
}

/**
 * METRICS_PORT: a server of its own that answers /metrics and nothing else, so that the service's
 * port, the one the reverse proxy publishes, never shows it. It logs through the service's log.
 */
export async function buildMetricsApp(
  service: FastifyInstance,
  metrics: Metrics,
  token: string | undefined,
): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: service.log.child({ server: 'metrics' }),
    logController: new LogController({ disableRequestLogging: true }),
  });
  registerProblemHandlers(app);
  await app.register(metricsRoute, { metrics, token });
  return app;
}

/** Compared as digests of equal length, in constant time: the timing tells nothing of the token. */
function bearerMatches(authorization: string | undefined, expected: Buffer): boolean {
  const given = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  return given !== undefined && timingSafeEqual(Buffer.from(secretHash(given)), expected);
}
