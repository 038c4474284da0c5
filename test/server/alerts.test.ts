import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { addDays, reportDay } from '../../common/calendar-days.ts';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import { dropMinimumAnswers, isDrop } from '../../server/src/features/mail/alerts.ts';
import { runNotifications } from '../../server/src/features/mail/notify.ts';
import { unsubscribeSigner } from '../../server/src/features/mail/unsubscribe.ts';
import { computeIndicators } from '../../server/src/features/stats/indicators.ts';
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
  /** Answers received at `receivedAt`, in this mix, counted for its day (the report zone is UTC). */
  const answersAt = async (receivedAt: Date, mix: Mix) => {
    const day = reportDay(receivedAt, 'UTC');
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
  /** Answers received on `day` at noon. */
  const answersOn = (day: string, mix: Mix) => answersAt(new Date(`${day}T12:00:00Z`), mix);
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
  return { ...t, smtp, owner, answersAt, answersOn, notify, alertsAt };
}

const ordinary: Mix = { good: 15, medium: 3, bad: 2 };

/**
 * 28 ordinary days, then 6 of `recent` up to the day before `today`: the 7 days ending on a
 * morning of `today` are those 6 and today so far.
 */
async function history(t: Awaited<ReturnType<typeof withOwner>>, today: string, recent: Mix) {
  for (let d = -34; d <= -7; d++) await t.answersOn(addDays(today, d), ordinary);
  for (let d = -6; d <= -1; d++) await t.answersOn(addDays(today, d), recent);
}

/** `count` answers of `mix`, one every 5 minutes from `from`. */
async function steadily(
  t: Awaited<ReturnType<typeof withOwner>>,
  from: string,
  count: number,
  mix: keyof Mix,
) {
  for (let i = 0; i < count; i++)
    await t.answersAt(new Date(Date.parse(from) + i * 5 * 60 * 1000), {
      good: 0,
      medium: 0,
      bad: 0,
      [mix]: 1,
    });
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
      expect(mail?.subject).toBe('Baisse de satisfaction\u202f: Demande de passeport');
      // The 7 days end now: today so far (no answer yet at 08:05) and the 6 days before.
      expect(mail?.text).toContain(
        'Du 1 décembre au 7 décembre à 08:05\u202f: 4,5 sur 10 (Pas bien), à 1,1 près, sur 60 avis.',
      );
      expect(mail?.text).toContain(
        '(du 3 novembre au 30 novembre)\u202f: 8,3 sur 10 (Bien), à 0,3 près, sur 560 avis.',
      );
      expect(mail?.text).toContain(`${origin}/dashboard/procedures/${t.procedure.key}`);
      expect((await t.alertsAt(morning)).map((a) => a.kind)).toEqual(['drop']);
    });

    it('a fall that starts at 9 a.m. is mailed by the 11:00 cycle, once that day; the next day mails again while it holds', async () => {
      const t = await withOwner(await database.env());
      const nothing = { alerts: [], digests: 0, mails: 0 };
      for (let d = -34; d <= -1; d++) await t.answersOn(addDays(today, d), ordinary);
      // An ordinary early morning, then the procedure breaks at 09:00.
      await t.answersAt(new Date(`${today}T07:30:00Z`), { good: 2, medium: 0, bad: 0 });
      await steadily(t, `${today}T09:00:00Z`, 2, 'bad');
      expect(await t.notify(new Date(`${today}T09:15:00Z`))).toEqual(nothing);
      await steadily(t, `${today}T09:10:00Z`, 18, 'bad');
      expect(await t.notify(new Date(`${today}T11:00:00Z`))).toEqual({
        alerts: [{ procedure: t.procedure.key, kind: 'drop' }],
        digests: 0,
        mails: 1,
      });
      await t.app.mailSender.sendDue();
      expect(t.smtp.received.map((m) => m.subject)).toEqual([
        'Baisse de satisfaction\u202f: Demande de passeport',
      ]);
      expect(t.smtp.received[0]?.text).toContain(
        'Du 1 décembre au 7 décembre à 11:00\u202f: 7,1 sur 10 (Moyen), à 0,7 près, sur 142 avis.',
      );
      expect(t.smtp.received[0]?.text).toContain(
        '(du 3 novembre au 30 novembre)\u202f: 8,3 sur 10 (Bien), à 0,3 près, sur 560 avis.',
      );

      // Still falling at 11:30: the banner stays, and no second mail that day.
      await steadily(t, `${today}T11:00:00Z`, 5, 'bad');
      expect(await t.notify(new Date(`${today}T11:30:00Z`))).toEqual(nothing);
      expect((await t.alertsAt(new Date(`${today}T11:30:00Z`))).map((a) => a.kind)).toEqual([
        'drop',
      ]);
      expect(await t.notify(new Date(`${today}T23:45:00Z`))).toEqual(nothing);
      await t.app.mailSender.sendDue();
      expect(t.smtp.received).toHaveLength(1);

      // The next day's first cycle: yesterday's morning is still in the 7 days and the drop
      // holds, so it is mailed again, once.
      const tomorrow = addDays(today, 1);
      expect(await t.notify(new Date(`${tomorrow}T00:15:00Z`))).toMatchObject({
        alerts: [{ kind: 'drop' }],
        mails: 1,
      });
      expect(await t.notify(new Date(`${tomorrow}T00:30:00Z`))).toEqual(nothing);
    });

    it('the server’s own timer mails a drop that starts at 9 a.m. within the hour, with no cron', async () => {
      // Only the intervals are faked: the database, the SMTP server and the sender run for real.
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      onTestFinished(() => {
        vi.useRealTimers();
      });
      const t = await withOwner(await database.env());
      await t.app.ready();
      for (let d = -34; d <= -1; d++) await t.answersOn(addDays(today, d), ordinary);
      await steadily(t, `${today}T09:00:00Z`, 20, 'bad');
      // From 10:40, when the twentieth bad answer has come, the clock moves a minute at a time.
      t.clock.current = new Date(`${today}T10:40:00Z`);
      for (let minute = 0; minute < 60 && t.smtp.received.length === 0; minute++) {
        t.clock.advance(60 * 1000);
        await vi.advanceTimersByTimeAsync(60 * 1000);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await vi.waitFor(() => expect(t.smtp.received).toHaveLength(1));
      expect(t.smtp.received[0]?.subject).toBe(
        'Baisse de satisfaction\u202f: Demande de passeport',
      );
      expect(t.clock.current.getTime()).toBeLessThanOrEqual(Date.parse(`${today}T11:40:00Z`));
    });

    it('a morning with too few answers to judge mails nothing, until the 7 days hold 30', async () => {
      const t = await withOwner(await database.env());
      // A quiet procedure: 4 answers a day, then 5 bad ones this morning.
      for (let d = -34; d <= -1; d++)
        await t.answersOn(addDays(today, d), { good: 3, medium: 1, bad: 0 });
      await steadily(t, `${today}T09:00:00Z`, 5, 'bad');
      // 6 × 4 + 5 = 29 answers in the 7 days: the fall would count, but is not judged.
      const satisfactionOf = async (fromDay: string, toDay: string) =>
        computeIndicators(
          await t.store.sumRollups({ procedureKey: t.procedure.key, fromDay, toDay }),
          1,
        ).satisfaction;
      const recent = await satisfactionOf(addDays(today, -6), today);
      expect(recent.sample).toBe(dropMinimumAnswers - 1);
      expect(isDrop(recent, await satisfactionOf(addDays(today, -34), addDays(today, -7)))).toBe(
        true,
      );
      expect(await t.notify(new Date(`${today}T11:00:00Z`))).toEqual({
        alerts: [],
        digests: 0,
        mails: 0,
      });
      expect(await t.alertsAt(new Date(`${today}T11:00:00Z`))).toEqual([]);
      await t.app.mailSender.sendDue();
      expect(t.smtp.received).toEqual([]);

      // The 30th answer, bad too: now it is judged, and mailed.
      await steadily(t, `${today}T11:10:00Z`, 1, 'bad');
      expect(await t.notify(new Date(`${today}T11:30:00Z`))).toMatchObject({
        alerts: [{ kind: 'drop' }],
        mails: 1,
      });
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
        'Plus aucun avis depuis 24 heures\u202f: Demande de passeport',
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

      // The account deleted, the next one made may get its id (SQLite does): the old link, still
      // in a mailbox, stops nothing of theirs.
      expect(await t.store.deleteUser(t.owner.id)).toBe(true);
      const next = await t.store.createUser({
        email: 'suivante@example.gouv.fr',
        passwordHash: 'x',
        isAdmin: false,
      });
      if (!next) throw new Error('duplicate');
      const hers = link.search.replace(`u=${t.owner.id}`, `u=${next.id}`);
      expect((await post(`/desabonnement${hers}`)).statusCode).toBe(404);
      expect((await t.app.inject({ url: `/desabonnement${hers}` })).statusCode).toBe(404);
      expect((await t.store.mailPreferences(next.id)).alerts).toBe(true);
    });

    it('an owner who turned alerts off gets none', async () => {
      const t = await withOwner(await database.env());
      await t.store.setMailPreferences(t.owner.id, { alerts: false });
      await history(t, today, { good: 3, medium: 3, bad: 4 });
      expect(await t.notify(morning)).toEqual({ alerts: [], digests: 0, mails: 0 });
    });
  });
});
