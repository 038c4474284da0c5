import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type ProblemStatus,
  problemMediaType,
  problemResponses,
  problems,
} from './problem-schema.ts';

type Response = { $ref?: string; content?: Record<string, { schema?: unknown }> };
type Document = {
  paths?: Record<string, Record<string, { responses?: Record<string, Response> }>>;
  components?: { schemas?: Record<string, unknown>; responses?: Record<string, unknown> };
};

/**
 * The problem+json responses the routes declare with `problems(…)` become references to one
 * shared response per status (components/responses), each referencing the one `Problem` schema
 * (components/schemas): the error shape is written once, as problem.ts produces it once.
 */
export function shareProblemResponses(document: Document): Document {
  const used = new Set<ProblemStatus>();
  let schema: unknown;
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const content = response.content?.[problemMediaType];
        if (!content) continue;
        // Every route's copy is the same conversion of the same zod schema: one is kept.
        schema ??= content.schema;
        const problemStatus = Number(status) as ProblemStatus;
        used.add(problemStatus);
        (operation.responses as Record<string, Response>)[status] = {
          $ref: `#/components/responses/${problemResponses[problemStatus].name}`,
        };
      }
    }
  }
  if (schema === undefined) return document;
  const shared = [...used]
    .sort((a, b) => a - b)
    .map((status) => {
      const { name, description, ...rest } = problemResponses[status];
      const response = {
        description,
        ...('headers' in rest && { headers: rest.headers }),
        content: { [problemMediaType]: { schema: { $ref: '#/components/schemas/Problem' } } },
      };
      return [name, response] as const;
    });
  return {
    ...document,
    components: {
      ...document.components,
      schemas: { ...document.components?.schemas, Problem: schema },
      responses: { ...document.components?.responses, ...Object.fromEntries(shared) },
    },
  };
}

/**
 * The OpenAPI 3 description, generated from the routes' zod schemas (docs/design.md §8.2): the
 * schema that validates a request is the one documented, so the two cannot drift apart. Served as
 * JSON at /api/v1/openapi.json and browsable at /docs. `npm run lint:openapi` holds it to Redocly's
 * recommended rules, for client generators.
 */
export async function registerOpenApi(
  app: FastifyInstance,
  { publicUrl }: { publicUrl: string | undefined },
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Je donne mon avis',
        description:
          'Collects and aggregates citizens’ feedback on online procedures. Private routes take the dashboard’s session cookie or `Authorization: Bearer <API key>`. Errors are RFC 9457 problem details (`application/problem+json`).',
        version: '1',
        // As in package.json.
        license: { name: 'MIT', identifier: 'MIT' },
      },
      // PUBLIC_URL when the operator set it; else this very host (a relative URL), wherever the
      // description was fetched from.
      servers: [{ url: publicUrl ?? '/' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: '__Host-session' },
          apiKey: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) =>
      'openapiObject' in document
        ? (shareProblemResponses(
            document.openapiObject as Document,
          ) as typeof document.openapiObject)
        : document.swaggerObject,
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
      config: { access: 'public' },
      schema: {
        operationId: 'getOpenApiDescription',
        tags: ['operations'],
        summary: 'This description',
        security: [],
        // Credentials sent along are checked as anywhere under /api/v1: a stale key gets a 401, and
        // a database out of reach a 503.
        response: { 200: z.record(z.string(), z.unknown()), ...problems(401, 503) },
      },
    },
    async () => app.swagger() as unknown as Record<string, unknown>,
  );
}
