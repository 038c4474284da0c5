import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * The OpenAPI 3 description, generated from the routes' zod schemas (DESIGN §8.2): the schema
 * that validates a request is the one documented, so the two cannot drift apart.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Je donne mon avis',
        description: 'Collects and aggregates citizens’ feedback on online procedures.',
        version: '1',
      },
    },
    transform: jsonSchemaTransform,
  });

  app.get(
    '/api/v1/openapi.json',
    { schema: { hide: true, response: { 200: z.record(z.string(), z.unknown()) } } },
    async () => app.swagger() as unknown as Record<string, unknown>,
  );
}
