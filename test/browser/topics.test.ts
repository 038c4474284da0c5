import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumPath,
  expectNoAxeViolations,
  launchBrowser,
  type Stack,
  screenshotsDir,
  seedWithOwner,
  signedInPage,
  startStack,
  tabTo,
  watchConsole,
} from './browser.ts';

const section = (page: Page) => page.locator('section[aria-labelledby="what-people-say"]');

describe.skipIf(!chromiumPath)('«Ce que disent les usagers», in a real Chromium', () => {
  let browser: Browser;
  let stack: Stack;
  let origin: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
    origin = stack.dashboard;
    await seedWithOwner(stack, 90);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** The period the page shows, as the API's query. */
  async function periodOf(page: Page): Promise<string> {
    const href = await page.getByRole('link', { name: 'Exporter en CSV' }).getAttribute('href');
    const query = new URL(href ?? '', origin).searchParams;
    return `from=${query.get('from')}&to=${query.get('to')}`;
  }

  /** Nothing wider than the screen but the tables, which scroll in their own box (RGAA 10.11). */
  async function expectNoHorizontalScroll(page: Page, width: number) {
    await page.setViewportSize({ width, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      width,
    );
  }

  /**
   * At 320 px, the section within the screen and nothing in it wider than the section. Polled:
   * the theme's chart is redrawn to the new width a moment after the resize.
   */
  async function expectSectionFits(page: Page, width: number) {
    await page.setViewportSize({ width, height: 900 });
    await expect
      .poll(() =>
        section(page).evaluate((s) => ({
          right: s.getBoundingClientRect().right <= innerWidth,
          content: s.scrollWidth <= s.clientWidth,
        })),
      )
      .toEqual({ right: true, content: true });
  }

  async function openProcedure(
    width: number,
  ): Promise<{ page: Page; problems: string[]; topicsAsked: string[] }> {
    let problems: string[] = [];
    const topicsAsked: string[] = [];
    // Signed in by keyboard the first time, with that session again after.
    const page = await signedInPage(
      browser,
      origin,
      'owner@example.gouv.fr',
      { viewport: { width, height: 900 } },
      (page) => {
        problems = watchConsole(page);
        page.on('request', (request) => {
          if (new URL(request.url()).pathname.endsWith('/topics')) topicsAsked.push(request.url());
        });
      },
    );
    await page.getByRole('link', { name: 'Demande de passeport' }).click();
    await page.getByRole('heading', { name: 'Indicateurs' }).waitFor();
    // «Synthèse» is drawn; a request its first rendering made would be sent by now.
    await page.evaluate(
      () =>
        new Promise((done) =>
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done))),
        ),
    );
    // A part of its own, read only when opened: the figures' first render does not wait for
    // (nor share the server with) a reading of a year of comments.
    expect(topicsAsked).toEqual([]);
    const menu = page.getByRole('navigation', { name: 'Parties de la démarche' });
    const toggle = menu.getByRole('button', { name: 'Parties de la démarche' });
    if (await toggle.isVisible()) await toggle.click();
    await menu.getByRole('link', { name: 'Ce que disent les usagers' }).click();
    await page.getByRole('heading', { level: 2, name: 'Ce que disent les usagers' }).waitFor();
    return { page, problems, topicsAsked };
  }

  it('shows terms and themes as tables, and a term chosen with the keyboard narrows the comments to it', async () => {
    const { page, problems, topicsAsked } = await openProcedure(1280);
    const terms = page.getByRole('table', { name: /Mots et expressions/ });
    await terms.waitFor();
    expect(topicsAsked).toHaveLength(1);
    // The table says what the API says, in the order it gives.
    const api = await (
      await page.request.get(
        `${origin}/api/v1/procedures/${stack.procedure.key}/topics?${await periodOf(page)}`,
      )
    ).json();
    const first = api.terms[0];
    const cells = await terms.locator('tbody tr').first().locator('th, td').allTextContents();
    expect(cells[0]).toBe(first.label);
    expect(Number(cells[1])).toBe(first.comments);
    expect(cells[2]?.replace(/\s/g, '')).toBe(`${String(first.share).replace('.', ',')}%`);
    await expectNoAxeViolations(page, 'what people say');
    await section(page).screenshot({ path: join(screenshotsDir, 'topics-desktop.png') });

    // Keyboard: from the section's heading, Tab to the term, Enter.
    await page.getByRole('heading', { name: 'Termes fréquents' }).evaluate((h) => {
      h.setAttribute('tabindex', '-1');
      (h as HTMLElement).focus();
    });
    await tabTo(page, first.label);
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { name: `Commentaires : « ${first.label} »` });
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((h) => h === document.activeElement)).toBe(true);
    const list = page.locator('#topic-comments ~ div .comment');
    await list.first().waitFor();
    const shown = await list.allTextContents();
    const filtered = await (
      await page.request.get(
        `${origin}/api/v1/procedures/${stack.procedure.key}/feedback?${await periodOf(page)}&withComment=true&suspect=false&limit=20&term=${encodeURIComponent(first.key)}`,
      )
    ).json();
    expect(shown).toEqual(filtered.items.map((a: { comment: string }) => a.comment));
    expect(shown.length).toBeGreaterThan(0);
    await expectNoAxeViolations(page, 'comments of a term');
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('lets an owner add a theme with the keyboard, which then has its row, chart and data table', async () => {
    const { page, problems } = await openProcedure(375);
    await page.getByRole('table', { name: /Commentaires par thème/ }).waitFor();
    await section(page).screenshot({ path: join(screenshotsDir, 'topics-phone.png') });
    await expectNoHorizontalScroll(page, 375);
    // Nor do its tables scroll in their boxes: every column is seen (issue 29).
    for (const name of [/Mots et expressions/, /Commentaires par thème/]) {
      const table = page.getByRole('table', { name });
      expect(await table.evaluate((t) => t.scrollWidth - t.clientWidth), String(name)).toBe(0);
    }
    await expectNoAxeViolations(page, 'what people say at 375 px');

    await page.getByText('Modifier les thèmes').focus();
    await page.keyboard.press('Enter');
    // Open, its full-width fields fit too (they were their padding wider than the page).
    await page.locator('#theme-keywords-new').waitFor();
    await expectNoHorizontalScroll(page, 375);
    await expectSectionFits(page, 320);
    await page.setViewportSize({ width: 375, height: 900 });
    await page.locator('#theme-name-new').focus();
    await page.keyboard.type('Vocabulaire');
    await page.keyboard.press('Tab');
    await page.keyboard.type('termes compliqués, vocabulaire');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Thèmes enregistrés.' }).waitFor();
    const themes = page.getByRole('table', { name: /Commentaires par thème/ });
    const row = themes.locator('tbody tr').filter({ hasText: 'Vocabulaire' });
    await row.waitFor();
    expect(
      Number((await row.locator('td').first().textContent())?.replace(/\D/g, '')),
    ).toBeGreaterThan(0);

    await page.getByLabel('Thème', { exact: true }).selectOption({ label: 'Vocabulaire' });
    await page.getByRole('button', { name: 'Voir les données' }).last().click();
    const data = page.getByRole('table', { name: 'Évolution du thème Vocabulaire' });
    await data.waitFor();
    expect(await data.locator('tbody tr').count()).toBeGreaterThan(1);
    await expectNoAxeViolations(page, 'theme editor open, at 375 px');
    await section(page).screenshot({ path: join(screenshotsDir, 'topics-phone-editor.png') });
    await expectSectionFits(page, 320);
    await page
      .locator('details.fr-accordion')
      .screenshot({ path: join(screenshotsDir, 'topics-320-editor.png') });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 60_000);
});
