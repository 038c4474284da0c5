import type { PasswordRefusal, SignInMethod } from '../../../../common/audit-codes.ts';
import type { User } from '../../store/accounts.ts';
import { type AuditEntry, unknownActor } from '../../store/audit.ts';

export type { PasswordRefusal, SignInMethod };

/**
 * The audit entries of a sign-in, or of a refused one (issue 18 §3: method, success or refusal
 * reason). Decided: one entry for each organisation the account belongs to, so that each
 * organisation's administrators read in its log who of their people signed in and which of them
 * someone tried to sign in as (they are the ones who know whether it was expected); a platform
 * administrator reads them all in the platform log. Without an account, or for an account in no
 * organisation, one entry of the platform log only: an unknown e-mail is not attributed to an
 * organisation by its domain, since anyone could fill that organisation's log by typing
 * addresses of its domain. The store writes the entries in one transaction (one commit), so a
 * refusal takes as long for a person of three organisations as for an unknown e-mail.
 * A refused sign-in's actor is unknown: whoever typed the address proved nothing; the address is
 * its target.
 */
export function signInEntries(
  action: 'sign-in' | 'sign-in.refused',
  email: string,
  account: Pick<User, 'organisations'> | undefined,
  details: { method: SignInMethod; reason?: PasswordRefusal },
  at: Date,
): AuditEntry[] {
  const actor = action === 'sign-in' ? email : unknownActor;
  const entry = { at, actor, action, target: email, details };
  const organisations = Object.keys(account?.organisations ?? {}).map(Number);
  if (organisations.length === 0) return [entry];
  return organisations.map((organisationId) => ({ ...entry, organisationId }));
}
