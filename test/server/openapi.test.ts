import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers.ts';

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

  it('is browsable at /docs', async () => {
    const { app } = await startTestApp();
    const response = await app.inject({ url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });
});
