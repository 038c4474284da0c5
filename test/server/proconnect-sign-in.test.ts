import { describe, expect, it } from 'vitest';
import { invitationsPerRecipient, invite } from '../../server/src/features/accounts/invite.ts';
import { decideProConnectSignIn } from '../../server/src/features/sign-in/proconnect-sign-in.ts';
import { targetLimiter } from '../../server/src/http/target-limit.ts';
import { unknownActor } from '../../server/src/store/audit.ts';
import { openStore } from '../../server/src/store/open-store.ts';
import { TestClock, testConfig } from '../helpers.ts';

// Who a ProConnect sign-in lets in, from what ProConnect said (features/sign-in/
// proconnect-sign-in.ts), on a real SQLite store and without a provider: the exchange with it is
// exchangeCode's, which proconnect-pages.test.ts and test/browser/proconnect.test.ts run.

const publicOrigin = 'https://avis.example.gouv.fr';

async function withOrganisation() {
  const store = await openStore(testConfig());
  const clock = new TestClock();
  const interieur = await store.createOrganisation({
    name: 'Intérieur',
    domains: ['interieur.gouv.fr'],
  });
  const admin = await store.createUser({
    email: 'admin@interieur.gouv.fr',
    passwordHash: '',
    isAdmin: false,
  });
  if (!admin) throw new Error('duplicate');
  await store.setMembership(admin.id, interieur.id, 'admin');
  const decide = (email: string) =>
    decideProConnectSignIn({ store, now: clock.now, publicOrigin }, { email, idToken: 'id' });
  const lastEntry = async () => (await store.listAudit(1))[0];
  return { store, clock, interieur, decide, lastEntry };
}

describe('decideProConnectSignIn', () => {
  it('an account of that e-mail signs in, logged as a ProConnect sign-in', async () => {
    const t = await withOrganisation();
    const decision = await t.decide('admin@interieur.gouv.fr');
    expect(decision).toMatchObject({
      signIn: { email: 'admin@interieur.gouv.fr' },
      idToken: 'id',
      invited: false,
    });
    expect(await t.lastEntry()).toMatchObject({
      action: 'sign-in',
      actor: 'admin@interieur.gouv.fr',
      details: { method: 'proconnect' },
    });
  });

  it('an invited e-mail takes its invitation up: an account without a password, with its roles', async () => {
    const t = await withOrganisation();
    const procedure = await t.store.createProcedure({
      name: 'Demande de passeport',
      allowedOrigins: [],
      organisationId: t.interieur.id,
    });
    const platformAdmin = await t.store.createUser({
      email: 'plateforme@example.gouv.fr',
      passwordHash: '',
      isAdmin: true,
    });
    if (!platformAdmin) throw new Error('duplicate');
    await invite(
      {
        store: t.store,
        invitationsToRecipient: targetLimiter(t.store, t.clock.now)(invitationsPerRecipient),
        publicOrigin,
        passwordLogin: false,
      },
      {
        inviter: platformAdmin,
        email: 'agent@interieur.gouv.fr',
        role: 'owner',
        procedures: [procedure.key],
      },
      t.clock.now(),
    );
    const decision = await t.decide('agent@interieur.gouv.fr');
    expect(decision).toMatchObject({
      signIn: { email: 'agent@interieur.gouv.fr', roles: { [procedure.key]: 'owner' } },
      invited: true,
    });
    const [created] = await t.store.listAudit(1, { action: 'user.create' });
    expect(created?.details).toEqual({
      isAdmin: false,
      roles: { [procedure.key]: 'owner' },
      invited: true,
      method: 'proconnect',
    });
  });

  it('an agent of an organisation’s domain files one access request, which its administrators decide on', async () => {
    const t = await withOrganisation();
    const deciders = { organisation: t.interieur, admins: ['admin@interieur.gouv.fr'] };
    expect(await t.decide('agent@interieur.gouv.fr')).toEqual({
      accessRequest: 'created',
      deciders,
    });
    expect(await t.decide('agent@interieur.gouv.fr')).toEqual({
      accessRequest: 'pending',
      deciders,
    });
    expect(await t.store.listAccessRequests(t.interieur.id)).toHaveLength(1);
    expect(await t.store.findUserByEmail('agent@interieur.gouv.fr')).toBeUndefined();
  });

  it('a refused request stands 30 days: the refusal is shown with who decided, in the organisation’s log', async () => {
    const t = await withOrganisation();
    await t.decide('agent@interieur.gouv.fr');
    const [request] = await t.store.listAccessRequests(t.interieur.id);
    if (!request) throw new Error('no request');
    await t.store.decideAccessRequest(
      t.interieur.id,
      request.id,
      'refuse',
      'admin@interieur.gouv.fr',
      () => ({
        at: t.clock.now(),
        actor: 'admin@interieur.gouv.fr',
        action: 'access-request.refuse',
        target: 'agent@interieur.gouv.fr',
        details: {},
      }),
      t.clock.now(),
    );
    expect(await t.decide('agent@interieur.gouv.fr')).toEqual({
      refused: 'access-request-refused',
      deciders: { organisation: t.interieur, admins: ['admin@interieur.gouv.fr'] },
    });
    const [entry] = await t.store.listOrganisationAudit(t.interieur.id, 1);
    expect(entry).toMatchObject({
      action: 'sign-in.refused',
      actor: 'agent@interieur.gouv.fr',
      details: { method: 'proconnect', reason: 'access-request-refused' },
    });
  });

  it('an e-mail of no organisation’s domain, without an account, is refused', async () => {
    const t = await withOrganisation();
    expect(await t.decide('someone@example.com')).toEqual({ refused: 'no-account' });
    expect(await t.lastEntry()).toMatchObject({
      action: 'sign-in.refused',
      actor: 'someone@example.com',
      target: 'someone@example.com',
      details: { method: 'proconnect', reason: 'no-account' },
    });
  });

  it('what ProConnect did not vouch for is refused, by nobody known, about the e-mail it named', async () => {
    const t = await withOrganisation();
    const decision = await decideProConnectSignIn(
      { store: t.store, now: t.clock.now, publicOrigin },
      { refused: 'e-mail-not-verified', claimed: 'admin@interieur.gouv.fr' },
    );
    expect(decision).toEqual({ refused: 'e-mail-not-verified' });
    expect(await t.lastEntry()).toMatchObject({
      action: 'sign-in.refused',
      actor: unknownActor,
      target: 'admin@interieur.gouv.fr',
      details: { method: 'proconnect', reason: 'e-mail-not-verified' },
    });
  });
});
