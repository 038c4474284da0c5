import { describe, expect, it } from 'vitest';
import { secretHash } from '../../server/src/auth/secrets.ts';
import { sessionCookie } from '../../server/src/http/authentication.ts';
import { startSmtpServer } from '../fixtures/smtp-server.ts';
import { proConnectOnly, startTestApp } from '../helpers.ts';

const origin = 'https://avis.example.gouv.fr';

/**
 * PASSWORD_LOGIN=false (docs/design.md §11): ProConnect signs everyone in; nothing takes a
 * password.
 */
describe('with password sign-in off', () => {
  it('refuses every route that checks or sets a password, saying to sign in with ProConnect', async () => {
    const t = await startTestApp({ ...proConnectOnly, PUBLIC_URL: origin });
    const post = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, headers: { origin }, payload });
    const password = 'une phrase de passe assez longue';
    const token = 'a'.repeat(43);
    for (const [url, body] of [
      ['/api/v1/session', { email: 'agent@example.gouv.fr', password }],
      ['/api/v1/password-reset', { email: 'agent@example.gouv.fr' }],
      ['/api/v1/password-reset/confirm', { token, password }],
      ['/api/v1/invitations/accept', { token, password }],
    ] as const) {
      const refused = await post(url, body);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json().detail).toBe('Password sign-in is off here: sign in with ProConnect.');
    }
    const methods = await t.app.inject({ method: 'GET', url: '/api/v1/sign-in-methods' });
    expect(methods.json()).toEqual({ password: false, proConnect: true });
  });

  it('invites to sign in with ProConnect, not to choose a password', async () => {
    const smtp = await startSmtpServer();
    const t = await startTestApp({ ...proConnectOnly, PUBLIC_URL: origin, SMTP_URL: smtp.url });
    // Signed in as ProConnect would have done: a session of a password-less account.
    const admin = await t.store.createUser({
      email: 'admin@example.gouv.fr',
      passwordHash: '',
      isAdmin: true,
    });
    if (!admin) throw new Error('duplicate');
    await t.store.createSession(secretHash('jeton-de-session'), admin.id, t.clock.now());
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: { origin, cookie: `${sessionCookie}=jeton-de-session` },
      payload: { email: 'agent@example.gouv.fr', role: 'viewer', procedures: [t.procedure.key] },
    });
    expect(invited.statusCode).toBe(201);
    await t.app.mailSender.sendDue();
    const [mail] = smtp.received;
    expect(mail?.text).toContain(
      'Pour ouvrir votre compte, identifiez-vous avec ProConnect en utilisant cette adresse e-mail.',
    );
    expect(mail?.text).not.toContain('mot de passe');
  });
});
