import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportDay } from '../../common/calendar-days.ts';
import { buildApp } from '../../server/src/app.ts';
import { parseConfig } from '../../server/src/config.ts';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import { invitationMail, passwordResetMail } from '../../server/src/features/mail/account-mails.ts';
import { alertMail } from '../../server/src/features/mail/alert-mails.ts';
import { digestMail } from '../../server/src/features/mail/digest-mail.ts';
import { computeIndicators } from '../../server/src/features/stats/indicators.ts';
import type { Procedure } from '../../server/src/store/procedures.ts';
import { emptyTotals } from '../../server/src/store/rollups.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/src/store/store.ts';
import { startSmtpServer, type TestSmtpServer } from '../fixtures/smtp-server.ts';
import { unusedPort } from '../fixtures/unused-port.ts';
import { testPasswordHash, uuidv7, widgetDir } from '../helpers.ts';
import {
  chromiumPath,
  expectNoAxeViolations,
  launchBrowser,
  logInByKeyboard,
  password,
  screenshotsDir,
  signedInPage,
  tabTo,
  watchConsole,
} from './browser.ts';

describe.skipIf(!chromiumPath)('mailed links, in a real Chromium', () => {
  let browser: Browser;
  let app: FastifyInstance;
  let store: Store;
  let smtp: TestSmtpServer;
  let procedure: Procedure;
  let dir: string;
  /** localhost: a secure context, for the `__Host-` cookie. */
  let origin: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    dir = mkdtempSync(join(tmpdir(), 'avis-mail-browser-'));
    smtp = await startSmtpServer(0, { inTest: false });
    // Mailed links point to http://localhost:PORT (no PUBLIC_URL): the port is known beforehand.
    const port = await unusedPort();
    const config = parseConfig({
      DATABASE_PATH: join(dir, 'avis.sqlite'),
      LOG_LEVEL: 'silent',
      SMTP_URL: smtp.url,
      PORT: String(port),
    });
    store = openSqliteStore({ path: config.databasePath });
    app = await buildApp({ config, store, widgetDir });
    await app.listen({ port, host: '127.0.0.1' });
    origin = `http://localhost:${port}`;
    procedure = await store.createProcedure({ name: 'Demande de passeport', allowedOrigins: [] });
    const passwordHash = await testPasswordHash(password);
    await store.createUser({ email: 'admin@example.gouv.fr', passwordHash, isAdmin: true });
    const owner = await store.createUser({
      email: 'owner@example.gouv.fr',
      passwordHash,
      isAdmin: false,
    });
    await store.setRole(owner?.id as number, procedure.key, 'owner');
    // Their own accounts: the test of the forgotten password changes the owner's.
    for (const [email, role] of [
      ['inviting-owner@example.gouv.fr', 'owner'],
      ['viewer@example.gouv.fr', 'viewer'],
    ] as const) {
      const user = await store.createUser({ email, passwordHash, isAdmin: false });
      await store.setRole(user?.id as number, procedure.key, role);
    }
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    await smtp?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function newPage(width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    return context.newPage();
  }

  /** The administrator, signed in by keyboard the first time, with that session again after. */
  function signedInAsAdmin(width: number): Promise<Page> {
    return signedInPage(browser, origin, 'admin@example.gouv.fr', {
      viewport: { width, height: 900 },
    });
  }

  /** The link of the last mail to `to`, once the outbox is sent. */
  async function lastLinkTo(to: string): Promise<string> {
    await app.mailSender.sendDue();
    const mail = smtp.received.filter((m) => m.to && 'text' in m.to && m.to.text === to).at(-1);
    const link = /(http:\/\/localhost:\d+\/dashboard\/\S+#token=[\w-]+)/.exec(
      mail?.text ?? '',
    )?.[1];
    if (!link) throw new Error(`no link mailed to ${to}`);
    return link;
  }

  async function shot(page: Page, name: string) {
    await page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true });
  }

  it('forgotten password: the link from the login page, a new password, the old one and other sessions refused', async () => {
    const other = await newPage();
    await logInByKeyboard(other, origin, 'owner@example.gouv.fr');

    const page = await newPage(375);
    const problems = watchConsole(page);
    await page.goto(`${origin}/dashboard/`);
    await page.getByRole('heading', { name: 'Se connecter' }).waitFor();
    await tabTo(page, 'Mot de passe oublié\u202f?');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Mot de passe oublié\u202f?' }).waitFor();
    await expectNoAxeViolations(page, 'forgot-password');
    await tabTo(page, 'Adresse e-mail');
    await page.keyboard.type('owner@example.gouv.fr');
    await page.keyboard.press('Enter');
    await page.getByText('Si un compte existe pour cette adresse').waitFor();
    await shot(page, 'forgot-password-375');

    await page.goto(await lastLinkTo('owner@example.gouv.fr'));
    await page.getByRole('heading', { name: 'Nouveau mot de passe' }).waitFor();
    await expectNoAxeViolations(page, 'new-password');
    await shot(page, 'new-password-375');
    await tabTo(page, 'Nouveau mot de passe');
    await page.keyboard.type('une toute nouvelle phrase');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Démarches' }).waitFor();
    // The token left the address bar.
    expect(page.url()).toBe(`${origin}/dashboard/`);
    expect(problems).toEqual([]);

    await other.reload();
    await other.getByRole('heading', { name: 'Se connecter' }).waitFor();
    const old = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'owner@example.gouv.fr', password },
    });
    expect(old.statusCode).toBe(401);
    await page.context().close();
    await other.context().close();
  });

  it('invitation: the admin invites from the administration page, the person chooses a password and lands on the procedure list', async () => {
    const admin = await signedInAsAdmin(1280);
    await admin.getByRole('link', { name: 'Administration' }).click();
    await admin.getByRole('heading', { name: 'Inviter' }).waitFor();
    await admin.getByLabel('Adresse e-mail').fill('nouvelle@example.gouv.fr');
    await admin.getByLabel('Rôle', { exact: true }).selectOption('owner');
    await admin.getByLabel('Demande de passeport').check();
    await expectNoAxeViolations(admin, 'administration with the invitation form');
    await shot(admin, 'invitation-form-1280');
    await admin.getByRole('button', { name: 'Inviter' }).click();
    await admin.getByText('Invitation envoyée à nouvelle@example.gouv.fr.').waitFor();

    // The invitation's page at 375 px, then at 1280 px where it is checked and filled.
    const page = await newPage(375);
    await page.goto(await lastLinkTo('nouvelle@example.gouv.fr'));
    await page.getByText('nouvelle@example.gouv.fr').waitFor();
    await shot(page, 'invitation-page-375');
    await page.setViewportSize({ width: 1280, height: 900 });
    await shot(page, 'invitation-page-1280');
    await expectNoAxeViolations(page, 'invitation');
    await tabTo(page, 'Nouveau mot de passe');
    await page.keyboard.type('ma phrase de passe à moi');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Demande de passeport' }).waitFor();
    await page.context().close();
    expect((await store.findUserByEmail('nouvelle@example.gouv.fr'))?.roles).toEqual({
      [procedure.key]: 'owner',
    });
    await admin.context().close();
  });

  it('invitation: an owner invites from the procedure page, with the keyboard; the person lands as its viewer', async () => {
    const owner = await newPage(375);
    const problems = watchConsole(owner);
    await logInByKeyboard(owner, origin, 'inviting-owner@example.gouv.fr');
    await owner.getByRole('link', { name: 'Demande de passeport' }).click();
    await owner.getByRole('heading', { name: 'Indicateurs' }).waitFor();
    // «Accès», from the side menu folded behind its button on a phone.
    await tabTo(owner, 'Parties de la démarche');
    await owner.keyboard.press('Enter');
    await tabTo(owner, 'Accès');
    await owner.keyboard.press('Enter');
    const form = owner.getByRole('form', { name: 'Inviter une personne' });
    await form.waitFor();
    await expectNoAxeViolations(owner, 'procedure page with the invitation form');
    // Nothing to choose but the address and the role: the procedure is the page's.
    expect(await form.getByRole('checkbox').count()).toBe(0);
    await form.getByLabel('Adresse e-mail').focus();
    await owner.keyboard.type('collegue@example.gouv.fr');
    await tabTo(owner, 'Rôle');
    expect(await form.getByLabel('Rôle', { exact: true }).inputValue()).toBe('viewer');
    await tabTo(owner, 'Inviter');
    await owner.keyboard.press('Enter');
    await owner.getByText('Invitation envoyée à collegue@example.gouv.fr.').waitFor();
    await form.screenshot({ path: join(screenshotsDir, 'procedure-invitation-375.png') });
    await owner.setViewportSize({ width: 1280, height: 900 });
    await form.screenshot({ path: join(screenshotsDir, 'procedure-invitation-1280.png') });
    expect(problems).toEqual([]);

    const page = await newPage();
    await page.goto(await lastLinkTo('collegue@example.gouv.fr'));
    await page.getByRole('heading', { name: 'Choisir votre mot de passe' }).waitFor();
    await page.getByText('collegue@example.gouv.fr').waitFor();
    await tabTo(page, 'Nouveau mot de passe');
    await page.keyboard.type('la phrase de passe du collègue');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Demande de passeport' }).click();
    await page.getByRole('heading', { name: 'Demande de passeport' }).waitFor();
    expect((await store.findUserByEmail('collegue@example.gouv.fr'))?.roles).toEqual({
      [procedure.key]: 'viewer',
    });
    await page.context().close();
    await owner.context().close();
  });

  it("invitation: the procedure page offers it to its organisation's administrator, never to a viewer", async () => {
    const organisationAdmin = await store.createUser({
      email: 'organisation-admin@example.gouv.fr',
      passwordHash: await testPasswordHash(password),
      isAdmin: false,
    });
    await store.setMembership(organisationAdmin?.id as number, procedure.organisationId, 'admin');
    for (const [email, offered] of [
      ['organisation-admin@example.gouv.fr', 1],
      ['viewer@example.gouv.fr', 0],
    ] as const) {
      const page = await newPage();
      await logInByKeyboard(page, origin, email);
      await page.getByRole('link', { name: 'Demande de passeport' }).click();
      await page
        .getByRole('navigation', { name: 'Parties de la démarche' })
        .getByRole('link', { name: 'Accès' })
        .click();
      await page.getByRole('heading', { level: 2, name: 'Accès' }).waitFor();
      expect(await page.getByRole('form', { name: 'Inviter une personne' }).count(), email).toBe(
        offered,
      );
      await page.context().close();
    }
  });

  it('«\u202fMon compte\u202f»: the digest and the alerts are chosen with the keyboard and kept', async () => {
    const page = await signedInAsAdmin(375);
    await page.getByRole('link', { name: 'Mon compte' }).click();
    await page.getByRole('heading', { name: 'Mes e-mails' }).waitFor();
    await expectNoAxeViolations(page, 'account');
    await page.getByLabel('Récapitulatif des avis').selectOption('monthly');
    await tabTo(page, 'Recevoir les alertes');
    await page.keyboard.press('Space');
    await tabTo(page, 'Enregistrer');
    await page.keyboard.press('Enter');
    await page.getByText('Enregistré.').waitFor();
    await shot(page, 'account-375');
    const admin = await store.findUserByEmail('admin@example.gouv.fr');
    expect(await store.mailPreferences(admin?.id as number)).toEqual({
      digest: 'monthly',
      alerts: false,
    });
    await page.context().close();
  });

  it('a procedure that stopped receiving answers shows the silence alert on its page', async () => {
    const quiet = await store.createProcedure({ name: 'Carte grise', allowedOrigins: [] });
    const owner = await store.findUserByEmail('owner@example.gouv.fr');
    await store.setRole(owner?.id as number, quiet.key, 'owner');
    // An answer at noon on each of the 14 days that ended two days ago, then nothing.
    const day = 24 * 60 * 60 * 1000;
    const batch = Array.from({ length: 14 }, (_, i) => {
      const receivedAt = new Date(Date.now() - (i + 2) * day);
      return {
        id: uuidv7(receivedAt.getTime()),
        procedureKey: quiet.key,
        answer: { satisfaction: 'good' } as Answer,
        day: reportDay(receivedAt, 'Europe/Paris'),
        receivedAt,
      };
    });
    await store.saveSubmissions(batch);
    const page = await signedInAsAdmin(375);
    await page.goto(`${origin}/dashboard/procedures/${quiet.key}`);
    await page
      .getByRole('heading', { name: 'Alerte\u202f: plus aucun avis depuis 24 heures' })
      .waitFor();
    await expectNoAxeViolations(page, 'procedure with an alert');
    await shot(page, 'alert-banner-375');
    await page.context().close();
  });

  it('the mails read as pages: axe passes on their HTML, nothing overflows 320 px', async () => {
    const page = await newPage(320);
    const link = `${origin}/dashboard/password#token=${'x'.repeat(43)}`;
    const totals = {
      ...emptyTotals(),
      answers: 60,
      satisfaction_good: 40,
      satisfaction_medium: 10,
      satisfaction_bad: 10,
      comments: 3,
    };
    const before = {
      ...emptyTotals(),
      answers: 120,
      satisfaction_good: 70,
      satisfaction_medium: 30,
      satisfaction_bad: 20,
    };
    const satisfaction = computeIndicators(totals, 50).satisfaction;
    const mails = {
      digest: digestMail(
        'owner@example.gouv.fr',
        {
          rhythm: 'weekly',
          from: '2026-11-30',
          to: '2026-12-06',
          previous: { from: '2026-11-02', to: '2026-11-29' },
        },
        [
          {
            key: procedure.key,
            name: 'Demande de passeport',
            indicators: computeIndicators(totals, 50),
            previous: computeIndicators(before, 50),
            distribution: { good: 40, medium: 10, bad: 10 },
            comments: 3,
            excerpts: ['Le formulaire refuse mon numéro de dossier.', 'Très rapide, merci.'],
          },
        ],
        origin,
      ),
      'alert-drop': alertMail(
        {
          kind: 'drop',
          recent: {
            from: '2026-12-01',
            to: '2026-12-07',
            until: '2026-12-07T10:00:00Z',
            satisfaction,
          },
          before: {
            from: '2026-11-03',
            to: '2026-11-30',
            satisfaction: computeIndicators(before, 50).satisfaction,
          },
        },
        procedure,
        'owner@example.gouv.fr',
        `${origin}/dashboard/procedures/${procedure.key}`,
        'Europe/Paris',
      ),
      'alert-silence': alertMail(
        { kind: 'silence', lastAnswerAt: '2026-12-04T17:12:00Z' },
        procedure,
        'owner@example.gouv.fr',
        `${origin}/dashboard/procedures/${procedure.key}`,
        'Europe/Paris',
      ),
      'password-reset': passwordResetMail('owner@example.gouv.fr', link),
      invitation: invitationMail(
        'nouvelle@example.gouv.fr',
        link,
        'admin@example.gouv.fr',
        'Demande de passeport',
      ),
    };
    for (const [name, mail] of Object.entries(mails)) {
      await page.setContent(mail.html);
      await expectNoAxeViolations(page, `mail ${name}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(
        true,
      );
      await shot(page, `mail-${name}-320`);
      await page.setViewportSize({ width: 375, height: 900 });
      await shot(page, `mail-${name}-375`);
      await page.setViewportSize({ width: 320, height: 900 });
    }
    await page.context().close();
  });
});
