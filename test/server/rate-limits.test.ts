import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/src/auth/passwords.ts';
import { startTestApp, type TestApp, temporaryDirectory, testDatabases } from '../helpers.ts';

const origin = 'http://localhost:80';
const password = 'une phrase de passe assez longue';
const quarterHour = 15 * 60 * 1000;

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

      const limited = [];
      for (const email of ['owner@example.gouv.fr', 'nobody@example.gouv.fr']) {
        const answers: number[] = [];
        // Two at a time, one on each node: the two hashing slots.
        for (let i = 0; i < 10; i += 2) {
          const pair = await Promise.all(
            nodes.map((node, n) => logIn(node, email, `mauvaise phrase ${i + n}`)),
          );
          answers.push(...pair.map((response) => response.statusCode));
        }
        expect(answers).toEqual(Array(10).fill(401));
        // The eleventh, on either node, is refused before any check: even the right password.
        const refused = await logIn(nodes[1], email, password);
        expect(refused.statusCode).toBe(429);
        limited.push(refused);
      }
      const [known, unknown] = limited;
      expect(unknown?.body).toBe(known?.body);
      expect(unknown?.headers['retry-after']).toBe(known?.headers['retry-after']);
      expect(Number(known?.headers['retry-after'])).toBeGreaterThan(0);

      for (const node of nodes) node.clock.advance(quarterHour);
      expect((await logIn(nodes[0], 'owner@example.gouv.fr', password)).statusCode).toBe(200);
      // 23 hashes of ~0.35 s, two at a time.
    }, 60_000);

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
  });
});
