import { describe, expect, it } from 'vitest';
import { adminApiKey } from '../fixtures/admin-api-key.ts';
import { startOpenIdProvider } from '../fixtures/openid-provider.ts';
import { startSmtpServer } from '../fixtures/smtp-server.ts';
import { startTestApp } from '../helpers.ts';

/** Anyone may send any Host; a link built from it would carry a token to the sender's server. */
const forged = { host: 'evil.example' };

/** The service with a mailbox that keeps what it is sent, and one account to reset. */
async function withMailbox(env: Record<string, string> = {}) {
  const smtp = await startSmtpServer();
  const t = await startTestApp({ SMTP_URL: smtp.url, ...env });
  await t.store.createUser({ email: 'owner@example.gouv.fr', passwordHash: 'x', isAdmin: false });
  /** The text of every mail sent so far. */
  const mailed = async () => {
    await t.app.mailSender.sendDue();
    return smtp.received.map((mail) => `${mail.text}\n${mail.html}`);
  };
  return { ...t, mailed };
}

const askReset = (t: Awaited<ReturnType<typeof withMailbox>>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/password-reset',
    headers: forged,
    payload: { email: 'owner@example.gouv.fr' },
  });

describe('links the service writes come from its configuration, never from the Host header', () => {
  it('without PUBLIC_URL (development), a reset asked with a forged Host mails a link to localhost', async () => {
    const t = await withMailbox();
    expect((await askReset(t)).statusCode).toBe(202);
    const [mail] = await t.mailed();
    expect(mail).toMatch(/http:\/\/localhost:3000\/dashboard\/password#token=[\w-]+/);
    expect(mail).not.toContain('evil.example');
  });

  it('with PUBLIC_URL, a reset asked with a forged Host mails a link on PUBLIC_URL', async () => {
    const t = await withMailbox({ PUBLIC_URL: 'https://avis.example.gouv.fr' });
    await askReset(t);
    const [mail] = await t.mailed();
    expect(mail).toMatch(/https:\/\/avis\.example\.gouv\.fr\/dashboard\/password#token=[\w-]+/);
    expect(mail).not.toContain('evil.example');
  });

  it('an invitation made with a forged Host mails its link on the configured origin', async () => {
    const t = await withMailbox();
    const key = await adminApiKey(t.store);
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: { ...forged, authorization: `Bearer ${key}` },
      payload: { email: 'new@example.gouv.fr', role: 'admin' },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const [mail] = await t.mailed();
    expect(mail).toMatch(/http:\/\/localhost:3000\/dashboard\/invitation#token=[\w-]+/);
    expect(mail).not.toContain('evil.example');
  });

  it('the widget is given the results page on the configured origin, whatever Host it asked', async () => {
    const t = await startTestApp();
    await t.store.updateProcedure(t.procedure.key, { public: true });
    const link = await t.app.inject({
      url: `/api/v1/procedures/${t.procedure.key}/results-link`,
      headers: forged,
    });
    expect(link.json()).toEqual({
      url: `http://localhost:3000/resultats/${t.procedure.key}`,
    });
  });

  it('ProConnect is asked to send the person back to the configured origin, whatever the Host', async () => {
    const provider = await startOpenIdProvider();
    try {
      provider.start('http://localhost:3000');
      const t = await startTestApp({
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: 'avis',
        OIDC_CLIENT_SECRET: 'un secret de test assez long pour HS256 et le reste',
      });
      const login = await t.app.inject({ url: '/api/v1/oidc/login', headers: forged });
      expect(login.statusCode, login.body).toBe(302);
      const to = new URL(String(login.headers.location));
      expect(to.searchParams.get('redirect_uri')).toBe(
        'http://localhost:3000/api/v1/oidc/callback',
      );
    } finally {
      await provider.close();
    }
  });
});
