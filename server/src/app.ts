import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { registerCors } from './plugins/cors.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerProblemHandlers } from './problem.ts';
import { feedbackRoute } from './routes/feedback.ts';
import { healthRoutes } from './routes/health.ts';
import type { Store } from './store/store.ts';

export type AppDependencies = {
  config: Config;
  store: Store;
  /** The clock; tests move it to cross the 24 h update window. */
  now?: () => Date;
  /** Where logs go; tests capture them. Default: stdout. */
  logStream?: NodeJS.WritableStream;
};

/** DESIGN §4: an answer, comment included, fits in 16 KB; more is refused with a 413. */
const bodyLimit = 16 * 1024;

/**
 * Builds the whole service, ready for `inject` or `listen`; it never listens itself
 * (server.ts does). Every plugin and route is registered here, so this file is the map.
 */
export async function buildApp({
  config,
  store,
  now = () => new Date(),
  logStream,
}: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(logStream && { stream: logStream }),
      // DESIGN §5: answers are anonymous, so the client address is never logged.
      serializers: {
        req: (request) => ({ method: request.method, url: request.url }),
      },
    } satisfies FastifyServerOptions['logger'],
    trustProxy: config.trustProxy ?? false,
    bodyLimit,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandlers(app);

  await registerOpenApi(app);
  await registerCors(app, store);

  await app.register(healthRoutes, { store });
  await app.register(feedbackRoute, {
    store,
    now,
    reportTimeZone: config.reportTimeZone,
    publicUrl: config.publicUrl,
  });
  return app;
}
