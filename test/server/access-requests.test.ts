import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/src/auth/passwords.ts';
import { accessRequestMail } from '../../server/src/features/mail/account-mails.ts';
import { refusalHoldsMs } from '../../server/src/features/sign-in/proconnect-sign-in.ts';
import type { Store } from '../../server/src/store/store.ts';
import { startSmtpServer } from '../fixtures/smtp-server.ts';
import { startTestApp, testDatabases, testPasswordHash } from '../helpers.ts';

const origin = 'https://avis.example.gouv.fr';
const password = 'une phrase de passe assez longue';
const link = `${origin}/dashboard/organisations/2`;

/** What the ProConnect callback files for an unknown agent of a known domain. */
function ask(store: Store, organisationId: number, email: string, admins: string[], at: Date) {
  return store.requestAccess(
    { organisationId, email },
    () => admins.map((admin) => accessRequestMail(admin, link, email, 'Intérieur')),
    {
      at,
      actor: email,
      action: 'access-request.create',
      target: email,
      details: { method: 'proconnect' },
      organisationId,
    },
    at,
    new Date(at.getTime() - refusalHoldsMs),
  );
}

async function withTwoOrganisations(database: Record<string, string>) {
  const smtp = await startSmtpServer();
  const t = await startTestApp({ ...database, SMTP_URL: smtp.url, PUBLIC_URL: origin });
  const passwordHash = await testPasswordHash(password);
  const interieur = await t.store.createOrganisation({
    name: 'Intérieur',
    domains: ['interieur.gouv.fr'],
  });
  const culture = await t.store.createOrganisation({ name: 'Culture', domains: [] });
  const cookieOf = async (email: string, organisationId: number) => {
    const user = await t.store.createUser({ email, passwordHash, isAdmin: false });
    if (!user) throw new Error('duplicate');
    await t.store.setMembership(user.id, organisationId, 'admin');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { origin },
      payload: { email, password },
    });
    return String(String(response.headers['set-cookie']).split(';')[0]);
  };
  const chief = await cookieOf('cheffe@interieur.gouv.fr', interieur.id);
  const stranger = await cookieOf('chef@culture.gouv.fr', culture.id);
  const call = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1/organisations/${interieur.id}/access-requests${url}`,
      headers: { origin, cookie },
      ...(payload && { payload }),
    });
  return { ...t, smtp, interieur, chief, stranger, call };
}

describe.each(testDatabases)('access requests on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('files one pending request per agent, mails the admins through SMTP, and approving makes a ProConnect-only member', async () => {
      const t = await withTwoOrganisations(await database.env());
      const at = t.clock.now();
      const admins = ['cheffe@interieur.gouv.fr'];
      const first = await ask(t.store, t.interieur.id, 'agent@interieur.gouv.fr', admins, at);
      const again = await ask(t.store, t.interieur.id, 'agent@interieur.gouv.fr', admins, at);
      expect([first.outcome, again.outcome]).toEqual(['created', 'pending']);
      expect(again.request.id).toBe(first.request.id);

      // One mail only, for the one request, delivered to a real SMTP server.
      await t.app.mailSender.sendDue();
      expect(t.smtp.received.map((m) => [JSON.stringify(m.to), m.subject])).toEqual([
        [
          expect.stringContaining('cheffe@interieur.gouv.fr'),
          'Demande d’accès à Intérieur sur Je donne mon avis',
        ],
      ]);
      expect(t.smtp.received[0]?.text).toContain(link);

      const listed = await t.call(t.chief, 'GET', '');
      expect(listed.statusCode).toBe(200);
      expect(listed.json()).toMatchObject([
        { email: 'agent@interieur.gouv.fr', status: 'pending' },
      ]);

      const approved = await t.call(t.chief, 'POST', `/${first.request.id}/approve`, {
        role: 'member',
      });
      expect(approved.statusCode).toBe(200);
      expect(approved.json()).toMatchObject({
        status: 'approved',
        decidedBy: 'cheffe@interieur.gouv.fr',
      });
      const agent = await t.store.findUserByEmail('agent@interieur.gouv.fr');
      expect(agent?.organisations).toEqual({ [t.interieur.id]: 'member' });
      // No password: the account signs in with ProConnect only.
      expect(await verifyPassword('', agent?.passwordHash ?? 'x')).toBe(false);
      expect((await t.call(t.chief, 'GET', '')).json()).toEqual([]);
      // Decided once: a second decision finds nothing pending.
      expect((await t.call(t.chief, 'POST', `/${first.request.id}/refuse`)).statusCode).toBe(404);
      expect(
        (await t.store.listOrganisationAudit(t.interieur.id, 10)).map((e) => e.action),
      ).toEqual(expect.arrayContaining(['access-request.create', 'access-request.approve']));
    });

    it('a refusal stands 30 days, then the agent may ask again', async () => {
      const t = await withTwoOrganisations(await database.env());
      const at = t.clock.now();
      const { request } = await ask(t.store, t.interieur.id, 'agent@interieur.gouv.fr', [], at);
      const refused = await t.call(t.chief, 'POST', `/${request.id}/refuse`);
      expect(refused.statusCode).toBe(200);
      expect(refused.json()).toMatchObject({ status: 'refused' });
      expect(await t.store.findUserByEmail('agent@interieur.gouv.fr')).toBeUndefined();

      const soon = new Date(at.getTime() + refusalHoldsMs - 60_000);
      const later = new Date(at.getTime() + refusalHoldsMs + 60_000);
      expect(
        (await ask(t.store, t.interieur.id, 'agent@interieur.gouv.fr', [], soon)).outcome,
      ).toBe('refused');
      expect(
        (await ask(t.store, t.interieur.id, 'agent@interieur.gouv.fr', [], later)).outcome,
      ).toBe('created');
      expect(
        (await t.store.listOrganisationAudit(t.interieur.id, 10)).map((e) => e.action),
      ).toContain('access-request.refuse');
    });

    it('approving never lowers a role: someone made an administrator meanwhile stays one', async () => {
      const t = await withTwoOrganisations(await database.env());
      const at = t.clock.now();
      const asked = async (email: string) =>
        (await ask(t.store, t.interieur.id, email, [], at)).request.id;
      const promoted = await asked('agent@interieur.gouv.fr');
      const raised = await asked('adjoint@interieur.gouv.fr');
      // Between the request and its approval, both get an account (the CLI, an invitation): one
      // is named administrator, the other member.
      const passwordHash = await testPasswordHash(password);
      for (const [email, role] of [
        ['agent@interieur.gouv.fr', 'admin'],
        ['adjoint@interieur.gouv.fr', 'member'],
      ] as const) {
        const user = await t.store.createUser({ email, passwordHash, isAdmin: false });
        if (!user) throw new Error('duplicate');
        await t.store.setMembership(user.id, t.interieur.id, role);
      }

      const kept = await t.call(t.chief, 'POST', `/${promoted}/approve`, { role: 'member' });
      expect(kept.statusCode).toBe(200);
      expect((await t.store.findUserByEmail('agent@interieur.gouv.fr'))?.organisations).toEqual({
        [t.interieur.id]: 'admin',
      });
      // Approving as administrator still raises a member.
      const up = await t.call(t.chief, 'POST', `/${raised}/approve`, { role: 'admin' });
      expect(up.statusCode).toBe(200);
      expect((await t.store.findUserByEmail('adjoint@interieur.gouv.fr'))?.organisations).toEqual({
        [t.interieur.id]: 'admin',
      });
      // The log says the role each one has now, and the one the approval gave when it was lower.
      const approvals = (await t.store.listOrganisationAudit(t.interieur.id, 10))
        .filter((e) => e.action === 'access-request.approve')
        .map((e) => [e.target, e.details]);
      expect(approvals).toEqual([
        ['adjoint@interieur.gouv.fr', { role: 'admin' }],
        ['agent@interieur.gouv.fr', { role: 'admin', given: 'member' }],
      ]);
      // Their passwords stay: approving makes no account when there is one.
      const agent = await t.store.findUserByEmail('agent@interieur.gouv.fr');
      expect(await verifyPassword(password, agent?.passwordHash ?? '')).toBe(true);
    });

    it("another organisation's admin gets 404 and changes nothing; bad input gets 400", async () => {
      const t = await withTwoOrganisations(await database.env());
      const { request } = await ask(
        t.store,
        t.interieur.id,
        'agent@interieur.gouv.fr',
        [],
        t.clock.now(),
      );
      expect((await t.call(t.stranger, 'GET', '')).statusCode).toBe(404);
      const approve = await t.call(t.stranger, 'POST', `/${request.id}/approve`, {
        role: 'admin',
      });
      expect(approve.statusCode).toBe(404);
      expect((await t.call(t.stranger, 'POST', `/${request.id}/refuse`)).statusCode).toBe(404);
      const bad = await t.call(t.chief, 'POST', `/${request.id}/approve`, { role: 'owner' });
      expect(bad.statusCode).toBe(400);
      expect(await t.store.listAccessRequests(t.interieur.id)).toMatchObject([
        { status: 'pending' },
      ]);
    });
  });
});
