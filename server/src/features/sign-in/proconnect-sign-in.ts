import type { User } from '../../store/accounts.ts';
import { type AuditEntry, unknownActor } from '../../store/audit.ts';
import type { Organisation } from '../../store/organisations.ts';
import type { AuditAction, Store } from '../../store/store.ts';
import { accessRequestMail } from '../mail/account-mails.ts';
import type { Exchanged } from './proconnect-exchange.ts';
import type { RefusalReason } from './proconnect-refusal.ts';
import { signInEntries } from './sign-in-audit.ts';

/**
 * A refused access request stands this long: signing in again shows the refusal, files nothing
 * and mails nobody (no way to flood the administrators); after it, a new request may be filed.
 */
export const refusalHoldsMs = 30 * 24 * 60 * 60 * 1000;

/** An organisation and the e-mails of its administrators: who decides on an access request. */
export type Deciders = { organisation: Organisation; admins: string[] };

/** What a ProConnect sign-in comes to; every refusal and sign-in is in the audit log already. */
export type ProConnectDecision =
  /** An account, or one just made from an invitation to its e-mail: open its session. */
  | { signIn: User; idToken: string | undefined; invited: boolean }
  /** No account, an organisation's domain: a request filed now (`created`), or one waiting. */
  | { accessRequest: 'created' | 'pending'; deciders: Deciders }
  /** `deciders`: of the organisation that refused this person's access request. */
  | { refused: RefusalReason; deciders?: Deciders };

export type RefusedDecision = Extract<ProConnectDecision, { refused: RefusalReason }>;

export type ProConnectSignInDeps = { store: Store; now: () => Date; publicOrigin: string };

type Concerning = {
  /** The e-mail ProConnect vouched for: who acts, and whom it is about. */
  who?: string | undefined;
  /** An e-mail ProConnect gave without vouching for it: whom it is about, not who acts. */
  claimed?: string | undefined;
  /** The organisation whose administrators it concerns, whose log it goes to. */
  organisationId?: number | undefined;
};

/**
 * Who signs in, from what ProConnect said (docs/design.md §11): the account of that e-mail; else
 * its pending invitation, taken up; else, for an organisation's domain, an access request its
 * administrators decide on; else a refusal. Writes the audit entries; opens no session.
 */
export async function decideProConnectSignIn(
  { store, now, publicOrigin }: ProConnectSignInDeps,
  exchanged: Exchanged,
): Promise<ProConnectDecision> {
  // Before ProConnect vouches for an e-mail, nobody proved who acts: the actor is unknown.
  const refuse = async (
    reason: RefusalReason,
    { who, claimed, organisationId }: Concerning = {},
  ): Promise<ProConnectDecision> => {
    await store.appendAudit({
      at: now(),
      actor: who ?? unknownActor,
      action: 'sign-in.refused',
      target: who ?? claimed ?? '',
      details: { method: 'proconnect', reason },
      organisationId,
    });
    return { refused: reason };
  };
  if ('refused' in exchanged) return refuse(exchanged.refused, { claimed: exchanged.claimed });
  const { email, idToken } = exchanged;
  const found = await store.findUserByEmail(email);
  const user = found ?? (await takeUpInvitation(store, email, now));
  if (user) {
    // Written before the session opens: a sign-in the log could not keep does not happen.
    await store.appendAudits(
      signInEntries('sign-in', user.email, user, { method: 'proconnect' }, now()),
    );
    return { signIn: user, idToken, invited: !found };
  }
  const domain = email.split('@')[1] ?? '';
  const [organisation] = await store.organisationsOfDomain(domain);
  if (!organisation) return refuse('no-account', { who: email });
  // Agents of a known domain ask to join its organisation; its administrators decide.
  const admins = (await store.listMembers(organisation.id))
    .filter((m) => m.role === 'admin')
    .map((m) => m.email);
  const at = now();
  const link = `${publicOrigin}/dashboard/organisations/${organisation.id}`;
  const { outcome } = await store.requestAccess(
    { organisationId: organisation.id, email },
    () => admins.map((admin) => accessRequestMail(admin, link, email, organisation.name)),
    {
      ...audit(now, 'access-request.create', email, { method: 'proconnect' }),
      organisationId: organisation.id,
    },
    at,
    new Date(at.getTime() - refusalHoldsMs),
  );
  const deciders = { organisation, admins };
  if (outcome === 'refused')
    return {
      ...(await refuse('access-request-refused', { who: email, organisationId: organisation.id })),
      deciders,
    };
  return { accessRequest: outcome, deciders };
}

/**
 * An invited agent who signs in with ProConnect before opening the invitation's link: ProConnect
 * vouches for the e-mail as the link would, so the invitation makes the account (without a
 * password: it signs in with ProConnect) with the roles it offered.
 */
async function takeUpInvitation(
  store: Store,
  email: string,
  now: () => Date,
): Promise<User | undefined> {
  const made = await store.acceptInvitation({ email }, '', now(), (user) =>
    audit(now, 'user.create', user.email, {
      isAdmin: user.isAdmin,
      roles: user.roles,
      invited: true,
      method: 'proconnect',
    }),
  );
  if (made && 'refused' in made) return store.findUserByEmail(email); // made meanwhile
  return made;
}

/** An entry about what someone ProConnect vouched for did: they act, it is about them. */
function audit(
  now: () => Date,
  action: AuditAction,
  email: string,
  details: Record<string, unknown>,
): AuditEntry {
  return { at: now(), actor: email, action, target: email, details };
}
