import { describe, expect, it } from 'vitest';
import { checkHtml, javaAvailable } from '../fixtures/html-validator.ts';
import { proConnectOnly, startTestApp } from '../helpers.ts';

/**
 * The pages the ProConnect routes answer a browser with, when no provider is needed to reach
 * them: ProConnect down (its issuer here is a closed port), and a callback without a sign-in in
 * progress. The dance itself is in test/browser/proconnect.test.ts.
 */
describe('ProConnect’s pages of ours', () => {
  it('says ProConnect does not answer, in a page, when it cannot be reached', async () => {
    const t = await startTestApp(proConnectOnly);
    const down = await t.app.inject({ method: 'GET', url: '/api/v1/oidc/login' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(down.headers['retry-after']).toBe('60');
    expect(down.body).toContain('<h1>ProConnect ne répond pas</h1>');
    expect(down.body).toContain('Réessayez dans quelques minutes');
    expect(down.body).not.toMatch(/ECONNREFUSED|Error|at .*\.ts/);
    expect(down.headers['set-cookie']).toBeUndefined();
  });

  it('stops a client forging callbacks before it fills the audit log', async () => {
    const t = await startTestApp(proConnectOnly);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push(
        (await t.app.inject({ method: 'GET', url: '/api/v1/oidc/callback?code=x&state=y' }))
          .statusCode,
      );
    expect(statuses).toEqual(Array(30).fill(403));
    const stopped = await t.app.inject({ method: 'GET', url: '/api/v1/oidc/callback' });
    expect(stopped.statusCode).toBe(429);
    expect(stopped.headers['content-type']).toContain('application/problem+json');
    const refusals = (await t.store.listAudit(100)).filter((e) => e.action === 'sign-in.refused');
    expect(refusals).toHaveLength(30);
  });

  it.skipIf(!javaAvailable)(
    'are valid HTML (W3C Nu checker)',
    async () => {
      const t = await startTestApp(proConnectOnly);
      const pages = {
        down: (await t.app.inject({ method: 'GET', url: '/api/v1/oidc/login' })).body,
        refused: (
          await t.app.inject({ method: 'GET', url: '/api/v1/oidc/callback?code=x&state=y' })
        ).body,
      };
      expect(pages.refused).toContain('Cette connexion a expiré ou a déjà servi');
      expect(checkHtml(pages)).toEqual({ down: [], refused: [] });
    },
    120_000,
  );
});
