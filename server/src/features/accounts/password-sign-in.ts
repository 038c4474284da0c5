import { verifyPassword } from '../../auth/passwords.ts';
import type { DeclaredTargetLimit, TargetLimit } from '../../http/target-limit.ts';
import type { User } from '../../store/accounts.ts';
import type { Store } from '../../store/store.ts';
import { type PasswordRefusal, signInEntries } from '../sign-in/sign-in-audit.ts';

/**
 * Failed sign-ins per e-mail tried, across nodes, whether the address has an account or not
 * (ASVS 2.2.1: at most 100 failures an hour per account). Only failures count, and the count is
 * read before the hash: others' guesses at an address never lock its owner out below the limit,
 * and signing in never uses it up. The per-client limit (10 / 15 min) bounds each guesser.
 */
export const signInFailuresPerAccount: TargetLimit = {
  name: 'sign-in-failures',
  max: 100,
  windowMs: 60 * 60 * 1000,
  what: 'this e-mail address',
};

export type SignInDeps = {
  store: Store;
  /** `signInFailuresPerAccount`, declared once at start; its 429 is thrown, as every limit's. */
  signInFailures: DeclaredTargetLimit;
  /** False: password sign-in is off (PASSWORD_LOGIN=false), ProConnect only. */
  passwordLogin: boolean | undefined;
  now: () => Date;
};

/**
 * Signs in with an e-mail and a password (docs/design.md §5): the account, with no password hash,
 * or why not. Every refusal is in the audit log; all but `password-login-off` take as long as
 * one another and must be answered alike, so that nobody learns whether the account exists.
 */
export async function signIn(
  { store, signInFailures, passwordLogin, now }: SignInDeps,
  { email, password }: { email: string; password: string },
): Promise<{ user: Omit<User, 'passwordHash'> } | { refused: PasswordRefusal }> {
  const refused = async (reason: PasswordRefusal, account?: User) => {
    await store.appendAudits(
      signInEntries(
        'sign-in.refused',
        account?.email ?? email,
        account,
        { method: 'password', reason },
        now(),
      ),
    );
    return { refused: reason };
  };
  if (passwordLogin === false) return refused('password-login-off');
  // Read before the account is looked up and before the hash: an unknown address is limited
  // alike, with the same 429. Concurrent guesses may each pass the read: at most the hashing
  // queue's line more, still bounded.
  const target = email.toLowerCase();
  await signInFailures.check(target);
  const user = await store.findUserByEmail(email);
  // No account, or one without a password (ProConnect only): verifyPassword hashes against
  // its decoy, so every refusal takes as long and tells nobody the account exists.
  const valid = await verifyPassword(password, user?.passwordHash);
  if (!user?.passwordHash || !valid) {
    // Counted for an unknown address too, so the limit says nothing about who has an account.
    await signInFailures.fail(target);
    // Each refusal writes its entries in one transaction: the reasons take as long as one another.
    return refused(
      !user ? 'unknown-e-mail' : !user.passwordHash ? 'no-password' : 'wrong-password',
      user,
    );
  }
  // Written before the session opens: a sign-in the log could not keep does not happen.
  await store.appendAudits(
    signInEntries('sign-in', user.email, user, { method: 'password' }, now()),
  );
  const { passwordHash, ...safe } = user;
  return { user: safe };
}
