import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAnswers } from '../../server/src/features/answers/seed.ts';
import { testAuditEntry } from '../helpers.ts';
import {
  chromiumPath,
  expectNoAxeViolations,
  launchBrowser,
  type Stack,
  screenshotsDir,
  startStack,
  tabTo,
  watchConsole,
} from './browser.ts';

/** Nothing wider than the window: no sideways scrolling at 320 px or at 200 % zoom (WCAG 1.4.10). */
async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

describe.skipIf(!chromiumPath)('the public results pages, in a real Chromium', () => {
  let browser: Browser;
  let stack: Stack;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
    const other = await stack.store.createProcedure({
      name: 'Déclaration de revenus',
      allowedOrigins: [],
    });
    await seedAnswers(stack.store, {
      procedures: [
        { procedureKey: stack.procedure.key, perDay: 12, quality: 0.8 },
        { procedureKey: other.key, perDay: 4, quality: 0.4 },
      ],
      days: 400,
      end: new Date(),
      timeZone: 'Europe/Paris',
    });
    for (const key of [stack.procedure.key, other.key]) {
      await stack.store.updateProcedure(key, { public: true });
    }
    const entry = () => testAuditEntry('improvement.create');
    await stack.store.createImprovement(
      stack.procedure.key,
      {
        date: '2026-10-02',
        title: 'Un justificatif de moins',
        text: 'Vous trouviez la liste des pièces trop longue\u202f: le justificatif de domicile n’est plus demandé.',
        link: 'https://passeport.example.gouv.fr/nouveautes',
      },
      entry,
    );
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('works with the keyboard alone and no JavaScript: search, then a procedure’s page', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${stack.api}/resultats`);
    await tabTo(page, 'Rechercher une démarche');
    await page.keyboard.type('passeport');
    await tabTo(page, 'Afficher');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=passeport/);
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
      'Demande de passeport',
      'Données ouvertes',
    ]);
    await tabTo(page, 'Demande de passeport');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/resultats/${stack.procedure.key}`);

    // What a screen reader names: the chart by its title and summary, the tables by caption.
    const chart = page.getByRole('img', {
      name: /Satisfaction usager par mois, sur 10.*La satisfaction/,
    });
    expect(await chart.count()).toBe(1);
    expect(
      await page.getByRole('table', { name: 'Satisfaction usager par mois, sur 10' }).count(),
    ).toBe(1);
    expect(
      await page.getByRole('heading', { name: 'Vous avez dit, nous avons fait' }).count(),
    ).toBe(1);
    expect(
      await page
        .getByRole('link', { name: 'En savoir plus\u202f: Un justificatif de moins' })
        .getAttribute('rel'),
    ).toBe('noopener noreferrer nofollow');
    expect(await page.getByRole('link', { name: 'Español' }).getAttribute('hreflang')).toBe('es');
    // The period form, by keyboard: the dates are real inputs with their labels.
    await tabTo(page, /^Du$/);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('reads at 320 px and at 200 % zoom, in French and in Spanish, without sideways scrolling', async () => {
    for (const [width, scale] of [
      [320, 1],
      [640, 2], // a 1280 px window at 200 % zoom
    ] as const) {
      const context = await browser.newContext({
        viewport: { width, height: 800 },
        deviceScaleFactor: scale,
      });
      const page = await context.newPage();
      for (const url of [
        '/resultats',
        `/resultats/${stack.procedure.key}`,
        '/resultats?lang=es',
        `/resultats/${stack.procedure.key}?lang=es`,
      ]) {
        await page.goto(`${stack.api}${url}`);
        await expectNoSidewaysScroll(page);
        await expectNoAxeViolations(page, `${url} at ${width} px`);
      }
      await context.close();
    }
  }, 60_000);

  it('screenshots at 375 and 1280 px', async () => {
    // Each page loaded once, shot at both widths.
    const context = await browser.newContext({ viewport: { width: 375, height: 900 } });
    const page = await context.newPage();
    for (const [name, path] of [
      ['list', '/resultats'],
      ['procedure', `/resultats/${stack.procedure.key}`],
    ] as const) {
      await page.goto(`${stack.api}${path}`);
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await page.screenshot({
          path: `${screenshotsDir}/results-${name}-${width}.png`,
          fullPage: true,
        });
      }
    }
    expect(await page.locator('h1').textContent()).toBe('Demande de passeport');
    await context.close();
  });
});
