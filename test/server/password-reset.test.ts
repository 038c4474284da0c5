import { describe, expect, it } from 'vitest';
import { hashPassword, passwordWork } from '../../server/src/auth/passwords.ts';
import { startSmtpServer } from '../fixtures/smtp-server.ts';
import { startTestApp, testDatabases, testPasswordHash } from '../helpers.ts';

const origin = 'http://localhost:80';
const oldPassword = 'une phrase de passe assez longue';
const newPassword = 'une toute nouvelle phrase de passe';

async function withAccount(database: Record<string, string>) {
  const smtp = await startSmtpServer();
  const t = await startTestApp({
    ...database,
    SMTP_URL: smtp.url,
    PUBLIC_URL: 'https://avis.example.gouv.fr',
  });
  const user = await t.store.createUser({
    email: 'owner@example.gouv.fr',
    passwordHash: await testPasswordHash(oldPassword),
    isAdmin: false,
  });
  const logIn = (password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { origin },
      payload: { email: 'owner@example.gouv.fr', password },
    });
  const askReset = (email: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/password-reset',
      headers: { origin },
      payload: { email },
    });
  const confirm = (token: string, password = newPassword) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/password-reset/confirm',
      headers: { origin },
      payload: { token, password },
    });
  return { ...t, smtp, user, logIn, askReset, confirm };
}

function tokenOf(text: string | undefined): string {
  const match = /https:\/\/avis\.example\.gouv\.fr\/dashboard\/password#token=([\w-]+)/.exec(
    text ?? '',
  );
  if (!match?.[1]) throw new Error(`no link in ${text}`);
  return match[1];
}

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('a forgotten password: mail with a link, new password, old one refused, other sessions ended', async () => {
      const t = await withAccount(await database.env());
      const elsewhere = String(
        String((await t.logIn(oldPassword)).headers['set-cookie']).split(';')[0],
      );

      const asked = await t.askReset('Owner@example.gouv.fr');
      expect(asked.statusCode).toBe(202);
      await t.app.mailSender.sendDue();
      expect(t.smtp.received).toHaveLength(1);
      const mail = t.smtp.received[0];
      expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe('owner@example.gouv.fr');
      expect(mail?.subject).toBe('Votre mot de passe Je donne mon avis');
      expect(mail?.html).toContain('<html lang="fr">');
      expect(mail?.text).toContain('expire dans 1 heure');
      const token = tokenOf(mail?.text);
      expect(tokenOf(mail?.html || '')).toBe(token);
      expect(mail?.messageId).toMatch(/^<[0-9a-f-]{36}@localhost>$/);

      const confirmed = await t.confirm(token);
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json()).toMatchObject({ email: 'owner@example.gouv.fr' });
      const fresh = String(String(confirmed.headers['set-cookie']).split(';')[0]);
      // The log names the account by its e-mail: whoever held the link acted as it.
      expect(
        (await t.store.listAudit(10)).find((e) => e.action === 'password.reset'),
      ).toMatchObject({ actor: 'owner@example.gouv.fr', target: 'owner@example.gouv.fr' });

      expect((await t.logIn(oldPassword)).statusCode).toBe(401);
      expect((await t.logIn(newPassword)).statusCode).toBe(200);
      const me = (cookie: string) =>
        t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      expect((await me(elsewhere)).statusCode).toBe(401);
      expect((await me(fresh)).statusCode).toBe(200);

      // Single use.
      expect((await t.confirm(token, 'encore une autre phrase de passe')).statusCode).toBe(404);
    });

    it('an unknown address gets the same answer, and no mail', async () => {
      const t = await withAccount(await database.env());
      const known = await t.askReset('owner@example.gouv.fr');
      const unknown = await t.askReset('nobody@example.gouv.fr');
      expect(unknown.statusCode).toBe(known.statusCode);
      expect(unknown.body).toBe(known.body);
      await t.app.mailSender.sendDue();
      expect(t.smtp.received.map((mail) => mail.subject)).toHaveLength(1);
    });

    it('a made-up link answers 404 at once, without hashing the new password', async () => {
      const t = await withAccount(await database.env());
      const before = passwordWork().started;
      expect((await t.confirm('made-up')).statusCode).toBe(404);
      expect(passwordWork().started).toBe(before);
      // Five new passwords being hashed meanwhile: the 404 does not wait for any of them.
      const done: string[] = [];
      const hashes = Promise.allSettled(
        Array.from({ length: 5 }, (_, i) =>
          hashPassword(`${newPassword} ${i}`).finally(() => done.push(`hash ${i}`)),
        ),
      );
      const answered = await t.confirm('made-up').finally(() => done.push('404'));
      await hashes;
      expect(answered.statusCode).toBe(404);
      expect(done[0]).toBe('404');
    });

    it('one link is tried five times an hour at most, from any client', async () => {
      const t = await withAccount(await database.env());
      await t.askReset('owner@example.gouv.fr');
      await t.app.mailSender.sendDue();
      const token = tokenOf(t.smtp.received[0]?.text);
      // Six at once, each from another address: all find the link live, five get to hash.
      const tries = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          t.app.inject({
            method: 'POST',
            url: '/api/v1/password-reset/confirm',
            headers: { origin },
            remoteAddress: `192.0.2.${i + 1}`,
            payload: { token, password: `${newPassword} ${i}` },
          }),
        ),
      );
      const statuses = tries.map((response) => response.statusCode).sort();
      // One sets the password; the link is then used, so the four others find it dead.
      expect(statuses).toEqual([200, 404, 404, 404, 404, 429]);
    });

    it('a link is dead after one hour', async () => {
      const t = await withAccount(await database.env());
      await t.askReset('owner@example.gouv.fr');
      await t.app.mailSender.sendDue();
      const token = tokenOf(t.smtp.received[0]?.text);
      t.clock.advance(60 * 60 * 1000 + 1);
      expect((await t.confirm(token)).statusCode).toBe(404);
      expect((await t.logIn(oldPassword)).statusCode).toBe(200);
    });

    it('at most three links an hour reach one account, whoever asks', async () => {
      const t = await withAccount(await database.env());
      for (let i = 0; i < 4; i++)
        expect((await t.askReset('owner@example.gouv.fr')).statusCode).toBe(202);
      await t.app.mailSender.sendDue();
      expect(t.smtp.received).toHaveLength(3);
      t.clock.advance(60 * 60 * 1000 + 1);
      expect((await t.askReset('owner@example.gouv.fr')).statusCode).toBe(202);
      await t.app.mailSender.sendDue();
      expect(t.smtp.received).toHaveLength(4);
      // Per client, too: the sixth request in 15 minutes.
      expect((await t.askReset('someone@example.gouv.fr')).statusCode).toBe(429);
    });
  });
});
