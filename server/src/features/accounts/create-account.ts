import { hashPassword } from '../../auth/passwords.ts';
import { type Actor, auditEntry } from '../../http/audit-entry.ts';
import type { User, UserRefusal } from '../../store/accounts.ts';
import type { AuditAction, Role, Store } from '../../store/store.ts';

export type NewAccount = {
  email: string;
  password: string;
  isAdmin: boolean;
  /** Role by procedure key. */
  roles: Record<string, Role>;
};

/**
 * Creates an account with its roles, and writes who did it, in one transaction (the API, the
 * first-start link and the CLI all come here): a procedure that does not exist, or an e-mail taken
 * already, leaves no account behind, and nothing in the audit log.
 */
export async function createAccount(
  store: Store,
  { email, password, isAdmin, roles }: NewAccount,
  actor: Actor,
  action: AuditAction = 'user.create',
): Promise<User | UserRefusal> {
  return store.createUserWithRoles(
    { email, passwordHash: await hashPassword(password), isAdmin },
    roles,
    (user) => auditEntry(actor, action, user.email, { id: user.id, isAdmin, roles }),
  );
}

/** A refusal in words, for an HTTP problem or the command line. */
export function refusalDetail(refusal: UserRefusal, email: string): string {
  return refusal.refused === 'email-taken'
    ? `An account with the e-mail ${email} exists already.`
    : `There is no procedure with the key ${refusal.procedureKey}.`;
}
