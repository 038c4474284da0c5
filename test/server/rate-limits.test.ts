import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordWork } from '../../server/src/auth/passwords.ts';
import { signInFailuresPerAccount } from '../../server/src/features/accounts/password-sign-in.ts';
import { targetLimiter } from '../../server/src/http/target-limit.ts';
import {
  startTestApp,
  type TestApp,
  temporaryDirectory,
  testDatabases,
  testPasswordHash,
} from '../helpers.ts';

const origin = 'http://localhost:80';
const password = 'une phrase de passe assez longue';
const hour = 60 * 60 * 1000;

describe('limits per target', () => {
  it('a limit with a window longer than a day is refused when declared, before any request', async () => {
    const { store, clock } = await startTestApp();
    const declare = targetLimiter(store, clock.now);
    const week = { name: 'weekly', max: 5, windowMs: 7 * 24 * hour, what: 'this' };
    expect(() => declare(week)).toThrow(/a day at most/);
    expect(() => declare({ ...week, windowMs: 24 * hour })).not.toThrow();
  });
});

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('guesses at one address are limited across nodes and client addresses, whether it has an account or not', async () => {
      // Two nodes on one database (on SQLite, two apps on one file).
      const shared =
        database.name === 'SQLite'
          ? { DATABASE_PATH: join(temporaryDirectory(), 'avis.sqlite') }
          : await database.env();
      const nodes = [await startTestApp(shared), await startTestApp(shared)] as const;
      await nodes[0].store.createUser({
        email: 'owner@example.gouv.fr',
        passwordHash: await hashPassword(password),
        isAdmin: false,
      });
      // Every guess from another address: the per-client limit never trips.
      let client = 0;
      const logIn = (node: TestApp, email: string, guess: string) =>
        node.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { origin },
          remoteAddress: `192.0.2.${++client}`,
          payload: { email, password: guess },
        });
      // A hundred failures an hour (ASVS 2.2.1): the first 96 counted as the route counts them
      // (a hash each would take half a minute), the last four guessed through both nodes.
      const failures = targetLimiter(nodes[0].store, nodes[0].clock.now)(signInFailuresPerAccount);

      const limited = [];
      for (const email of ['owner@example.gouv.fr', 'nobody@example.gouv.fr']) {
        for (let i = 0; i < 96; i++) await failures.fail(email);
        const answers: number[] = [];
        // Two at a time, one on each node: the two hashing slots.
        for (let i = 0; i < 4; i += 2) {
          const pair = await Promise.all(
            nodes.map((node, n) => logIn(node, email, `mauvaise phrase ${i + n}`)),
          );
          answers.push(...pair.map((response) => response.statusCode));
        }
        expect(answers).toEqual(Array(4).fill(401));
        // The hundred-and-first, on either node, is refused before any check: even the right
        // password, and without a hash.
        const hashes = passwordWork().started;
        const refused = await logIn(nodes[1], email, password);
        expect(refused.statusCode).toBe(429);
        expect(passwordWork().started).toBe(hashes);
        limited.push(refused);
      }
      const [known, unknown] = limited;
      expect(unknown?.body).toBe(known?.body);
      expect(unknown?.headers['retry-after']).toBe(known?.headers['retry-after']);
      expect(Number(known?.headers['retry-after'])).toBeGreaterThan(0);

      for (const node of nodes) node.clock.advance(hour);
      expect((await logIn(nodes[0], 'owner@example.gouv.fr', password)).statusCode).toBe(200);
    }, 60_000);

    it('the owner signs in while guesses at their address pile up below the limit, and signing in does not use it up', async () => {
      const t = await startTestApp(await database.env());
      const email = 'owner@example.gouv.fr';
      await t.store.createUser({
        email,
        passwordHash: await testPasswordHash(password),
        isAdmin: false,
      });
      let client = 0;
      const logIn = (guess: string, remoteAddress = `192.0.2.${++client}`) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { origin },
          remoteAddress,
          payload: { email, password: guess },
        });
      const ownersAddress = '198.51.100.7';
      // Ten wrong guesses from ten addresses, two at a time: the owner still signs in.
      for (let i = 0; i < 10; i += 2) {
        const pair = await Promise.all([
          logIn(`mauvaise phrase ${i}`),
          logIn(`mauvaise phrase ${i + 1}`),
        ]);
        expect(pair.map((response) => response.statusCode)).toEqual([401, 401]);
      }
      expect((await logIn(password, ownersAddress)).statusCode).toBe(200);

      // 99 failures this hour: one short of the limit. Three sign-ins in a row: none counts.
      const failures = targetLimiter(t.store, t.clock.now)(signInFailuresPerAccount);
      for (let i = 10; i < 99; i++) await failures.fail(email);
      for (let i = 0; i < 3; i++)
        expect((await logIn(password, ownersAddress)).statusCode).toBe(200);
      // The hundredth failure is still checked; then even the owner waits for the next hour.
      expect((await logIn('une mauvaise phrase encore')).statusCode).toBe(401);
      expect((await logIn(password, ownersAddress)).statusCode).toBe(429);
    }, 60_000);

    it('guesses at an address in upper case count with those in lower case', async () => {
      const t = await startTestApp(await database.env());
      const failures = targetLimiter(t.store, t.clock.now)(signInFailuresPerAccount);
      for (let i = 0; i < 100; i++) await failures.fail('someone@example.gouv.fr');
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { origin },
        payload: { email: 'SomeOne@Example.gouv.fr', password },
      });
      expect(response.statusCode).toBe(429);
    });

    it('the first-start link is tried ten times a quarter hour per client', async () => {
      const t = await startTestApp(await database.env());
      const setup = (remoteAddress: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/setup',
          headers: { origin },
          remoteAddress,
          payload: { token: 'a guess', email: 'admin@example.gouv.fr', password },
        });
      for (let i = 0; i < 10; i++) expect((await setup('192.0.2.1')).statusCode).toBe(403);
      const limited = await setup('192.0.2.1');
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
      expect((await setup('192.0.2.2')).statusCode).toBe(403);
    });

    it('a made-up invitation link is tried ten times a quarter hour per client', async () => {
      const t = await startTestApp(await database.env());
      const accept = (remoteAddress: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/invitations/accept',
          headers: { origin },
          remoteAddress,
          payload: { token: 'a guess', password },
        });
      for (let i = 0; i < 10; i++) expect((await accept('192.0.2.1')).statusCode).toBe(404);
      expect((await accept('192.0.2.1')).statusCode).toBe(429);
      expect((await accept('192.0.2.2')).statusCode).toBe(404);
    });

    it('made-up invitation links are previewed thirty times a quarter hour per client', async () => {
      const t = await startTestApp(await database.env());
      const preview = (remoteAddress: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/invitations/preview',
          remoteAddress,
          payload: { token: 'a guess' },
        });
      for (let i = 0; i < 30; i++) expect((await preview('192.0.2.1')).statusCode).toBe(404);
      expect((await preview('192.0.2.1')).statusCode).toBe(429);
      expect((await preview('192.0.2.2')).statusCode).toBe(404);
    });

    it('a flood of probes from one client is cut at a hundred a second, and other clients are still answered', async () => {
      const t = await startTestApp(await database.env());
      for (const url of ['/healthz', '/readyz']) {
        // One after another (in a few hundred milliseconds); should a second end between two, the
        // count starts again and the next second is cut the same way.
        let answered = 0;
        let limited: Awaited<ReturnType<typeof t.app.inject>> | undefined;
        while (!limited && answered < 1000) {
          const response = await t.app.inject({ url, remoteAddress: '192.0.2.1' });
          if (response.statusCode === 429) limited = response;
          else answered++;
        }
        expect(limited?.headers['retry-after']).toBeDefined();
        expect(answered).toBeGreaterThanOrEqual(100);
        expect((await t.app.inject({ url, remoteAddress: '192.0.2.2' })).statusCode).toBe(200);
      }
    });
  });
});
