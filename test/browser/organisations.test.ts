import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPasswordHash } from '../helpers.ts';
import {
  chromiumPath,
  expectNoAxeViolations,
  launchBrowser,
  password,
  type Stack,
  screenshotsDir,
  signedInPage,
  startStack,
  tabTo,
} from './browser.ts';

describe.skipIf(!chromiumPath)('organisations in the dashboard, in a real Chromium', () => {
  let browser: Browser;
  let stack: Stack;
  let origin: string;
  let ministryA: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
    origin = stack.dashboard;
    const { store } = stack;
    const A = await store.createOrganisation({ name: 'Ministère A', domains: [] });
    const B = await store.createOrganisation({ name: 'Ministère B', domains: [] });
    ministryA = A.id;
    await store.createProcedure({ name: 'Carte grise', allowedOrigins: [], organisationId: A.id });
    const bourse = await store.createProcedure({
      name: 'Bourse',
      allowedOrigins: [],
      organisationId: B.id,
    });
    const passwordHash = await testPasswordHash(password);
    const agent = await store.createUser({
      email: 'agent@example.gouv.fr',
      passwordHash,
      isAdmin: false,
    });
    const colleague = await store.createUser({
      email: 'collegue@example.gouv.fr',
      passwordHash,
      isAdmin: false,
    });
    if (!agent || !colleague) throw new Error('duplicate');
    await store.setMembership(agent.id, A.id, 'admin');
    // A reader of one of B's procedures: one of B's people too.
    await store.setRole(agent.id, bourse.key, 'viewer');
    await store.setMembership(colleague.id, A.id, 'member');
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** Signed in: with the keyboard the first time, with that session again after. */
  function logIn(width: number): Promise<Page> {
    return signedInPage(browser, origin, 'agent@example.gouv.fr', {
      viewport: { width, height: 900 },
    });
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true });

  it('an agent of two organisations switches between them and manages its people, by keyboard (1280 px, then 375)', async () => {
    const page = await logIn(1280);
    // Both organisations at once, each under its name, and nothing of any other.
    await page.getByRole('heading', { name: 'Ministère B' }).waitFor();
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(
      expect.arrayContaining(['Ministère A', 'Ministère B']),
    );
    expect(await page.getByText('Demande de passeport').count()).toBe(0);
    await expectNoAxeViolations(page, 'procedures of two organisations');
    await shot(page, 'organisations-1280-procedures');

    // «Ministère A» is the first after «Toutes les organisations».
    await tabTo(page, 'Organisation');
    await page.keyboard.press('ArrowDown');
    await page.getByRole('link', { name: 'Personnes et journal — Ministère A' }).waitFor();
    expect(await page.getByRole('link', { name: 'Carte grise' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Bourse' }).count()).toBe(0);

    await tabTo(page, 'Personnes et journal — Ministère A');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Personnes' }).waitFor();
    const row = page.getByRole('row', { name: /collegue@example\.gouv\.fr/ });
    await row.getByText('Membre', { exact: true }).waitFor();
    await expectNoAxeViolations(page, 'people of an organisation');
    await shot(page, 'organisations-1280-people');

    const roleChanges = page.getByRole('cell', {
      name: 'Rôle dans l’organisation attribué ou changé',
    });
    await page.getByRole('table', { name: /^Dernières actions dans l’organisation/ }).waitFor();
    // The colleague named administrator, then the role taken back, both by keyboard.
    for (const [action, after] of [
      ['Nommer administrateur', 'Administrateur'],
      ['Retirer le rôle d’administrateur', 'Membre'],
    ] as const) {
      const before = await roleChanges.count();
      await tabTo(page, action);
      await page.keyboard.press('Enter');
      await page.getByRole('status').getByText('C’est fait.').waitFor();
      await row.getByText(after, { exact: true }).waitFor();
      // The journal, read again, has the change at its top.
      await expect.poll(() => roleChanges.count()).toBe(before + 1);
    }

    // The people's page at 375 px too.
    await page.setViewportSize({ width: 375, height: 900 });
    await expectNoAxeViolations(page, 'people of an organisation at 375 px');
    await shot(page, 'organisations-375-people');
    await page.context().close();
  });

  it('someone of another organisation cannot open its page', async () => {
    const page = await logIn(1280);
    // The agent only reads one of B's procedures: B's people are not theirs to manage.
    const response = await page.request.get(
      `${origin}/api/v1/organisations/${ministryA + 1}/members`,
    );
    expect(response.status()).toBe(403);
    const stranger = await page.request.get(`${origin}/api/v1/organisations/999/members`);
    expect(stranger.status()).toBe(404);
    await page.context().close();
  });
});
