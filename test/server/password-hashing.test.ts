import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  hashPasswordAtCost,
  PasswordsBusyError,
  passwordWork,
  verifyPassword,
} from '../../server/src/auth/passwords.ts';
import { secretHash } from '../../server/src/auth/secrets.ts';
import { startTestApp, testDatabases, testPasswordHash } from '../helpers.ts';

const origin = 'http://localhost:80';
const password = 'une phrase de passe assez longue';

/**
 * Hashes in the account lane, started now and not awaited: `done` lists them (and whatever else
 * the test marks) in the order they finish, `all` settles when every one has.
 */
/**
 * `count` new passwords hashed at once, in the account lane; `done` says in which order they
 * ended. At the production cost unless `cheap` (where only the queue's bookkeeping is tested, a
 * loaded CI machine would otherwise make the last ones wait past the 2 s limit).
 */
function burstOfHashes(count: number, { cheap = false } = {}) {
  const done: string[] = [];
  const hash = (text: string) =>
    cheap ? hashPasswordAtCost(text, { N: 2 ** 10, r: 8, p: 1 }) : hashPassword(text);
  const all = Promise.allSettled(
    Array.from({ length: count }, (_, i) =>
      hash(`${password} ${i}`).then(
        (hash) => {
          done.push(`hash ${i}`);
          return hash;
        },
        (error: unknown) => {
          done.push(`refused ${i}`);
          throw error;
        },
      ),
    ),
  );
  return { done, all };
}

/** Where the first hash that had to wait its turn ended in `done` (after all, if none did). */
function firstQueuedDone(done: string[]): number {
  const index = done.findIndex((entry) => /^hash [1-9]/.test(entry));
  return index === -1 ? done.length : index;
}

describe('the password hashing queue', () => {
  it('a hash beyond the waiting line is turned away at once with a 503 and Retry-After', async () => {
    // One running in the account lane, four waiting: the sixth finds the line full.
    const burst = burstOfHashes(6, { cheap: true });
    const results = await burst.all;
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    const error = (refused[0] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(PasswordsBusyError);
    expect(error).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    // Turned away before any of the others was done, not after waiting its turn.
    expect(burst.done[0]).toBe('refused 5');
    expect(passwordWork()).toMatchObject({
      running: { 'sign-in': 0, account: 0 },
      waiting: { 'sign-in': 0, account: 0 },
    });
  });

  it('a new password that waits over two seconds for a slot is dropped with the same 503, not hashed for a client that may be gone', async () => {
    const stored = await hashPassword(password);
    const before = passwordWork();
    // Four sign-ins checked over and over: two hash while two wait, and sign-ins go first, so
    // the new password never gets a slot. Capped, so that without a longest wait the test ends.
    let checks = 0;
    let hashSettled = false;
    const keepChecking = async () => {
      while (!hashSettled && checks < 40) {
        checks++;
        await verifyPassword(password, stored);
      }
    };
    const checkers = Promise.all(Array.from({ length: 4 }, keepChecking));
    const hashed = hashPassword(`${password} nouveau`).finally(() => {
      hashSettled = true;
    });
    const outcome = await hashed.then(
      () => 'hashed',
      (error: unknown) => error,
    );
    const checksWhenDropped = checks;
    await checkers;
    expect(outcome).toBeInstanceOf(PasswordsBusyError);
    expect(outcome).toMatchObject({ status: 503, headers: { 'retry-after': '1' } });
    // Dropped while the sign-ins still went on, and never started: every hash begun was a check.
    expect(checksWhenDropped).toBeLessThan(40);
    const after = passwordWork();
    expect(after.started - before.started).toBe(checks);
    expect(after.refused.account['waited-too-long']).toBe(
      before.refused.account['waited-too-long'] + 1,
    );
    expect(after).toMatchObject({
      running: { 'sign-in': 0, account: 0 },
      waiting: { 'sign-in': 0, account: 0 },
    });
  }, 30_000);

  it('a password check does not wait behind a line of new passwords', async () => {
    const stored = await hashPassword(password);
    const burst = burstOfHashes(5);
    const checked = verifyPassword(password, stored).then((valid) => {
      burst.done.push('check');
      return valid;
    });
    expect(await checked).toBe(true);
    await burst.all;
    // The check had a slot of its own: it ended beside the first hash, long before any of those
    // that waited (on a loaded machine some may be dropped after 2 s instead: never before it).
    expect(burst.done.indexOf('check')).toBeLessThan(firstQueuedDone(burst.done));
  });
});

describe('the cost a hash carries', () => {
  it("the production hash carries N=2^14, r=8, p=5; a hash at the tests' cost verifies as well", async () => {
    expect((await hashPassword(password)).split('$').slice(0, 4)).toEqual([
      'scrypt',
      '16384',
      '8',
      '5',
    ]);
    const cheap = await testPasswordHash(password);
    expect(cheap.split('$').slice(0, 4)).toEqual(['scrypt', '1024', '8', '1']);
    expect(await verifyPassword(password, cheap)).toBe(true);
    expect(await verifyPassword(`${password}!`, cheap)).toBe(false);
  });

  it('no hash is made, nor accepted, below the floor or above the ceiling', async () => {
    const outOfRange = [
      { N: 2 ** 9, r: 8, p: 1 },
      { N: 1000, r: 8, p: 1 },
      { N: 2 ** 10, r: 4, p: 1 },
      { N: 2 ** 10, r: 8, p: 17 },
      { N: 2 ** 17, r: 8, p: 1 },
    ];
    for (const cost of outOfRange)
      await expect(hashPasswordAtCost(password, cost)).rejects.toThrow(/out of range/);
    // Rows a corrupted database could hold, made with the right password: each would verify
    // (nearly free, or with an empty key equal to any other) if its cost were trusted.
    const salt = randomBytes(16);
    const row = (N: number, r: number, p: number, keyLength = 32) =>
      [
        'scrypt',
        N,
        r,
        p,
        salt.toString('base64'),
        scryptSync(password, salt, keyLength, { N, r, p }).toString('base64'),
      ].join('$');
    expect(await verifyPassword(password, row(2 ** 10, 8, 1))).toBe(true);
    for (const stored of [row(16, 8, 1), row(2 ** 10, 1, 1), row(2 ** 10, 8, 1, 8)])
      expect(await verifyPassword(password, stored)).toBe(false);
    expect(await verifyPassword(password, `scrypt$1024$8$1$${salt.toString('base64')}$=`)).toBe(
      false,
    );
  });
});

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('a log-in answers while invitations and resets fill the queue', async () => {
      const t = await startTestApp(await database.env());
      await t.store.createUser({
        email: 'owner@example.gouv.fr',
        passwordHash: await hashPassword(password),
        isAdmin: false,
      });
      const burst = burstOfHashes(5);
      const loggedIn = t.app
        .inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { origin },
          payload: { email: 'owner@example.gouv.fr', password },
        })
        .then((response) => {
          burst.done.push('log-in');
          return response;
        });
      expect((await loggedIn).statusCode).toBe(200);
      await burst.all;
      expect(burst.done.indexOf('log-in')).toBeLessThan(firstQueuedDone(burst.done));
    });

    it('a new password beyond the line is refused with a 503 problem and Retry-After, and nothing changes', async () => {
      const t = await startTestApp(await database.env());
      const user = await t.store.createUser({
        email: 'owner@example.gouv.fr',
        passwordHash: await hashPassword(password),
        isAdmin: false,
      });
      const token = 'a-live-reset-link-token';
      const at = t.clock.now();
      await t.store.createPasswordReset(
        {
          userId: user?.id ?? 0,
          tokenHash: secretHash(token),
          expiresAt: new Date(at.getTime() + 60 * 60 * 1000),
        },
        {
          kind: 'password-reset',
          recipient: 'owner@example.gouv.fr',
          subject: '',
          text: '',
          html: '',
        },
        at,
        { max: 3, since: new Date(0) },
      );
      // One hash running and four waiting: the account lane is full.
      const burst = burstOfHashes(5);
      const confirmed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/password-reset/confirm',
        headers: { origin },
        payload: { token, password: 'une toute nouvelle phrase de passe' },
      });
      await burst.all;
      expect(confirmed.statusCode).toBe(503);
      expect(confirmed.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(confirmed.headers['retry-after']).toBe('1');
      const oldPasswordStill = await t.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { origin },
        payload: { email: 'owner@example.gouv.fr', password },
      });
      expect(oldPasswordStill.statusCode).toBe(200);
      // The link still works once the queue has room.
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/password-reset/confirm',
            headers: { origin },
            payload: { token, password: 'une toute nouvelle phrase de passe' },
          })
        ).statusCode,
      ).toBe(200);
    });

    it('a made-up invitation link answers 404 without hashing the password, even with the queue full', async () => {
      const t = await startTestApp(await database.env());
      const accept = () =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/invitations/accept',
          headers: { origin },
          payload: { token: 'made-up', password },
        });
      const before = passwordWork().started;
      expect((await accept()).statusCode).toBe(404);
      expect(passwordWork().started).toBe(before);

      // With the account lane full, a hash would be refused (503) or wait its turn.
      const burst = burstOfHashes(5);
      const answered = accept().then((response) => {
        burst.done.push('404');
        return response;
      });
      expect((await answered).statusCode).toBe(404);
      await burst.all;
      expect(burst.done[0]).toBe('404');
    });

    it('a log-in with an unknown e-mail, or to an account without a password, costs one hash like any other, and answers alike', async () => {
      const t = await startTestApp(await database.env());
      await t.store.createUser({
        email: 'owner@example.gouv.fr',
        passwordHash: await hashPassword(password),
        isAdmin: false,
      });
      // ProConnect only: no password at all.
      await t.store.createUser({
        email: 'agent@example.gouv.fr',
        passwordHash: '',
        isAdmin: false,
      });
      const hashesFor = async (email: string) => {
        const before = passwordWork().started;
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { origin },
          payload: { email, password: 'pas le bon mot de passe' },
        });
        return { hashes: passwordWork().started - before, response };
      };
      const known = await hashesFor('owner@example.gouv.fr');
      const unknown = await hashesFor('nobody@example.gouv.fr');
      const withoutPassword = await hashesFor('agent@example.gouv.fr');
      expect(known.hashes).toBe(1);
      expect(unknown.hashes).toBe(1);
      expect(withoutPassword.hashes).toBe(1);
      for (const { response } of [unknown, withoutPassword]) {
        expect(response.statusCode).toBe(known.response.statusCode);
        expect(response.body).toBe(known.response.body);
      }
    });
  });
});
