import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { problem } from '../../server/src/http/problem-schema.ts';
import { startTestApp, uuidv7 } from '../helpers.ts';

type Operation = {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { $ref?: string }>;
};
type Spec = {
  paths: Record<string, Record<string, Operation>>;
  components: {
    responses: Record<string, { headers?: Record<string, unknown>; content: unknown }>;
  };
};

async function description() {
  const { app } = await startTestApp();
  return (await app.inject({ url: '/api/v1/openapi.json' })).json() as Spec;
}

function operations(spec: Spec) {
  return Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      name: `${method.toUpperCase()} ${path}`,
      method,
      path,
      operation,
    })),
  );
}

/** The error statuses an operation documents. */
function errorStatuses(operation: Operation): number[] {
  return Object.keys(operation.responses)
    .map(Number)
    .filter((status) => status >= 400);
}

describe('OpenAPI description', () => {
  it('is valid OpenAPI 3 and lists every API route', async () => {
    const { app } = await startTestApp();
    const response = await app.inject({ url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const spec = response.json();
    const result = await validate(structuredClone(spec));
    expect(result.valid, JSON.stringify(result, null, 1).slice(0, 2000)).toBe(true);

    const documented = new Set(
      Object.entries(spec.paths as Record<string, object>).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    for (const expected of [
      'POST /api/v1/procedures/{key}/feedback',
      'POST /api/v1/session',
      'DELETE /api/v1/session',
      'GET /api/v1/me',
      'GET /api/v1/procedures',
      'POST /api/v1/procedures',
      'GET /api/v1/procedures/{key}',
      'PATCH /api/v1/procedures/{key}',
      'DELETE /api/v1/procedures/{key}',
      'GET /api/v1/procedures/{key}/stats',
      'GET /api/v1/procedures/{key}/feedback',
      'DELETE /api/v1/procedures/{key}/feedback/{id}',
      'GET /api/v1/procedures/{key}/export.csv',
      'GET /api/v1/procedures/{key}/export.xlsx',
      'GET /api/v1/observatoire/export.csv',
      'GET /api/v1/observatoire/export.xlsx',
      'GET /api/v1/observatoire/editions/{id}/export.csv',
      'GET /api/v1/observatoire/editions/{id}/export.xlsx',
      'GET /api/v1/users',
      'POST /api/v1/users',
      'DELETE /api/v1/users/{id}',
      'GET /api/v1/api-keys',
      'POST /api/v1/api-keys',
      'DELETE /api/v1/api-keys/{id}',
      'GET /api/v1/audit-log',
      'GET /healthz',
      'GET /readyz',
    ]) {
      expect(documented, expected).toContain(expected);
    }
    // …and everything documented is really served.
    for (const operation of documented) {
      const [method, path] = operation.split(' ') as [string, string];
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      expect(app.hasRoute({ method: method as 'GET', url }), operation).toBe(true);
    }
  });

  it('says where the API is (PUBLIC_URL, else the host it was fetched from) and its licence', async () => {
    const fetch = async (env: Record<string, string>) => {
      const { app } = await startTestApp(env);
      return (await app.inject({ url: '/api/v1/openapi.json' })).json();
    };
    const configured = await fetch({ PUBLIC_URL: 'https://avis.example.gouv.fr' });
    expect(configured.servers).toEqual([{ url: 'https://avis.example.gouv.fr' }]);
    expect(configured.paths).toHaveProperty(['/api/v1/procedures/{key}/feedback']);
    const relative = await fetch({});
    expect(relative.servers).toEqual([{ url: '/' }]);
    expect(relative.info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
  });

  it('names every operation with a unique camelCase operationId, for client generators', async () => {
    const ids = operations(await description()).map(({ operation }) => operation.operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z]+$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('describes every error once: operations refer to shared problem+json responses', async () => {
    const spec = await description();
    const shared = spec.components.responses;
    for (const { name, operation } of operations(spec)) {
      // The liveness probe reads nothing a client could get wrong, and touches no database.
      if (operation.operationId !== 'checkLiveness') {
        expect(errorStatuses(operation).length, name).toBeGreaterThan(0);
      }
      for (const status of errorStatuses(operation)) {
        const { $ref } = operation.responses[status] as { $ref?: string };
        expect($ref, `${name} ${status}`).toMatch(/^#\/components\/responses\/\w+$/);
      }
    }
    for (const [name, response] of Object.entries(shared)) {
      expect(response.content, name).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      });
    }
    expect(shared.TooManyRequests?.headers).toHaveProperty('Retry-After');
    expect(shared.ServiceUnavailable?.headers).toHaveProperty('Retry-After');
  });

  it('documents on each operation the errors the framework answers before its handler', async () => {
    for (const { name, method, path, operation } of operations(await description())) {
      const statuses = errorStatuses(operation);
      const isPrivateApi =
        path.startsWith('/api/v1/') && operation.operationId !== 'submitFeedback';
      // Invalid parameters, query or body.
      if (operation.parameters || operation.requestBody) expect(statuses, name).toContain(400);
      // Body over 16 KB, or neither JSON nor (answers only) text/plain.
      if (operation.requestBody) expect(statuses, name).toEqual(expect.arrayContaining([413, 415]));
      // Credentials sent along are checked under /api/v1, whatever the route…
      if (isPrivateApi) expect(statuses, name).toContain(401);
      // …and a change carried by the session cookie must come from the dashboard's origin.
      if (isPrivateApi && method !== 'get') expect(statuses, name).toContain(403);
      // PostgreSQL out of reach: every route that touches the database.
      if (operation.operationId !== 'checkLiveness') expect(statuses, name).toContain(503);
    }
  });

  it('the answer route answers each error it documents, as the shared problem', async () => {
    // One new answer an hour: the first one; the next new one is the 429 (the refusals below
    // count for nothing).
    const { app, post, procedure, store } = await startTestApp({ RATE_LIMIT_PER_HOUR: '1' });
    const other = await store.createProcedure({ name: 'Carte grise', allowedOrigins: [] });
    const spec = (await app.inject({ url: '/api/v1/openapi.json' })).json() as Spec;
    const documented = errorStatuses(
      spec.paths['/api/v1/procedures/{key}/feedback']?.post as Operation,
    );
    const id = uuidv7();
    expect((await post({ id, satisfaction: 'good' })).statusCode).toBe(201);
    const answers = {
      400: await post({ id: uuidv7(), satisfaction: 'good', clarity: 9 }),
      403: await post(
        { id: uuidv7(), satisfaction: 'good' },
        { headers: { origin: 'https://evil.example' } },
      ),
      404: await post({ id: uuidv7(), satisfaction: 'good' }, { key: 'nosuchkey' }),
      409: await post({ id, satisfaction: 'good' }, { key: other.key }),
      413: await post({ id: uuidv7(), satisfaction: 'good', comment: 'x'.repeat(17_000) }),
      415: await app.inject({
        method: 'POST',
        url: `/api/v1/procedures/${procedure.key}/feedback`,
        headers: { 'content-type': 'application/xml' },
        payload: '<answer/>',
      }),
      429: await post({ id: uuidv7(), satisfaction: 'good' }),
    };
    // 503 (database out of reach) is provoked in durability.test.ts and postgres.test.ts.
    expect([...Object.keys(answers).map(Number), 503]).toEqual(documented);
    for (const [status, response] of Object.entries(answers)) {
      expect(response.statusCode, status).toBe(Number(status));
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(problem.strict().parse(response.json()).status).toBe(Number(status));
    }
    expect(Number(answers[429].headers['retry-after'])).toBeGreaterThan(0);
    expect(answers[400].json().errors).toEqual([{ path: 'clarity', message: expect.any(String) }]);
  });

  it('answers a stale API key with the 401 it documents, even on a public route', async () => {
    const { app } = await startTestApp();
    const response = await app.inject({
      url: '/api/v1/widget',
      headers: { authorization: 'Bearer avis_revoked' },
    });
    expect(response.statusCode).toBe(401);
    expect(problem.parse(response.json()).status).toBe(401);
  });

  it('is browsable at /docs', async () => {
    const { app } = await startTestApp();
    const response = await app.inject({ url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });
});
