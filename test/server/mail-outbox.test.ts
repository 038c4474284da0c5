import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.ts';
import type { OutgoingMail } from '../../server/src/store/mail.ts';
import { openStore } from '../../server/src/store/open-store.ts';
import { metricsToken, scrapeMetrics } from '../fixtures/scrape-metrics.ts';
import { startSmtpServer } from '../fixtures/smtp-server.ts';
import { startTestApp, TestClock, testConfig, testDatabases, widgetDir } from '../helpers.ts';

function mail(n: number, extra: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    kind: 'test',
    recipient: `person${n}@example.gouv.fr`,
    subject: `Message ${n}`,
    text: `Texte ${n}`,
    html: `<p>Texte ${n}</p>`,
    ...extra,
  };
}

function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const minute = 60_000;

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('the SMTP server down: the mail waits, is counted as a failure, and leaves when it is back', async () => {
      const port = await unusedPort();
      const t = await startTestApp({
        ...(await database.env()),
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        METRICS_TOKEN: metricsToken,
      });
      await t.store.enqueueMail(mail(1), t.clock.now());
      expect(await t.app.mailSender.sendDue()).toEqual({ sent: 0, retried: 1, refused: 0 });
      const metrics = await scrapeMetrics(t.app);
      expect(metrics.body).toContain('avis_mail_failures_total{kind="test",outcome="retry"} 1');

      const smtp = await startSmtpServer(port);
      // Not before its retry time.
      expect(await t.app.mailSender.sendDue()).toEqual({ sent: 0, retried: 0, refused: 0 });
      t.clock.advance(minute);
      expect(await t.app.mailSender.sendDue()).toEqual({ sent: 1, retried: 0, refused: 0 });
      expect(smtp.received.map((m) => m.subject)).toEqual(['Message 1']);
      expect(await t.store.countOutbox()).toEqual({ waiting: 0, refused: 0 });
    });

    it('a 4xx answer is tried again later; a 5xx answer stops, and says so', async () => {
      const smtp = await startSmtpServer();
      const lines: string[] = [];
      const config = testConfig({
        ...(await database.env()),
        SMTP_URL: smtp.url,
        LOG_LEVEL: 'info',
        METRICS_TOKEN: metricsToken,
      });
      const store = await openStore(config);
      const clock = new TestClock();
      const logStream = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      });
      const app = await buildApp({ config, store, now: clock.now, widgetDir, logStream });
      try {
        smtp.behaviour.refuseWith = 451;
        await store.enqueueMail(mail(1), clock.now());
        expect(await app.mailSender.sendDue()).toEqual({ sent: 0, retried: 1, refused: 0 });
        smtp.behaviour.refuseWith = undefined;
        clock.advance(minute);
        expect(await app.mailSender.sendDue()).toEqual({ sent: 1, retried: 0, refused: 0 });

        smtp.behaviour.refuseWith = 550;
        await store.enqueueMail(mail(2), clock.now());
        expect(await app.mailSender.sendDue()).toEqual({ sent: 0, retried: 0, refused: 1 });
        smtp.behaviour.refuseWith = undefined;
        clock.advance(3 * 24 * 60 * minute);
        expect(await app.mailSender.sendDue()).toEqual({ sent: 0, retried: 0, refused: 0 });
        expect(smtp.received.map((m) => m.subject)).toEqual(['Message 1']);
        expect(await store.countOutbox()).toEqual({ waiting: 0, refused: 1 });
        const refusal = lines
          .map((line) => JSON.parse(line))
          .find((l) => l.mailId !== undefined && l.level === 50);
        expect(refusal).toMatchObject({
          msg: 'mail refused for good, not tried again',
          kind: 'test',
        });
        expect(refusal.error).toContain('550');
        const metrics = await scrapeMetrics(app);
        expect(metrics.body).toContain('avis_mail_failures_total{kind="test",outcome="refused"} 1');
        expect(metrics.body).toContain('avis_mail_sent_total{kind="test"} 1');
      } finally {
        await app.close();
        await store.close();
      }
    });

    it('a mail written before a crash is sent after the restart; one claimed by a dead sender, after its lease, with the same Message-ID', async () => {
      const smtp = await startSmtpServer();
      const config = testConfig({ ...(await database.env()), SMTP_URL: smtp.url });
      const clock = new TestClock();
      // The process that dies: it wrote two mails, and had claimed one of them when it died.
      const before = await openStore(config);
      await before.enqueueMail(mail(1), clock.now());
      await before.enqueueMail(mail(2), clock.now());
      const [claimed] = await before.claimMails(clock.now(), 5 * minute, 1);
      await before.close();

      const store = await openStore(config);
      const app = await buildApp({ config, store, now: clock.now, widgetDir });
      try {
        expect(await app.mailSender.sendDue()).toEqual({ sent: 1, retried: 0, refused: 0 });
        expect(smtp.received.map((m) => m.subject)).toEqual(['Message 2']);
        clock.advance(5 * minute);
        expect(await app.mailSender.sendDue()).toEqual({ sent: 1, retried: 0, refused: 0 });
        expect(smtp.received[1]?.subject).toBe('Message 1');
        expect(smtp.received[1]?.messageId).toBe(`<${claimed?.messageId}@localhost>`);
        clock.advance(60 * minute);
        expect(await app.mailSender.sendDue()).toEqual({ sent: 0, retried: 0, refused: 0 });
      } finally {
        await app.close();
        await store.close();
      }
    });

    it('a mail with the key of one already written is not written again', async () => {
      const t = await startTestApp(await database.env());
      expect(await t.store.enqueueMail(mail(1, { dedupeKey: 'alert:x' }), t.clock.now())).toBe(
        true,
      );
      expect(await t.store.enqueueMail(mail(2, { dedupeKey: 'alert:x' }), t.clock.now())).toBe(
        false,
      );
      expect(await t.store.countOutbox()).toEqual({ waiting: 1, refused: 0 });
    });
  });
});

const postgres = testDatabases.find((d) => d.name === 'PostgreSQL');
describe.skipIf(!postgres?.available)('on PostgreSQL, two nodes', () => {
  it('each mail is sent once when two nodes send the one outbox at the same time', async () => {
    const smtp = await startSmtpServer();
    const env = (await postgres?.env()) ?? {};
    const clock = new TestClock();
    const nodes = [];
    for (let i = 0; i < 2; i++) {
      const config = testConfig({ ...env, SMTP_URL: smtp.url });
      const store = await openStore(config);
      const app = await buildApp({ config, store, now: clock.now, widgetDir });
      nodes.push({ app, store });
    }
    try {
      for (let n = 0; n < 60; n++) await nodes[n % 2]?.store.enqueueMail(mail(n), clock.now());
      const reports = await Promise.all(nodes.map((node) => node.app.mailSender.sendDue()));
      expect(reports.reduce((sum, r) => sum + r.sent, 0)).toBe(60);
      expect(smtp.received).toHaveLength(60);
      expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(60);
      expect(new Set(smtp.received.map((m) => m.subject)).size).toBe(60);
    } finally {
      for (const { app, store } of nodes) {
        await app.close();
        await store.close();
      }
    }
  });
});
