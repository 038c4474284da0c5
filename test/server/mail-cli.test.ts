import { describe, expect, it } from 'vitest';
import { addDays, reportDay } from '../../common/calendar-days.ts';
import { runCli } from '../../server/src/cli/run-cli.ts';
import type { Config } from '../../server/src/config.ts';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import { openStore } from '../../server/src/store/open-store.ts';
import { startSmtpServer } from '../fixtures/smtp-server.ts';
import { testConfig, testDatabases, testPasswordHash, uuidv7, widgetDir } from '../helpers.ts';

async function cli(args: string[], config: Config) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
  const code = await runCli(args, config, io, widgetDir);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** What `notify run` prints when it mails one alert of `kind`, and when it mails nothing. */
const oneAlertMailed = (procedure: string, kind: 'drop' | 'silence') => ({
  alerts: [{ procedure, kind }],
  digests: 0,
  mails: 1,
  editions: [],
  sent: { sent: 1, retried: 0, refused: 0 },
});
const nothingMailed = {
  alerts: [],
  digests: 0,
  mails: 0,
  editions: [],
  sent: { sent: 0, retried: 0, refused: 0 },
};

describe('npm run cli, mail', () => {
  it('mail test sends one mail through SMTP_URL, and says so', async () => {
    const smtp = await startSmtpServer();
    const config = testConfig({ SMTP_URL: smtp.url, MAIL_FROM: 'Avis <avis@example.gouv.fr>' });
    const { code, out } = await cli(['mail', 'test', '--to', 'ops@example.gouv.fr'], config);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ sent: 1, retried: 0, refused: 0 });
    expect(smtp.received[0]?.subject).toBe('Essai d’envoi — Je donne mon avis');
    expect(smtp.received[0]?.from?.value).toEqual([
      { name: 'Avis', address: 'avis@example.gouv.fr' },
    ]);
  });

  it('mail test without SMTP_URL writes the mail to the log, and a refusal exits 1', async () => {
    const logged = await cli(['mail', 'test', '--to', 'ops@example.gouv.fr'], testConfig());
    expect(logged.code).toBe(0);
    expect(JSON.parse(logged.err)).toMatchObject({
      msg: 'mail not sent (SMTP_URL unset): Essai d’envoi — Je donne mon avis',
      mail: { to: 'ops@example.gouv.fr' },
    });

    const smtp = await startSmtpServer();
    smtp.behaviour.refuseWith = 550;
    const refused = await cli(
      ['mail', 'test', '--to', 'ops@example.gouv.fr'],
      testConfig({ SMTP_URL: smtp.url }),
    );
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.out)).toEqual({ sent: 0, retried: 0, refused: 1 });
  });

  it('notify run --now sends a due alert once, however often it runs', async () => {
    const smtp = await startSmtpServer();
    const config = testConfig({
      SMTP_URL: smtp.url,
      TZ_REPORT: 'UTC',
      PUBLIC_URL: 'https://avis.example.gouv.fr',
    });
    const store = await openStore(config);
    const procedure = await store.createProcedure({
      name: 'Demande de passeport',
      allowedOrigins: [],
    });
    const owner = await store.createUser({
      email: 'owner@example.gouv.fr',
      passwordHash: await testPasswordHash('une phrase de passe assez longue'),
      isAdmin: false,
    });
    await store.setRole(owner?.id as number, procedure.key, 'owner');
    await store.setMailPreferences(owner?.id as number, { digest: 'none' });
    // Answers every day for two weeks, up to 5 December.
    for (let d = -13; d <= 0; d++) {
      const day = addDays('2026-12-05', d);
      const receivedAt = new Date(`${day}T12:00:00Z`);
      await store.saveSubmissions([
        {
          id: uuidv7(receivedAt.getTime()),
          procedureKey: procedure.key,
          answer: { satisfaction: 'good' } as Answer,
          day,
          receivedAt,
        },
      ]);
    }
    await store.close();

    const first = await cli(['notify', 'run', '--now', '2026-12-07T08:05:00+01:00'], config);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toEqual(oneAlertMailed(procedure.key, 'silence'));
    const again = await cli(['notify', 'run', '--now', '2026-12-07T09:05:00+01:00'], config);
    expect(JSON.parse(again.out)).toEqual(nothingMailed);
    expect(smtp.received.map((m) => m.subject)).toEqual([
      'Plus aucun avis depuis 24 heures\u202f: Demande de passeport',
    ]);
    expect(smtp.received[0]?.text).toContain(
      `https://avis.example.gouv.fr/dashboard/procedures/${procedure.key}`,
    );

    const bad = await cli(['notify', 'run', '--now', 'lundi'], config);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--now');
  });
});

describe.each(testDatabases)('npm run cli -- notify run, on $name', (database) => {
  it.skipIf(!database.available)(
    'a morning of bad answers is mailed by notify run --now at 11:00, and not again at 11:30',
    async () => {
      const smtp = await startSmtpServer();
      const config = testConfig({
        ...(await database.env()),
        SMTP_URL: smtp.url,
        TZ_REPORT: 'Europe/Paris',
        PUBLIC_URL: 'https://avis.example.gouv.fr',
      });
      const store = await openStore(config);
      const procedure = await store.createProcedure({
        name: 'Demande de passeport',
        allowedOrigins: [],
      });
      const owner = await store.createUser({
        email: 'owner@example.gouv.fr',
        passwordHash: await testPasswordHash('une phrase de passe assez longue'),
        isAdmin: false,
      });
      await store.setRole(owner?.id as number, procedure.key, 'owner');
      await store.setMailPreferences(owner?.id as number, { digest: 'none' });
      const answer = (receivedAt: Date, satisfaction: string) =>
        store.saveSubmissions([
          {
            id: uuidv7(receivedAt.getTime()),
            procedureKey: procedure.key,
            answer: { satisfaction } as Answer,
            day: reportDay(receivedAt, 'Europe/Paris'),
            receivedAt,
          },
        ]);
      // 34 ordinary days, 8 answers a day from 09:00 to 16:00 Paris time (UTC+1 in winter), the
      // last one «medium»…
      for (let d = -34; d <= -1; d++)
        for (let hour = 8; hour < 16; hour++)
          await answer(
            new Date(`${addDays('2026-12-07', d)}T${String(hour).padStart(2, '0')}:00:00Z`),
            hour === 15 ? 'medium' : 'good',
          );
      // …then on Monday 7 December, from 09:00, a bad answer every 5 minutes until 10:55.
      for (let i = 0; i < 24; i++)
        await answer(new Date(Date.parse('2026-12-07T08:00:00Z') + i * 5 * 60 * 1000), 'bad');
      await store.close();

      const eleven = await cli(['notify', 'run', '--now', '2026-12-07T11:00:00+01:00'], config);
      expect(eleven.code).toBe(0);
      expect(JSON.parse(eleven.out)).toEqual(oneAlertMailed(procedure.key, 'drop'));
      const halfPast = await cli(['notify', 'run', '--now', '2026-12-07T11:30:00+01:00'], config);
      expect(JSON.parse(halfPast.out)).toEqual(nothingMailed);
      expect(smtp.received.map((m) => m.subject)).toEqual([
        'Baisse de satisfaction\u202f: Demande de passeport',
      ]);
      expect(smtp.received[0]?.text).toContain('Du 1 décembre au 7 décembre à 11:00\u202f: ');
    },
  );
});
