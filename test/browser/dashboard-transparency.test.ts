import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumPath,
  expectNoAxeViolations,
  launchBrowser,
  logInByKeyboard,
  type Stack,
  screenshotsDir,
  seedWithOwner,
  startStack,
  tabTo,
  watchConsole,
} from './browser.ts';

describe.skipIf(!chromiumPath)('publishing from the dashboard, in a real Chromium', () => {
  let browser: Browser;
  let stack: Stack;
  let origin: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
    origin = stack.dashboard;
    await seedWithOwner(stack, 200);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('an owner previews, publishes and writes an improvement with the keyboard alone', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await logInByKeyboard(page, origin, 'owner@example.gouv.fr');
    await page.getByRole('link', { name: 'Demande de passeport' }).click();
    await page.getByRole('heading', { name: 'Indicateurs' }).waitFor();
    // «Publication», from the procedure's side menu.
    await tabTo(page, /^Publication$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Publication des résultats' }).waitFor();
    expect(page.url()).toBe(`${origin}/dashboard/procedures/${stack.procedure.key}/publication`);
    expect(
      await page.getByText('Les résultats de cette démarche ne sont pas publiés.').count(),
    ).toBe(1);
    const preview = page.getByRole('link', { name: 'Voir la page telle qu’elle sera publiée' });
    expect(await preview.getAttribute('href')).toBe(
      `/api/v1/procedures/${stack.procedure.key}/results-preview`,
    );
    const previewPage = await context.request.get(
      `${origin}/api/v1/procedures/${stack.procedure.key}/results-preview`,
    );
    expect(previewPage.status()).toBe(200);
    expect((await context.request.get(`${origin}/resultats/${stack.procedure.key}`)).status()).toBe(
      404,
    );

    await tabTo(page, /^Publier les résultats de cette démarche/);
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: 'Résultats publiés.' }).waitFor();
    expect((await context.request.get(`${origin}/resultats/${stack.procedure.key}`)).status()).toBe(
      200,
    );
    expect(await page.getByRole('link', { name: 'Voir la page publique' }).count()).toBe(1);

    await tabTo(page, /^Titre/);
    await page.keyboard.type('Un justificatif de moins');
    await page.keyboard.press('Tab');
    await page.keyboard.type(
      'Vous trouviez la liste des pièces longue\u202f: le justificatif de domicile n’est plus demandé.',
    );
    await tabTo(page, 'Publier ce changement');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Changement publié.' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Un justificatif de moins' }).count()).toBe(1);
    await tabTo(page, 'Modifier\u202f: Un justificatif de moins', 'Shift+Tab');
    await page.keyboard.press('Enter');
    const title = page.getByRole('textbox', { name: /^Titre/ }).first();
    await title.fill('Une pièce de moins');
    await tabTo(page, 'Enregistrer');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Changement enregistré.' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Une pièce de moins' }).count()).toBe(1);
    await tabTo(page, /^Titre/);
    await page.keyboard.type('Un justificatif de moins');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Le justificatif de domicile n’est plus demandé.');
    await tabTo(page, 'Publier ce changement');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Un justificatif de moins' }).waitFor();
    const publicPage = await (
      await context.request.get(`${origin}/resultats/${stack.procedure.key}`)
    ).text();
    expect(publicPage).toContain('Un justificatif de moins');

    await expectNoAxeViolations(page, 'procedure page with transparency');
    const section = page.locator(
      'section[aria-labelledby="publication"], section[aria-labelledby="improvements"]',
    );
    expect(await section.count()).toBe(2);
    await section.first().screenshot({ path: `${screenshotsDir}/dashboard-publication.png` });
    await section.last().screenshot({ path: `${screenshotsDir}/dashboard-improvements.png` });
    await page.screenshot({ path: `${screenshotsDir}/dashboard-transparency.png`, fullPage: true });
    await page.setViewportSize({ width: 375, height: 800 });
    // Drawn anew at this width (chart.js sizes its canvas when drawn).
    await page.reload();
    await section.last().getByRole('heading', { name: 'Un justificatif de moins' }).waitFor();
    expect(
      await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      ),
    ).toBeLessThanOrEqual(0);
    await section.last().screenshot({ path: `${screenshotsDir}/dashboard-improvements-375.png` });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
