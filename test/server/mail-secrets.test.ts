import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../../server/src/app.ts';
import { purgeExpiredTexts } from '../../server/src/privacy/retention.ts';
import { openStore } from '../../server/src/store/open-store.ts';
import { startSmtpServer } from '../fixtures/smtp-server.ts';
import {
  readDatabase,
  startTestApp,
  testConfig,
  testDatabases,
  testPasswordHash,
  widgetDir,
} from '../helpers.ts';

const origin = 'https://avis.example.gouv.fr';
const password = 'une phrase de passe assez longue';
const day = 24 * 60 * 60 * 1000;

/** An admin signed in, an SMTP server that keeps what it is sent, and the app mailing to it. */
async function withAdmin(database: Record<string, string>) {
  const smtp = await startSmtpServer();
  const t = await startTestApp({ ...database, SMTP_URL: smtp.url, PUBLIC_URL: origin });
  const admin = await t.as('admin');
  const send = (url: string, payload: object) => admin({ method: 'POST', url, payload });
  /** The token of each link mailed so far, in order. */
  const tokens = () =>
    smtp.received.map((mail) => {
      const match = /#token=([\w-]+)/.exec(mail.text ?? '');
      if (!match?.[1]) throw new Error(`no link in ${mail.text}`);
      return match[1];
    });
  /** Every outbox row, every column, as text: what any SQL reader of the database can see. */
  const outboxAsText = async (): Promise<string> => {
    if (!t.config.databaseUrl) {
      return readDatabase(t.config.databasePath, (db) =>
        JSON.stringify(db.prepare('SELECT * FROM outbox').all()),
      );
    }
    const client = new pg.Client({ connectionString: t.config.databaseUrl });
    await client.connect();
    try {
      return JSON.stringify((await client.query('SELECT * FROM outbox')).rows);
    } finally {
      await client.end();
    }
  };
  return { ...t, smtp, send, tokens, outboxAsText };
}

/** The files SQLite keeps a database in; the WAL and its index may be absent when empty. */
function databaseFiles(path: string): Buffer[] {
  return [path, `${path}-wal`, `${path}-shm`].filter(existsSync).map((f) => readFileSync(f));
}

const anyFileHolds = (path: string, secret: string) =>
  databaseFiles(path).some((bytes) => bytes.includes(Buffer.from(secret)));

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('once a reset or an invitation is mailed, the outbox no longer holds its link', async () => {
      const t = await withAdmin(await database.env());
      const reset = await t.app.inject({
        method: 'POST',
        url: '/api/v1/password-reset',
        headers: { origin },
        payload: { email: 'admin@example.gouv.fr' },
      });
      expect(reset.statusCode).toBe(202);
      const invited = await t.send('/api/v1/invitations', {
        email: 'new@example.gouv.fr',
        role: 'owner',
        procedures: [t.procedure.key],
      });
      expect(invited.statusCode).toBeLessThan(300);
      await t.app.mailSender.sendDue();

      const tokens = t.tokens();
      expect(tokens).toHaveLength(2);
      const outbox = await t.outboxAsText();
      for (const token of tokens) expect(outbox).not.toContain(token);
      // The envelope stays: the mails are still known as sent, once.
      expect(outbox).toContain('new@example.gouv.fr');
      expect(await t.store.countOutbox()).toEqual({ waiting: 0, refused: 0 });
    });

    it('a mail given up for good keeps no body either', async () => {
      const t = await withAdmin(await database.env());
      t.smtp.behaviour.refuseWith = 550;
      await t.store.enqueueMail(
        {
          kind: 'password-reset',
          recipient: 'gone@example.gouv.fr',
          subject: 'Votre mot de passe',
          text: `${origin}/dashboard/password#token=given-up-token-1234`,
          html: `<a href="${origin}/dashboard/password#token=given-up-token-1234">lien</a>`,
        },
        t.clock.now(),
      );
      expect(await t.app.mailSender.sendDue()).toEqual({ sent: 0, retried: 0, refused: 1 });
      expect(await t.outboxAsText()).not.toContain('given-up-token-1234');
    });

    it('a digest quoting comments keeps them in the outbox a week at most, sent or not', async () => {
      const t = await withAdmin(await database.env());
      const digest = (recipient: string) => ({
        kind: 'digest',
        recipient,
        subject: 'Vos avis de la semaine',
        text: '« Le formulaire plante à la dernière étape »',
        html: '<blockquote>Le formulaire plante à la dernière étape</blockquote>',
        headers: { 'List-Unsubscribe': `<${origin}/api/v1/unsubscribe?sig=abc>` },
      });
      await t.store.enqueueMail(digest('sent@example.gouv.fr'), t.clock.now());
      await t.app.mailSender.sendDue();
      expect(t.smtp.received).toHaveLength(1);
      expect(await t.outboxAsText()).not.toContain('plante');

      // The SMTP server refuses for now: the second one waits, with its body, to be sent later.
      t.smtp.behaviour.refuseWith = 451;
      await t.store.enqueueMail(digest('waiting@example.gouv.fr'), t.clock.now());
      await t.app.mailSender.sendDue();
      expect(await t.outboxAsText()).toContain('plante');
      await purgeExpiredTexts(t.store, new Date(t.clock.now().getTime() + 6 * day), 24);
      expect(await t.outboxAsText()).toContain('plante');

      await purgeExpiredTexts(t.store, new Date(t.clock.now().getTime() + 8 * day), 24);
      expect(await t.outboxAsText()).not.toContain('plante');
      // Given up, never sent later with an empty body.
      expect(await t.store.countOutbox()).toEqual({ waiting: 0, refused: 1 });
      t.smtp.behaviour.refuseWith = undefined;
      t.clock.advance(30 * day);
      expect(await t.app.mailSender.sendDue()).toEqual({ sent: 0, retried: 0, refused: 0 });
    });
  });
});

describe('on SQLite, byte for byte', () => {
  it('no file of the database, WAL included, holds a reset or invitation token once it is mailed', async () => {
    const t = await withAdmin({});
    // Refused for now, so that the tokens are seen on disk before the mails go.
    t.smtp.behaviour.refuseWith = 451;
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/password-reset',
      headers: { origin },
      payload: { email: 'admin@example.gouv.fr' },
    });
    await t.send('/api/v1/invitations', {
      email: 'new@example.gouv.fr',
      role: 'owner',
      procedures: [t.procedure.key],
    });
    await t.app.mailSender.sendDue();
    expect(await t.store.countOutbox()).toEqual({ waiting: 2, refused: 0 });
    // The marker is in a body, as the tokens are: the search would find them there.
    expect(anyFileHolds(t.config.databasePath, 'dashboard/password#token=')).toBe(true);

    t.smtp.behaviour.refuseWith = undefined;
    t.clock.advance(60_000);
    await t.app.mailSender.sendDue();
    const tokens = t.tokens();
    expect(tokens).toHaveLength(2);
    for (const token of tokens) {
      expect(anyFileHolds(t.config.databasePath, token)).toBe(false);
    }
    expect(anyFileHolds(t.config.databasePath, 'dashboard/password#token=')).toBe(false);
    expect(anyFileHolds(t.config.databasePath, 'dashboard/invitation#token=')).toBe(false);
  });
});

describe('without SMTP_URL', () => {
  it('in production, a logged mail hides its link’s token; in development, it shows it', async () => {
    const logged = async (env: Record<string, string>) => {
      const lines: string[] = [];
      const logStream = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      });
      const config = testConfig({ LOG_LEVEL: 'info', ...env });
      const store = await openStore(config);
      const app = await buildApp({ config, store, widgetDir, logStream });
      onTestFinished(async () => {
        await app.close();
        await store.close();
      });
      await store.createUser({
        email: 'agent@example.gouv.fr',
        passwordHash: await testPasswordHash(password),
        isAdmin: false,
      });
      const asked = await app.inject({
        method: 'POST',
        url: '/api/v1/password-reset',
        payload: { email: 'agent@example.gouv.fr' },
      });
      expect(asked.statusCode).toBe(202);
      await app.mailSender.sendDue();
      const mail = lines.map((line) => JSON.parse(line)).find((line) => line.mail);
      return String(mail?.mail.text);
    };

    const production = await logged({ NODE_ENV: 'production', PUBLIC_URL: origin });
    expect(production).toContain(`${origin}/dashboard/password#token=[hidden: set SMTP_URL]`);
    expect(production).not.toMatch(/#token=[A-Za-z0-9_-]{20,}/);
    const development = await logged({});
    expect(development).toMatch(/localhost:3000\/dashboard\/password#token=[A-Za-z0-9_-]{20,}/);
  });
});
