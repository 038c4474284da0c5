import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * The OpenAPI 3 description, generated from the routes' zod schemas (DESIGN §8.2): the schema
 * that validates a request is the one documented, so the two cannot drift apart. Served as JSON
 * at /api/v1/openapi.json and browsable at /docs.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Je donne mon avis',
        description:
          'Collects and aggregates citizens’ feedback on online procedures. Private routes take the dashboard’s session cookie or `Authorization: Bearer <API key>`.',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: '__Host-session' },
          apiKey: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Its own CSP, with hashes for the viewer's few inline pieces, instead of ours.
    staticCSP: true,
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });

  app.get(
    '/api/v1/openapi.json',
    {
      schema: {
        tags: ['operations'],
        summary: 'This description',
        security: [],
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    async () => app.swagger() as unknown as Record<string, unknown>,
  );
}
