import { describe, expect, it } from 'vitest';
import { invitationsPerRecipient, invite } from '../../server/src/features/accounts/invite.ts';
import { targetLimiter } from '../../server/src/http/target-limit.ts';
import type { User } from '../../server/src/store/accounts.ts';
import { openStore } from '../../server/src/store/open-store.ts';
import type { Role, Store } from '../../server/src/store/store.ts';
import { TestClock, testConfig } from '../helpers.ts';

// The invitation service alone (features/accounts/invite.ts), on a real SQLite store: what each
// inviter may do, and what the invited address gets; invitations.test.ts covers it through HTTP.

async function withOrganisations() {
  const store: Store = await openStore(testConfig());
  const clock = new TestClock();
  const A = await store.createOrganisation({ name: 'Ministère A', domains: [] });
  const B = await store.createOrganisation({ name: 'Ministère B', domains: [] });
  const passport = await store.createProcedure({
    name: 'Demande de passeport',
    allowedOrigins: [],
    organisationId: A.id,
  });
  const licence = await store.createProcedure({
    name: 'Permis de conduire',
    allowedOrigins: [],
    organisationId: A.id,
  });
  const registration = await store.createProcedure({
    name: 'Carte grise',
    allowedOrigins: [],
    organisationId: B.id,
  });
  const account = async (
    email: string,
    { isAdmin = false, roles = {} }: { isAdmin?: boolean; roles?: Record<string, Role> } = {},
  ): Promise<User> => {
    const made = await store.createUser({ email, passwordHash: '', isAdmin });
    if (!made) throw new Error(`${email} exists already`);
    for (const [key, role] of Object.entries(roles)) await store.setRole(made.id, key, role);
    return (await store.findUserByEmail(email)) as User;
  };
  const deps = {
    store,
    invitationsToRecipient: targetLimiter(store, clock.now)(invitationsPerRecipient),
    publicOrigin: 'https://avis.example.gouv.fr',
    passwordLogin: true,
  };
  /** The mails waiting in the outbox, oldest first. */
  const outbox = () => store.claimMails(clock.now(), 60_000, 100);
  const run = (inviter: User, email: string, role: 'admin' | Role, procedures: string[]) =>
    invite(deps, { inviter, email, role, procedures }, clock.now());
  return { store, clock, A, B, passport, licence, registration, account, outbox, run };
}

describe('invite', () => {
  it('a new address gets a link valid 7 days, and the roles it will have', async () => {
    const t = await withOrganisations();
    const admin = await t.account('admin@example.gouv.fr', { isAdmin: true });
    const result = await t.run(admin, 'new@a.gouv.fr', 'viewer', [t.passport.key]);
    expect(result).toEqual({
      invited: {
        email: 'new@a.gouv.fr',
        isAdmin: false,
        roles: { [t.passport.key]: 'viewer' },
        expiresAt: new Date('2026-03-17T10:00:00Z'),
      },
    });
    const [mail] = await t.outbox();
    expect(mail).toMatchObject({ kind: 'invitation', recipient: 'new@a.gouv.fr' });
    expect(mail?.text).toMatch(/https:\/\/avis\.example\.gouv\.fr\/dashboard\/invitation#token=/);
    expect(await t.store.findUserByEmail('new@a.gouv.fr')).toBeUndefined();
    const [entry] = await t.store.listAudit(1);
    expect(entry).toMatchObject({ actor: 'admin@example.gouv.fr', action: 'user.invite' });
  });

  it('a member of the organisation gets the role at once, and a mail saying so', async () => {
    const t = await withOrganisations();
    const owner = await t.account('owner@a.gouv.fr', { roles: { [t.passport.key]: 'owner' } });
    const member = await t.account('member@a.gouv.fr');
    await t.store.setMembership(member.id, t.A.id, 'member');
    const result = await t.run(owner, 'member@a.gouv.fr', 'viewer', [t.passport.key]);
    expect(result).toMatchObject({ invited: { email: 'member@a.gouv.fr' } });
    expect((await t.store.findUserByEmail('member@a.gouv.fr'))?.roles).toEqual({
      [t.passport.key]: 'viewer',
    });
    const [mail] = await t.outbox();
    expect(mail).toMatchObject({ kind: 'access-given', recipient: 'member@a.gouv.fr' });
    expect(mail?.text).toContain('Demande de passeport (lecture)');
  });

  it('an account of another organisation gets nothing but a mail, and the same answer', async () => {
    const t = await withOrganisations();
    const owner = await t.account('owner@a.gouv.fr', { roles: { [t.passport.key]: 'owner' } });
    await t.account('someone@b.gouv.fr', { roles: { [t.registration.key]: 'viewer' } });
    const result = await t.run(owner, 'someone@b.gouv.fr', 'viewer', [t.passport.key]);
    expect(result).toMatchObject({
      invited: { email: 'someone@b.gouv.fr', roles: { [t.passport.key]: 'viewer' } },
    });
    expect((await t.store.findUserByEmail('someone@b.gouv.fr'))?.roles).toEqual({
      [t.registration.key]: 'viewer',
    });
    const [mail] = await t.outbox();
    expect(mail).toMatchObject({ kind: 'invitation', recipient: 'someone@b.gouv.fr' });
    expect(mail?.text).not.toContain('#token=');
  });

  it('an owner may not invite to a procedure they do not own, nor make an administrator', async () => {
    const t = await withOrganisations();
    const owner = await t.account('owner@a.gouv.fr', {
      roles: { [t.passport.key]: 'owner', [t.licence.key]: 'viewer' },
    });
    expect(await t.run(owner, 'new@a.gouv.fr', 'viewer', [t.passport.key, t.licence.key])).toEqual({
      refused: 'not-owner',
      procedureKey: t.licence.key,
    });
    expect(await t.run(owner, 'new@a.gouv.fr', 'admin', [])).toEqual({ refused: 'admin-only' });
    expect(await t.outbox()).toEqual([]);
  });

  it("another organisation's procedure does not exist for an owner; nor does an unknown one", async () => {
    const t = await withOrganisations();
    const owner = await t.account('owner@a.gouv.fr', { roles: { [t.passport.key]: 'owner' } });
    expect(await t.run(owner, 'new@a.gouv.fr', 'viewer', [t.registration.key])).toEqual({
      refused: 'unknown-procedure',
      procedureKey: t.registration.key,
    });
    expect(await t.run(owner, 'new@a.gouv.fr', 'viewer', ['inconnue'])).toEqual({
      refused: 'unknown-procedure',
      procedureKey: 'inconnue',
    });
  });

  it('one invitation belongs to one organisation', async () => {
    const t = await withOrganisations();
    const admin = await t.account('admin@example.gouv.fr', { isAdmin: true });
    expect(
      await t.run(admin, 'new@a.gouv.fr', 'owner', [t.passport.key, t.registration.key]),
    ).toEqual({ refused: 'several-organisations' });
  });

  it('an address is mailed five invitations a day at most, whoever sends them', async () => {
    const t = await withOrganisations();
    const admin = await t.account('admin@example.gouv.fr', { isAdmin: true });
    for (let i = 0; i < 5; i++) await t.run(admin, 'New@a.gouv.fr', 'viewer', [t.passport.key]);
    await expect(t.run(admin, 'new@a.gouv.fr', 'viewer', [t.passport.key])).rejects.toMatchObject({
      statusCode: 429,
    });
  });
});
