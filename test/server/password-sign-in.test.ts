import { describe, expect, it } from 'vitest';
import {
  signIn,
  signInFailuresPerAccount,
} from '../../server/src/features/accounts/password-sign-in.ts';
import { targetLimiter } from '../../server/src/http/target-limit.ts';
import { openStore } from '../../server/src/store/open-store.ts';
import { TestClock, testConfig, testPasswordHash } from '../helpers.ts';

// The sign-in service alone (features/accounts/password-sign-in.ts), on a real SQLite store;
// private-api.test.ts, rate-limits.test.ts and sign-in-audit.test.ts cover it through HTTP.

const password = 'une phrase de passe assez longue';

async function withAccounts(passwordLogin?: boolean) {
  const store = await openStore(testConfig());
  const clock = new TestClock();
  await store.createUser({
    email: 'owner@example.gouv.fr',
    passwordHash: await testPasswordHash(password),
    isAdmin: false,
  });
  // Made by an approved access request: ProConnect only.
  await store.createUser({ email: 'proconnect@example.gouv.fr', passwordHash: '', isAdmin: false });
  const deps = {
    store,
    signInFailures: targetLimiter(store, clock.now)(signInFailuresPerAccount),
    passwordLogin,
    now: clock.now,
  };
  const refusals = async () =>
    (await store.listAudit(100, { action: 'sign-in.refused' })).map((entry) => entry.details);
  return { store, clock, deps, refusals };
}

describe('signIn', () => {
  it('the right password gives the account, without its hash, and logs the sign-in', async () => {
    const t = await withAccounts();
    const result = await signIn(t.deps, { email: 'Owner@example.gouv.fr', password });
    expect(result).toMatchObject({ user: { email: 'owner@example.gouv.fr' } });
    expect('user' in result && 'passwordHash' in result.user).toBe(false);
    const [entry] = await t.store.listAudit(1, { action: 'sign-in' });
    expect(entry).toMatchObject({
      target: 'owner@example.gouv.fr',
      details: { method: 'password' },
    });
  });

  it('each refusal says why, to the audit log only', async () => {
    const t = await withAccounts();
    const tries = [
      { email: 'owner@example.gouv.fr', password: 'pas la bonne phrase de passe' },
      { email: 'nobody@example.gouv.fr', password },
      { email: 'proconnect@example.gouv.fr', password },
    ];
    const results = [];
    for (const credentials of tries) results.push(await signIn(t.deps, credentials));
    expect(results).toEqual([
      { refused: 'wrong-password' },
      { refused: 'unknown-e-mail' },
      { refused: 'no-password' },
    ]);
    expect(await t.refusals()).toEqual([
      { method: 'password', reason: 'no-password' },
      { method: 'password', reason: 'unknown-e-mail' },
      { method: 'password', reason: 'wrong-password' },
    ]);
  });

  it('with password sign-in off, nothing is checked and the refusal is logged', async () => {
    const t = await withAccounts(false);
    expect(await signIn(t.deps, { email: 'owner@example.gouv.fr', password })).toEqual({
      refused: 'password-login-off',
    });
    expect(await t.refusals()).toEqual([{ method: 'password', reason: 'password-login-off' }]);
  });

  it('after 100 failures an hour at an address, even the right password waits, and so does an unknown address', async () => {
    const t = await withAccounts();
    for (const email of ['owner@example.gouv.fr', 'nobody@example.gouv.fr'])
      for (let i = 0; i < signInFailuresPerAccount.max; i++)
        await t.deps.signInFailures.fail(email);
    for (const email of ['OWNER@example.gouv.fr', 'nobody@example.gouv.fr'])
      await expect(signIn(t.deps, { email, password })).rejects.toMatchObject({ status: 429 });
    t.clock.advance(signInFailuresPerAccount.windowMs);
    expect(await signIn(t.deps, { email: 'owner@example.gouv.fr', password })).toHaveProperty(
      'user',
    );
  });
});
