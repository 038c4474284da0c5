import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumPath,
  expectNoAxeViolations,
  focusedElement,
  launchBrowser,
  type Stack,
  screenshotsDir,
  seedWithOwner,
  signedInPage,
  startStack,
  tabTo,
} from './browser.ts';

/** Each part: its address, its heading, and what it reads of the procedure's API. */
const parts = [
  { tab: 'synthese', heading: 'Synthèse', reads: ['', '/alerts', '/stats'] },
  { tab: 'reponses', heading: 'Réponses', reads: ['', '/stats'] },
  {
    tab: 'usagers',
    heading: 'Ce que disent les usagers',
    reads: ['', '/feedback', '/themes', '/topics'],
  },
  { tab: 'publication', heading: 'Publication', reads: ['', '/improvements'] },
  { tab: 'questionnaire', heading: 'Questionnaire', reads: ['', '/questionnaire/versions'] },
  { tab: 'integration', heading: 'Intégration', reads: [''] },
  { tab: 'acces', heading: 'Accès', reads: ['', '/audit-log', '/people'] },
] as const;

describe.skipIf(!chromiumPath)('a procedure’s page in parts, in a real Chromium', () => {
  let browser: Browser;
  let stack: Stack;
  let origin: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
    origin = stack.dashboard;
    await seedWithOwner(stack, 120);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const addressOf = (tab: string) =>
    `${origin}/dashboard/procedures/${stack.procedure.key}${tab === 'synthese' ? '' : `/${tab}`}`;
  const menu = (page: Page) => page.getByRole('navigation', { name: 'Parties de la démarche' });
  /** The part's heading, drawn once its data is read. */
  const partShown = (page: Page, heading: string) =>
    page.getByRole('heading', { level: 2, name: heading }).waitFor();

  it('each part opens from its address and again on reload, reads only its own data, and passes axe at 375 and 1280 px', async () => {
    const page = await signedInPage(browser, origin, 'owner@example.gouv.fr', {
      viewport: { width: 1280, height: 900 },
    });
    let reads: string[] = [];
    const prefix = `/api/v1/procedures/${stack.procedure.key}`;
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith(prefix)) reads.push(path.slice(prefix.length));
      else if (path === '/api/v1/widget') reads.push('widget');
    });
    for (const { tab, heading, reads: expected } of parts) {
      for (const load of ['link', 'reload'] as const) {
        reads = [];
        if (load === 'link') await page.goto(addressOf(tab));
        else await page.reload();
        await partShown(page, heading);
        await page.waitForLoadState('networkidle');
        expect(page.url(), `${tab} after ${load}`).toBe(addressOf(tab));
        expect(await page.title()).toBe(`${heading} — Demande de passeport — Je donne mon avis`);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
          'Demande de passeport',
        );
        expect(
          await menu(page).locator('[aria-current="page"]').textContent(),
          `${tab} after ${load}`,
        ).toBe(heading);
        // «Intégration» reads the current widget's address, which no procedure owns.
        expect([...new Set(reads)].sort(), `${tab} after ${load}`).toEqual(
          tab === 'integration' ? ['', 'widget'] : [...expected],
        );
      }
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await page.waitForLoadState('networkidle');
        await expectNoAxeViolations(page, `${tab} at ${width} px`);
        await page.screenshot({
          path: join(screenshotsDir, `procedure-${tab}-${width}.png`),
          fullPage: true,
        });
      }
    }
    await page.context().close();
    // Seven parts, each loaded twice and checked by axe at two widths.
  }, 90_000);

  it('the keyboard moves along the menu with Tab, Enter opens a part and focus goes to its heading; back returns to the part before', async () => {
    const page = await signedInPage(browser, origin, 'owner@example.gouv.fr', {
      viewport: { width: 1280, height: 900 },
    });
    await page.goto(addressOf('synthese'));
    await partShown(page, 'Synthèse');
    await tabTo(page, 'Synthèse');
    // The links in their order, one Tab apart, as the DSFR's side menu has them.
    for (const { heading } of parts.slice(1, 4)) {
      await page.keyboard.press('Tab');
      expect(await focusedElement(page)).toMatchObject({ tag: 'a', text: heading });
    }
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedElement(page)).toMatchObject({ tag: 'a', text: 'Réponses' });
    await page.keyboard.press('Enter');
    await partShown(page, 'Réponses');
    expect(page.url()).toBe(addressOf('reponses'));
    await expect.poll(() => focusedElement(page)).toMatchObject({ tag: 'h2', text: 'Réponses' });
    expect(await page.getByRole('table', { name: 'Satisfaction usager' }).count()).toBe(1);

    // A part drawn when its code arrives: the focus waits for its heading.
    await tabTo(page, 'Ce que disent les usagers', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => focusedElement(page))
      .toMatchObject({ tag: 'h2', text: 'Ce que disent les usagers' });

    await page.goBack();
    await partShown(page, 'Réponses');
    expect(page.url()).toBe(addressOf('reponses'));
    await page.goBack();
    await partShown(page, 'Synthèse');
    expect(page.url()).toBe(addressOf('synthese'));
    await page.goForward();
    await partShown(page, 'Réponses');
    await page.context().close();
  });

  it('«Accès» shows the procedure’s people and its own journal, and an invitation sent from it at once', async () => {
    const page = await signedInPage(browser, origin, 'owner@example.gouv.fr', {
      viewport: { width: 1280, height: 900 },
    });
    await page.goto(addressOf('acces'));
    await page.getByRole('heading', { level: 3, name: 'Journal de la démarche' }).waitFor();
    const people = page.getByRole('table', {
      name: 'Personnes qui ont un rôle sur la démarche Demande de passeport',
    });
    expect(await people.getByRole('rowheader').allTextContents()).toEqual([
      'owner@example.gouv.fr',
    ]);
    const journal = page.getByRole('table', {
      name: 'Dernières actions sur la démarche Demande de passeport',
    });
    // Nothing was done to the seeded procedure through the service yet.
    await page.getByText('Rien pour l’instant.').waitFor();
    await tabTo(page, 'Adresse e-mail');
    await page.keyboard.type('nouvelle.lectrice@example.gouv.fr');
    await tabTo(page, 'Inviter');
    await page.keyboard.press('Enter');
    await expect.poll(() => journal.getByText('Invitation envoyée').count()).toBe(1);
    await expectNoAxeViolations(page, 'Accès with its journal');
    await page.context().close();
  });

  it('an address that names no part says so, under the menu of the parts that exist', async () => {
    const page = await signedInPage(browser, origin, 'owner@example.gouv.fr', {
      viewport: { width: 1280, height: 900 },
    });
    await page.goto(`${addressOf('synthese')}/nulle-part`);
    await partShown(page, 'Cette partie de la démarche n’existe pas.');
    expect(await menu(page).getByRole('link').count()).toBe(7);
    expect(await menu(page).locator('[aria-current]').count()).toBe(0);
    await expectNoAxeViolations(page, 'no such part');
    await page.context().close();
  });

  it('at 375 px the menu folds behind a button that opens it', async () => {
    const page = await signedInPage(browser, origin, 'owner@example.gouv.fr', {
      viewport: { width: 375, height: 800 },
    });
    await page.goto(addressOf('publication'));
    await partShown(page, 'Publication');
    const toggle = menu(page).getByRole('button', { name: 'Parties de la démarche' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await menu(page).getByRole('link').count()).toBe(0);
    await tabTo(page, 'Parties de la démarche');
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toMatchObject({ tag: 'a', text: 'Synthèse' });
    await menu(page).screenshot({ path: join(screenshotsDir, 'procedure-menu-open-375.png') });
    await page.keyboard.press('Enter');
    await partShown(page, 'Synthèse');
    // Folded again once a part is chosen.
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await menu(page).getByRole('link').count()).toBe(0);
    await page.context().close();
  });

  it('the period chosen on «Synthèse» is the one of «Ce que disent les usagers», its export and a reload', async () => {
    const page = await signedInPage(browser, origin, 'owner@example.gouv.fr', {
      viewport: { width: 1280, height: 900 },
    });
    await page.goto(addressOf('synthese'));
    await partShown(page, 'Synthèse');
    await page.locator('#preset').selectOption({ label: 'Personnalisée' });
    await page.getByLabel('Du', { exact: true }).fill('2026-10-01');
    await page.getByLabel('Au', { exact: true }).fill('2026-10-31');
    await page.getByLabel('Emplacement (facultatif)').fill('confirmation');
    await page.getByRole('button', { name: 'Appliquer' }).click();
    const query = '?from=2026-10-01&to=2026-10-31&source=confirmation';
    await expect.poll(() => page.url()).toBe(`${addressOf('synthese')}${query}`);

    const topics = page.waitForRequest((request) => request.url().includes('/topics?'));
    await menu(page).getByRole('link', { name: 'Ce que disent les usagers' }).click();
    await partShown(page, 'Ce que disent les usagers');
    expect(page.url()).toBe(`${addressOf('usagers')}${query}`);
    expect(new URL((await topics).url()).search).toBe(query);
    for (const name of ['Exporter en Excel', 'Exporter en CSV'])
      expect(await page.getByRole('link', { name }).getAttribute('href')).toContain(
        'from=2026-10-01&to=2026-10-31',
      );
    // The form says the period it shows.
    expect(await page.locator('#preset').inputValue()).toBe('custom');
    expect(await page.getByLabel('Du', { exact: true }).inputValue()).toBe('2026-10-01');
    expect(await page.getByLabel('Emplacement (facultatif)').inputValue()).toBe('confirmation');

    await page.reload();
    await partShown(page, 'Ce que disent les usagers');
    expect(await page.getByLabel('Au', { exact: true }).inputValue()).toBe('2026-10-31');
    // Every part's link carries it, «Synthèse» too.
    expect(await menu(page).getByRole('link', { name: 'Synthèse' }).getAttribute('href')).toBe(
      `/dashboard/procedures/${stack.procedure.key}${query}`,
    );
    await page.context().close();
  });
});
