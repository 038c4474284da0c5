import { describe, expect, it } from 'vitest';
import { addDays } from '../../common/calendar-days.ts';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import { runNotifications } from '../../server/src/features/mail/notify.ts';
import { unsubscribeSigner } from '../../server/src/features/mail/unsubscribe.ts';
import type { IncomingSubmission } from '../../server/src/store/store.ts';
import { startSmtpServer } from '../fixtures/smtp-server.ts';
import { startTestApp, testDatabases, testPasswordHash, uuidv7 } from '../helpers.ts';

const origin = 'https://avis.example.gouv.fr';
const signer = unsubscribeSigner('a secret of the tests, at least 32 characters');
// Monday 7 December 2026, 08:05 in Paris.
const monday = new Date('2026-12-07T07:05:00Z');

async function setUp(database: Record<string, string>) {
  const smtp = await startSmtpServer();
  const t = await startTestApp({ ...database, SMTP_URL: smtp.url, MIN_ANSWERS: '50' });
  const passwordHash = await testPasswordHash('une phrase de passe assez longue');
  const owner = await t.store.createUser({
    email: 'owner@example.gouv.fr',
    passwordHash,
    isAdmin: false,
  });
  const quiet = await t.store.createProcedure({ name: 'Carte grise', allowedOrigins: [] });
  await t.store.setRole(owner?.id as number, t.procedure.key, 'owner');
  await t.store.setRole(owner?.id as number, quiet.key, 'owner');
  const answersOn = async (
    day: string,
    satisfaction: Answer['satisfaction'],
    count: number,
    comment?: string,
  ) => {
    const receivedAt = new Date(`${day}T12:00:00Z`);
    const batch: IncomingSubmission[] = Array.from({ length: count }, () => ({
      id: uuidv7(receivedAt.getTime()),
      procedureKey: t.procedure.key,
      answer: { satisfaction, ...(comment && { comment }) } as Answer,
      day,
      receivedAt,
    }));
    await t.store.saveSubmissions(batch);
  };
  const notify = (now: Date) => {
    t.clock.current = now;
    return runNotifications({
      store: t.store,
      now,
      timeZone: 'Europe/Paris',
      origin,
      signer,
      minAnswers: 50,
    });
  };
  return { ...t, smtp, owner, quiet, answersOn, notify };
}

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('Monday 08:00: one digest a person, with figures, the change, comments and the chart in words; once', async () => {
      const t = await setUp(await database.env());
      // The four weeks before: 60 answers, 7.0/10; last week: 60 answers, 7.5/10, and comments.
      for (let d = -35; d <= -8; d += 7) {
        await t.answersOn(addDays('2026-12-07', d), 'good', 9);
        await t.answersOn(addDays('2026-12-07', d), 'medium', 3);
        await t.answersOn(addDays('2026-12-07', d), 'bad', 3);
      }
      await t.answersOn('2026-12-01', 'good', 40);
      await t.answersOn('2026-12-02', 'medium', 10);
      await t.answersOn('2026-12-03', 'bad', 7);
      await t.answersOn(
        '2026-12-04',
        'bad',
        3,
        'Le formulaire refuse mon numéro de dossier [téléphone].',
      );

      expect(await t.notify(new Date('2026-12-07T06:59:00Z'))).toMatchObject({ digests: 0 });
      expect(await t.notify(monday)).toMatchObject({ digests: 1, mails: 1 });
      expect(await t.notify(new Date('2026-12-07T15:00:00Z'))).toMatchObject({
        digests: 0,
        mails: 0,
      });
      await t.app.mailSender.sendDue();
      expect(t.smtp.received).toHaveLength(1);
      const mail = t.smtp.received[0];
      expect(mail?.subject).toBe('Vos avis de la semaine — Je donne mon avis');
      const text = mail?.text ?? '';
      expect(text).toContain('Les avis du 30 novembre 2026 au 6 décembre 2026');
      expect(text).toContain('## Demande de passeport');
      // The procedure without answers is left out.
      expect(text).not.toContain('Carte grise');
      expect(text).toContain('60 avis. Satisfaction\u202f: 7,5 sur 10 (Moyen)');
      expect(text).toContain(
        'En hausse de 0,5 point par rapport aux quatre semaines précédentes (7 sur 10).',
      );
      expect(text).toContain('Très bien\u202f: 40 avis (67 %)');
      expect(text).toContain('Moyen\u202f: 10 avis (17 %)');
      expect(text).toContain('Pas bien\u202f: 10 avis (17 %)');
      expect(text).toContain('3 nouveaux commentaires.');
      expect(text).toContain(
        '- «\u202fLe formulaire refuse mon numéro de dossier [téléphone].\u202f»',
      );
      expect(text).toContain(`${origin}/dashboard/procedures/${t.procedure.key}`);
      expect(mail?.html).toContain('<html lang="fr">');
      expect(mail?.html).not.toMatch(/<img|src=/);
      const lines = (mail?.headerLines ?? []).map((h) => h.line);
      expect(lines).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    });

    it('no comparison when a side has too few answers; monthly on the first Monday; none for «\u202fJamais\u202f»', async () => {
      const t = await setUp(await database.env());
      await t.answersOn('2026-12-02', 'good', 20);
      await t.answersOn('2026-11-10', 'good', 20);
      await t.notify(monday);
      await t.app.mailSender.sendDue();
      expect(t.smtp.received[0]?.text).toContain(
        'Pas de comparaison avec les quatre semaines précédentes\u202f: nombre d’avis insuffisant.',
      );

      await t.store.setMailPreferences(t.owner?.id as number, { digest: 'monthly' });
      expect(await t.notify(new Date('2026-12-14T08:00:00Z'))).toMatchObject({ digests: 0 });
      expect(await t.notify(monday)).toMatchObject({ digests: 1 });
      await t.app.mailSender.sendDue();
      expect(t.smtp.received[1]?.subject).toBe('Vos avis du mois — Je donne mon avis');
      expect(t.smtp.received[1]?.text).toContain('Les avis du 1 novembre 2026 au 30 novembre 2026');

      await t.store.setMailPreferences(t.owner?.id as number, { digest: 'none' });
      expect(await t.notify(new Date('2026-12-14T08:00:00Z'))).toMatchObject({ digests: 0 });
    });
  });
});
