import { describe, expect, it } from 'vitest';
import { indicatorLabels } from '../common/indicator-labels.ts';
import { buttonWords, labels as questionnaireLabels } from '../common/questionnaire-words.ts';
import { apiKeyLabels } from '../dashboard/src/api-key-labels.ts';
import { auditLabels } from '../dashboard/src/audit-labels.ts';
import { dashboardLabels } from '../dashboard/src/i18n.ts';
import { organisationLabels } from '../dashboard/src/organisation-labels.ts';
import { procedureLabels } from '../dashboard/src/procedure-labels.ts';
import { topicsLabels } from '../dashboard/src/topics-labels.ts';
import { transparencyLabels } from '../dashboard/src/transparency-labels.ts';
import type { Answer } from '../server/src/features/answers/answer-schema.ts';
import {
  accessGivenMail,
  accessRequestMail,
  invitationMail,
  invitationToOtherAccountMail,
  passwordResetMail,
} from '../server/src/features/mail/account-mails.ts';
import { alertMail } from '../server/src/features/mail/alert-mails.ts';
import { digestMail } from '../server/src/features/mail/digest-mail.ts';
import { unsubscribeSigner } from '../server/src/features/mail/unsubscribe.ts';
import { computeIndicators } from '../server/src/features/stats/indicators.ts';
import { resultsLabels } from '../server/src/features/transparency/results-labels.ts';
import { hostedLabels } from '../server/src/pages/hosted-page.ts';
import { addTotals, countersOf, emptyTotals } from '../server/src/store/rollups.ts';
import { adminApiKey } from './fixtures/admin-api-key.ts';
import { labelTexts, readableText, typographyFaults } from './fixtures/french-typography.ts';
import { startTestApp } from './helpers.ts';

/** The faults of every French text of these labels, each named by its path. */
function faultsOf(labels: Record<string, unknown>): string[] {
  return Object.entries(labels).flatMap(([name, words]) =>
    labelTexts(words, name).flatMap(([path, text]) =>
      typographyFaults(text).map((fault) => `${path}: ${fault}`),
    ),
  );
}

describe('French typography (narrow no-break spaces, one apostrophe)', () => {
  it('holds in every French label file: dashboard, questionnaire, widget, indicators, public pages', () => {
    expect(
      faultsOf({
        dashboard: dashboardLabels.fr,
        apiKeys: apiKeyLabels.fr,
        audit: auditLabels.fr,
        organisation: organisationLabels.fr,
        procedure: procedureLabels.fr,
        topics: topicsLabels.fr,
        transparency: transparencyLabels.fr,
        questionnaire: questionnaireLabels.fr,
        widgetButton: buttonWords.fr,
        indicators: indicatorLabels.fr,
        results: resultsLabels.fr,
        hostedPage: hostedLabels.fr,
      }),
    ).toEqual([]);
  });

  it('holds in every mail, as sent (text and HTML)', () => {
    const link = 'https://avis.example.gouv.fr/dashboard/password#token=abc';
    const indicators = (answers: Answer[]) => {
      const totals = emptyTotals();
      for (const answer of answers) addTotals(totals, countersOf(answer));
      return computeIndicators(totals, 10);
    };
    const many = (satisfaction: Answer['satisfaction'], n: number) =>
      Array.from({ length: n }, (): Answer => ({ satisfaction, clarity: 3 }));
    const good = indicators([...many('good', 50), ...many('medium', 10)]);
    const poor = indicators([...many('bad', 30), ...many('medium', 10)]);
    const few = indicators(many('good', 3));
    const procedure = { key: 'k7d2x9qpzm', name: 'Demande de passeport' };
    const digest = (previous: typeof good) => ({
      ...procedure,
      indicators: good,
      previous,
      distribution: { good: 50, medium: 10, bad: 0 },
      comments: 2,
      excerpts: ['Très clair, merci.', 'Le délai n’est indiqué nulle part.'],
    });
    const mails = [
      passwordResetMail('a@example.gouv.fr', link),
      invitationMail('a@example.gouv.fr', link, 'b@example.gouv.fr', 'la démarche Passeport'),
      invitationMail(
        'a@example.gouv.fr',
        link,
        'b@example.gouv.fr',
        'la démarche Passeport',
        false,
      ),
      accessRequestMail('a@example.gouv.fr', link, 'b@example.gouv.fr', 'Préfecture de l’Ain'),
      accessGivenMail('a@example.gouv.fr', link, 'b@example.gouv.fr', 'la démarche Passeport'),
      invitationToOtherAccountMail(
        'a@example.gouv.fr',
        'b@example.gouv.fr',
        'la démarche Passeport',
      ),
      alertMail(
        {
          kind: 'drop',
          recent: {
            from: '2026-12-01',
            to: '2026-12-07',
            until: '2026-12-07T10:05:00Z',
            satisfaction: poor.satisfaction,
          },
          before: { from: '2026-11-03', to: '2026-11-30', satisfaction: good.satisfaction },
        },
        procedure,
        'a@example.gouv.fr',
        link,
        'Europe/Paris',
      ),
      alertMail(
        { kind: 'silence', lastAnswerAt: '2026-12-06T09:00:00Z' },
        procedure,
        'a@example.gouv.fr',
        link,
        'Europe/Paris',
      ),
      ...(['weekly', 'monthly'] as const).flatMap((rhythm) =>
        [good, poor, few].map((previous) =>
          digestMail(
            'a@example.gouv.fr',
            {
              rhythm,
              from: '2026-11-30',
              to: '2026-12-06',
              previous: { from: '2026-11-02', to: '2026-11-29' },
            },
            [digest(previous)],
            'https://avis.example.gouv.fr',
          ),
        ),
      ),
    ];
    const faults = mails.flatMap((mail) =>
      [mail.subject, mail.text, readableText(mail.html)].flatMap((text) =>
        typographyFaults(text).map((fault) => `${mail.kind} «${mail.subject}»: ${fault}`),
      ),
    );
    expect([...new Set(faults)]).toEqual([]);
  });

  it('holds in every public page as rendered: results, questionnaire, thanks, errors, unsubscribing', async () => {
    const mailSecret = 'm'.repeat(32);
    const t = await startTestApp({ MAIL_SECRET: mailSecret });
    const key = t.procedure.key;
    const token = await adminApiKey(t.store);
    const [admin] = await t.store.listUsers();
    if (!admin) throw new Error('no administrator');
    const unsubscribe = `/desabonnement${new URL(unsubscribeSigner(mailSecret).link('http://x', admin, 'alerts')).search}`;
    const api = (method: 'PATCH' | 'POST', url: string, payload: object) =>
      t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
    expect((await api('PATCH', `/api/v1/procedures/${key}`, { public: true })).statusCode).toBe(
      200,
    );
    await api('POST', `/api/v1/procedures/${key}/improvements`, {
      date: '2026-03-01',
      title: 'Un justificatif de moins',
      text: 'Le justificatif de domicile n’est plus demandé.',
      link: 'https://passeport.example.gouv.fr/nouveautes',
    });
    await t.store.saveSubmissions(
      Array.from({ length: 120 }, (_, i) => ({
        id: crypto.randomUUID(),
        procedureKey: key,
        answer: {
          satisfaction: i % 4 ? 'good' : 'bad',
          clarity: 4,
          help: ['phone'],
          reached: { phone: i % 2 === 0 },
        } as Answer,
        receivedAt: new Date('2026-03-02T10:00:00Z'),
        day: '2026-03-02',
      })),
    );
    const pages = [
      await t.app.inject({ url: '/resultats' }),
      await t.app.inject({ url: '/resultats?q=introuvable' }),
      await t.app.inject({ url: `/resultats/${key}` }),
      await t.app.inject({ url: `/resultats/${key}?from=2026-02-30&to=2026-03-01` }),
      await t.app.inject({ url: '/resultats/absente0000' }),
      await t.app.inject({ url: `/p/${key}` }),
      await t.app.inject({
        method: 'POST',
        url: `/p/${key}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'step=1',
      }),
      await t.app.inject({ url: `/p/${key}/merci` }),
      await t.app.inject({ url: '/p/absente0000' }),
      await t.app.inject({ url: unsubscribe }),
      await t.app.inject({ method: 'POST', url: unsubscribe }),
      await t.app.inject({ url: '/desabonnement?u=1&what=alerts&sig=forged' }),
    ];
    // The link works, and its forgery is refused: each of the three pages is the one meant.
    expect(pages.slice(-3).map((page) => page.statusCode)).toEqual([200, 200, 404]);
    const faults = pages.flatMap((page) => {
      expect(page.body).toMatch(/<html lang="fr"/);
      return typographyFaults(readableText(page.body)).map(
        (fault) => `${page.statusCode} ${page.raw.req.url}: ${fault}`,
      );
    });
    expect([...new Set(faults)]).toEqual([]);
  });
});
