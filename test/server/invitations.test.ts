import { describe, expect, it } from 'vitest';
import { passwordWork } from '../../server/src/auth/passwords.ts';
import { startSmtpServer } from '../fixtures/smtp-server.ts';
import { type SignedInInject, startTestApp, testDatabases, testPasswordHash } from '../helpers.ts';

const origin = 'https://avis.example.gouv.fr';

/** The one address a mail went to. */
const recipientOf = (mail: { to?: { text: string } | { text: string }[] | undefined }) =>
  (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.text;
const password = 'une phrase de passe assez longue';

async function withAdminAndOwner(database: Record<string, string>) {
  const smtp = await startSmtpServer();
  const t = await startTestApp({
    ...database,
    SMTP_URL: smtp.url,
    PUBLIC_URL: 'https://avis.example.gouv.fr',
  });
  const other = await t.store.createProcedure({ name: 'Carte grise', allowedOrigins: [] });
  const admin = await t.as('admin');
  const owner = await t.as('owner');
  const invite = (sender: SignedInInject, body: object) =>
    sender({ method: 'POST', url: '/api/v1/invitations', payload: body });
  const post = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: { origin }, payload });
  /** The tokens of the invitation links mailed so far, in order (mails without one left out). */
  const tokens = async () => {
    await t.app.mailSender.sendDue();
    return smtp.received.flatMap((mail) => {
      const match = /https:\/\/avis\.example\.gouv\.fr\/dashboard\/invitation#token=([\w-]+)/.exec(
        mail.text ?? '',
      );
      return match?.[1] ? [match[1]] : [];
    });
  };
  return { ...t, smtp, other, admin, owner, invite, post, tokens };
}

/**
 * One address invited to a procedure of the app's organisation (A) by its owner, and to one of a
 * second organisation (B) by the platform's administrator: the two links, in that order.
 */
async function invitedByTwoOrganisations(database: Record<string, string>) {
  const t = await withAdminAndOwner(database);
  const B = await t.store.createOrganisation({ name: 'Ministère B', domains: [] });
  const ofB = await t.store.createProcedure({
    name: 'Démarche de B',
    allowedOrigins: [],
    organisationId: B.id,
  });
  const email = 'agent@example.gouv.fr';
  await t.invite(t.owner, { email, role: 'viewer', procedures: [t.procedure.key] });
  await t.invite(t.admin, { email, role: 'viewer', procedures: [ofB.key] });
  const [fromA, fromB] = await t.tokens();
  return { t, ofB, email, fromA, fromB };
}

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('an invitation by mail: the link shows what it offers, a password makes the account and logs in', async () => {
      const t = await withAdminAndOwner(await database.env());
      const invited = await t.invite(t.admin, {
        email: 'new@example.gouv.fr',
        role: 'viewer',
        procedures: [t.procedure.key],
      });
      expect(invited.statusCode).toBe(201);
      const [token] = await t.tokens();
      const mail = t.smtp.received[0];
      expect(mail?.subject).toBe('Invitation à suivre les avis sur Je donne mon avis');
      expect(mail?.text).toContain(
        'admin@example.gouv.fr vous invite à suivre les avis des usagers\u202f: Demande de passeport.',
      );
      expect(mail?.html).toContain('<html lang="fr">');

      const preview = await t.post('/api/v1/invitations/preview', { token: String(token) });
      expect(preview.json()).toMatchObject({
        email: 'new@example.gouv.fr',
        isAdmin: false,
        roles: { [t.procedure.key]: 'viewer' },
      });

      const accepted = await t.post('/api/v1/invitations/accept', {
        token: String(token),
        password,
      });
      expect(accepted.statusCode).toBe(201);
      const cookie = String(String(accepted.headers['set-cookie']).split(';')[0]);
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      expect(me.json()).toMatchObject({
        email: 'new@example.gouv.fr',
        roles: { [t.procedure.key]: 'viewer' },
      });
      const stats = await t.app.inject({
        method: 'GET',
        url: `/api/v1/procedures/${t.procedure.key}/stats`,
        headers: { cookie },
      });
      expect(stats.statusCode).toBe(200);

      // Once only; and the address now has an account.
      expect(
        (await t.post('/api/v1/invitations/accept', { token: String(token), password })).statusCode,
      ).toBe(404);
      // Inviting it again answers as any invitation does (nothing tells who has an account).
      expect(
        (await t.invite(t.admin, { email: 'new@example.gouv.fr', role: 'admin' })).statusCode,
      ).toBe(201);
    });

    it('inviting again voids the earlier link; a link is dead after 7 days', async () => {
      const t = await withAdminAndOwner(await database.env());
      const body = { email: 'new@example.gouv.fr', role: 'owner', procedures: [t.procedure.key] };
      await t.invite(t.admin, body);
      await t.invite(t.admin, body);
      const [first, second] = await t.tokens();
      expect(
        (await t.post('/api/v1/invitations/preview', { token: String(first) })).statusCode,
      ).toBe(404);
      expect(
        (await t.post('/api/v1/invitations/preview', { token: String(second) })).statusCode,
      ).toBe(200);
      t.clock.advance(7 * 24 * 60 * 60 * 1000 + 1);
      expect(
        (await t.post('/api/v1/invitations/accept', { token: String(second), password }))
          .statusCode,
      ).toBe(404);
    });

    it('signing in with ProConnect with the invited address takes the invitation up, once, while it lives', async () => {
      const t = await withAdminAndOwner(await database.env());
      const body = { email: 'new@example.gouv.fr', role: 'viewer', procedures: [t.procedure.key] };
      await t.invite(t.admin, body);
      const [token] = await t.tokens();
      const entry = (user: { email: string }) => ({
        at: t.clock.now(),
        actor: user.email,
        action: 'user.create' as const,
        target: user.email,
        details: {},
      });
      // As ProConnect gives it: the case of the address may differ from the invitation's.
      const made = await t.store.acceptInvitation(
        { email: 'New@Example.gouv.fr' },
        '',
        t.clock.now(),
        entry,
      );
      expect(made).toMatchObject({
        email: 'new@example.gouv.fr',
        roles: { [t.procedure.key]: 'viewer' },
      });
      // Without a password: no password signs it in.
      const login = await t.post('/api/v1/session', { email: 'new@example.gouv.fr', password });
      expect(login.statusCode).toBe(401);
      expect(
        (await t.post('/api/v1/invitations/accept', { token: String(token), password })).statusCode,
      ).toBe(404);
      expect(
        await t.store.acceptInvitation({ email: 'new@example.gouv.fr' }, '', t.clock.now(), entry),
      ).toBeUndefined();

      await t.invite(t.admin, { ...body, email: 'late@example.gouv.fr' });
      t.clock.advance(7 * 24 * 60 * 60 * 1000 + 1);
      expect(
        await t.store.acceptInvitation({ email: 'late@example.gouv.fr' }, '', t.clock.now(), entry),
      ).toBeUndefined();
    });

    it('inviting an address that has an account answers as inviting a new one, and the account is told what it was given', async () => {
      const t = await withAdminAndOwner(await database.env());
      // The owner of the first procedure is of its organisation: the roles are given at once.
      const body = { role: 'viewer', procedures: [t.other.key] };
      const fresh = await t.invite(t.admin, { ...body, email: 'nouveau@example.gouv.fr' });
      const existing = await t.invite(t.admin, { ...body, email: 'owner@example.gouv.fr' });
      expect(existing.statusCode).toBe(fresh.statusCode);
      expect(existing.headers['content-type']).toBe(fresh.headers['content-type']);
      const shape = (response: typeof fresh) => ({
        ...(response.json() as object),
        email: '…',
      });
      expect(shape(existing)).toEqual(shape(fresh));

      const owner = await t.store.findUserByEmail('owner@example.gouv.fr');
      expect(owner?.roles).toEqual({ [t.procedure.key]: 'owner', [t.other.key]: 'viewer' });
      expect(await t.tokens()).toHaveLength(1);
      const told = t.smtp.received.find((mail) => recipientOf(mail) === 'owner@example.gouv.fr');
      expect(told?.subject).toBe('Nouvel accès sur Je donne mon avis');
      expect(told?.text).toContain(
        'admin@example.gouv.fr vous a donné accès aux avis des usagers\u202f: Carte grise (lecture).',
      );
      expect(told?.text).toContain('https://avis.example.gouv.fr/dashboard/');
      expect(told?.text).not.toContain('#token=');
      expect(told?.html).toContain('<html lang="fr">');

      // Never lowers: an owner invited as a viewer stays an owner.
      await t.invite(t.admin, {
        role: 'viewer',
        procedures: [t.procedure.key],
        email: 'owner@example.gouv.fr',
      });
      expect((await t.store.findUserByEmail('owner@example.gouv.fr'))?.roles[t.procedure.key]).toBe(
        'owner',
      );
    });

    it("an invitation never pulls another organisation's account in: it is told, and given nothing", async () => {
      const t = await withAdminAndOwner(await database.env());
      const B = await t.store.createOrganisation({ name: 'Ministère B', domains: [] });
      const ofB = await t.store.createProcedure({
        name: 'Démarche de B',
        allowedOrigins: [],
        organisationId: B.id,
      });
      const agent = await t.store.createUser({
        email: 'agent@b.gouv.fr',
        passwordHash: await testPasswordHash(password),
        isAdmin: false,
      });
      if (!agent) throw new Error('duplicate');
      await t.store.setRole(agent.id, ofB.key, 'owner');

      const body = { role: 'owner', procedures: [t.procedure.key] };
      const fresh = await t.invite(t.owner, { ...body, email: 'nouveau@example.gouv.fr' });
      const foreign = await t.invite(t.owner, { ...body, email: 'Agent@b.gouv.fr' });
      expect(foreign.statusCode).toBe(201);
      expect({ ...(foreign.json() as object), email: '…' }).toEqual({
        ...(fresh.json() as object),
        email: '…',
      });
      expect((await t.store.findUser(agent.id))?.roles).toEqual({ [ofB.key]: 'owner' });
      expect(await t.tokens()).toHaveLength(1);
      const told = t.smtp.received.find((mail) => recipientOf(mail) === 'Agent@b.gouv.fr');
      expect(told?.subject).toBe('Invitation à suivre les avis sur Je donne mon avis');
      expect(told?.text).toContain(
        'owner@example.gouv.fr vous invite à suivre les avis des usagers',
      );
      expect(told?.text).toContain('Votre compte n’a pas changé');
      expect(told?.text).not.toContain('#token=');
    });

    it("inviting an address again voids only the same organisation's earlier invitation", async () => {
      const { t, ofB, email, fromA, fromB } = await invitedByTwoOrganisations(await database.env());
      const preview = (token: string | undefined) =>
        t.post('/api/v1/invitations/preview', { token: String(token) });
      expect((await preview(fromA)).json()).toMatchObject({
        roles: { [t.procedure.key]: 'viewer' },
      });
      expect((await preview(fromB)).json()).toMatchObject({ roles: { [ofB.key]: 'viewer' } });

      await t.invite(t.owner, { email, role: 'owner', procedures: [t.procedure.key] });
      const [, , againFromA] = await t.tokens();
      expect((await preview(fromA)).statusCode).toBe(404);
      expect((await preview(fromB)).statusCode).toBe(200);
      expect((await preview(againFromA)).statusCode).toBe(200);
    });

    it("another organisation's invitation, once the address has an account, answers 409 at once, without hashing, and says to sign in", async () => {
      const { t, fromA, fromB } = await invitedByTwoOrganisations(await database.env());
      expect(
        (await t.post('/api/v1/invitations/accept', { token: String(fromA), password })).statusCode,
      ).toBe(201);

      const before = passwordWork().started;
      const second = await t.post('/api/v1/invitations/accept', { token: String(fromB), password });
      expect(passwordWork().started).toBe(before);
      expect(second.statusCode).toBe(409);
      expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(second.json()).toMatchObject({
        status: 409,
        detail:
          'An account with this address exists already: sign in with it; an administrator of the organisation can then give it access.',
      });
    });

    it('one address is mailed five invitations a day at most, whoever sends them, and the sixth answers alike whether it has an account or not', async () => {
      const t = await withAdminAndOwner(await database.env());
      await t.store.createUser({
        email: 'colleague@example.gouv.fr',
        passwordHash: await testPasswordHash(password),
        isAdmin: false,
      });
      const sixth = [];
      for (const email of ['colleague@example.gouv.fr', 'stranger@example.gouv.fr']) {
        for (let i = 0; i < 5; i++) {
          // An owner and an administrator in turn: the count is the address's, not the sender's.
          const sender = i % 2 === 0 ? t.owner : t.admin;
          const invited = await t.invite(sender, {
            email,
            role: 'viewer',
            procedures: [t.procedure.key],
          });
          expect(invited.statusCode).toBe(201);
        }
        const refused = await t.invite(t.admin, {
          // The same address in other letters is the same mailbox.
          email: email.toUpperCase(),
          role: 'viewer',
          procedures: [t.procedure.key],
        });
        expect(refused.statusCode).toBe(429);
        expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
        sixth.push(refused);
      }
      const [known, unknown] = sixth;
      expect(unknown?.body).toBe(known?.body);
      expect(unknown?.headers['retry-after']).toBe(known?.headers['retry-after']);
      const retryAfter = Number(known?.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(24 * 60 * 60);
      await t.app.mailSender.sendDue();
      const to = (email: string) =>
        t.smtp.received.filter((mail) => recipientOf(mail) === email).length;
      expect([to('colleague@example.gouv.fr'), to('stranger@example.gouv.fr')]).toEqual([5, 5]);
      // Another address is not held back.
      expect(
        (
          await t.invite(t.owner, {
            email: 'someone-else@example.gouv.fr',
            role: 'viewer',
            procedures: [t.procedure.key],
          })
        ).statusCode,
      ).toBe(201);
    });

    it('an owner invites to the procedures they own, and only there; never an admin', async () => {
      const t = await withAdminAndOwner(await database.env());
      const own = await t.invite(t.owner, {
        email: 'a@example.gouv.fr',
        role: 'owner',
        procedures: [t.procedure.key],
      });
      expect(own.statusCode).toBe(201);
      const other = await t.invite(t.owner, {
        email: 'b@example.gouv.fr',
        role: 'viewer',
        procedures: [t.other.key],
      });
      expect(other.statusCode).toBe(403);
      const admin = await t.invite(t.owner, { email: 'c@example.gouv.fr', role: 'admin' });
      expect(admin.statusCode).toBe(403);
      const none = await t.invite(t.admin, {
        email: 'd@example.gouv.fr',
        role: 'viewer',
        procedures: [],
      });
      expect(none.statusCode).toBe(400);
      expect(await t.tokens()).toHaveLength(1);
      const audit = await t.store.listAudit(10);
      expect(
        audit.filter((entry) => entry.action === 'user.invite').map((entry) => entry.target),
      ).toEqual(['a@example.gouv.fr']);
    });
  });
});
