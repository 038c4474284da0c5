import { describe, expect, it } from 'vitest';
import { addDays } from '../../common/calendar-days.ts';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import { runNotifications } from '../../server/src/features/mail/notify.ts';
import { unsubscribeSigner } from '../../server/src/features/mail/unsubscribe.ts';
import type { IncomingSubmission } from '../../server/src/store/store.ts';
import { startSmtpServer } from '../fixtures/smtp-server.ts';
import { startTestApp, testDatabases, testPasswordHash, uuidv7 } from '../helpers.ts';

type Mix = { good: number; medium: number; bad: number };

const origin = 'https://avis.example.gouv.fr';
const mailSecret = 'a secret of the tests, at least 32 characters';
const signer = unsubscribeSigner(mailSecret);

async function withOwner(database: Record<string, string>) {
  const smtp = await startSmtpServer();
  const t = await startTestApp({
    ...database,
    SMTP_URL: smtp.url,
    TZ_REPORT: 'UTC',
    MAIL_SECRET: mailSecret,
  });
  const owner = await t.store.createUser({
    email: 'owner@example.gouv.fr',
    passwordHash: await testPasswordHash('une phrase de passe assez longue'),
    isAdmin: false,
  });
  if (!owner) throw new Error('duplicate');
  await t.store.setRole(owner.id, t.procedure.key, 'owner');
  // Alerts alone here: the digest is tested in digest.test.ts.
  await t.store.setMailPreferences(owner.id, { digest: 'none' });
  /** Answers received on `day` at noon UTC (the report zone is UTC here), in this mix. */
  const answersOn = async (day: string, mix: Mix) => {
    const receivedAt = new Date(`${day}T12:00:00Z`);
    const batch: IncomingSubmission[] = [];
    for (const [satisfaction, count] of Object.entries(mix)) {
      for (let i = 0; i < count; i++) {
        batch.push({
          id: uuidv7(receivedAt.getTime()),
          procedureKey: t.procedure.key,
          answer: { satisfaction } as Answer,
          day,
          receivedAt,
        });
      }
    }
    await t.store.saveSubmissions(batch);
  };
  /** The app's clock moves along, so that its sender finds the mails written due. */
  const notify = (now: Date) => {
    t.clock.current = now;
    return runNotifications({
      store: t.store,
      now,
      timeZone: 'UTC',
      origin,
      signer,
      minAnswers: 100,
    });
  };
  const alertsAt = async (now: Date) => {
    t.clock.current = now;
    const cookie = await logIn();
    return (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/procedures/${t.procedure.key}/alerts`,
        headers: { cookie },
      })
    ).json() as { kind: string }[];
  };
  const logIn = async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'owner@example.gouv.fr', password: 'une phrase de passe assez longue' },
    });
    return String(String(response.headers['set-cookie']).split(';')[0]);
  };
  return { ...t, smtp, owner, answersOn, notify, alertsAt };
}

/** 28 ordinary days, then 7 of `recent`, ending the day before `today`. */
async function history(t: Awaited<ReturnType<typeof withOwner>>, today: string, recent: Mix) {
  for (let d = -35; d <= -8; d++)
    await t.answersOn(addDays(today, d), { good: 15, medium: 3, bad: 2 });
  for (let d = -7; d <= -1; d++) await t.answersOn(addDays(today, d), recent);
}

const today = '2026-12-07';
const morning = new Date(`${today}T08:05:00Z`);

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('a real drop alerts the owner once, with both figures, margins and samples; the banner says so', async () => {
      const t = await withOwner(await database.env());
      await history(t, today, { good: 3, medium: 3, bad: 4 });
      expect(await t.notify(morning)).toEqual({
        alerts: [{ procedure: t.procedure.key, kind: 'drop' }],
        digests: 0,
        mails: 1,
      });
      // Idempotent: again the same day, nothing more.
      expect(await t.notify(new Date(`${today}T11:00:00Z`))).toEqual({
        alerts: [],
        digests: 0,
        mails: 0,
      });
      await t.app.mailSender.sendDue();
      expect(t.smtp.received).toHaveLength(1);
      const mail = t.smtp.received[0];
      expect(mail?.subject).toBe('Baisse de satisfaction : Demande de passeport');
      expect(mail?.text).toContain(
        'Du 30 novembre au 6 décembre : 4,5 sur 10 (Pas bien), à 1 près, sur 70 avis.',
      );
      expect(mail?.text).toContain(
        '(du 2 novembre au 29 novembre) : 8,3 sur 10 (Bien), à 0,3 près, sur 560 avis.',
      );
      expect(mail?.text).toContain(`${origin}/dashboard/procedures/${t.procedure.key}`);
      expect((await t.alertsAt(morning)).map((a) => a.kind)).toEqual(['drop']);
    });

    it('noise within the margins does not alert, nor fewer than 30 answers in the 7 days', async () => {
      const noisy = await withOwner(await database.env());
      await history(noisy, today, { good: 14, medium: 4, bad: 2 });
      expect(await noisy.notify(morning)).toEqual({ alerts: [], digests: 0, mails: 0 });

      const few = await withOwner(await database.env());
      await history(few, today, { good: 0, medium: 0, bad: 4 });
      expect(await few.notify(morning)).toEqual({ alerts: [], digests: 0, mails: 0 });
      expect(await few.alertsAt(morning)).toEqual([]);
    });

    it('silence after 14 busy days alerts once; a procedure quiet on weekends does not', async () => {
      const t = await withOwner(await database.env());
      // Every day up to Friday 4 December, then nothing.
      for (let d = -13; d <= 0; d++)
        await t.answersOn(addDays('2026-12-04', d), { good: 5, medium: 0, bad: 0 });
      expect(await t.notify(new Date('2026-12-05T11:00:00Z'))).toEqual({
        alerts: [],
        digests: 0,
        mails: 0,
      });
      expect(await t.notify(new Date('2026-12-05T12:00:00Z'))).toMatchObject({
        alerts: [{ kind: 'silence' }],
      });
      // The next days: the same silence, no second mail, and the banner stays.
      expect(await t.notify(new Date('2026-12-07T12:00:00Z'))).toEqual({
        alerts: [],
        digests: 0,
        mails: 0,
      });
      expect((await t.alertsAt(new Date('2026-12-07T12:00:00Z'))).map((a) => a.kind)).toEqual([
        'silence',
      ]);
      await t.app.mailSender.sendDue();
      expect(t.smtp.received.map((m) => m.subject)).toEqual([
        'Plus aucun avis depuis 24 heures : Demande de passeport',
      ]);
      // Answers again: the banner goes.
      await t.answersOn('2026-12-07', { good: 1, medium: 0, bad: 0 });
      expect(await t.alertsAt(new Date('2026-12-07T13:00:00Z'))).toEqual([]);

      const weekdays = await withOwner(await database.env());
      for (let d = -20; d <= 0; d++) {
        const day = addDays('2026-12-04', d);
        const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
        if (weekday !== 0 && weekday !== 6)
          await weekdays.answersOn(day, { good: 5, medium: 0, bad: 0 });
      }
      expect(await weekdays.notify(new Date('2026-12-06T12:00:00Z'))).toEqual({
        alerts: [],
        digests: 0,
        mails: 0,
      });
    });

    it('one click from the mail client stops the alerts (RFC 8058), signed, no login; a forged link does nothing', async () => {
      const t = await withOwner(await database.env());
      await history(t, today, { good: 3, medium: 3, bad: 4 });
      await t.notify(morning);
      await t.app.mailSender.sendDue();
      const lines = (t.smtp.received[0]?.headerLines ?? []).map((h) => h.line.replace(/\s+/g, ' '));
      expect(lines).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
      const header = lines.find((line) => line.startsWith('List-Unsubscribe: '));
      const link = new URL(/<([^>]+)>/.exec(header ?? '')?.[1] ?? '');
      expect(link.origin).toBe(origin);
      const post = (url: string) =>
        t.app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'List-Unsubscribe=One-Click',
        });
      const forged = link.search.replace(`u=${t.owner.id}`, `u=${t.owner.id + 1}`);
      expect((await post(`/desabonnement${forged}`)).statusCode).toBe(404);
      // Opening the link changes nothing: link scanners open links.
      expect(
        (await t.app.inject({ method: 'GET', url: `/desabonnement${link.search}` })).statusCode,
      ).toBe(200);
      expect((await t.store.mailPreferences(t.owner.id)).alerts).toBe(true);
      const done = await post(`/desabonnement${link.search}`);
      expect(done.statusCode).toBe(200);
      expect(done.body).toContain('Vous ne recevrez plus d’alertes par e-mail.');
      expect(await t.store.mailPreferences(t.owner.id)).toEqual({
        digest: 'none',
        alerts: false,
      });
    });

    it('an owner who turned alerts off gets none', async () => {
      const t = await withOwner(await database.env());
      await t.store.setMailPreferences(t.owner.id, { alerts: false });
      await history(t, today, { good: 3, medium: 3, bad: 4 });
      expect(await t.notify(morning)).toEqual({ alerts: [], digests: 0, mails: 0 });
    });
  });
});
