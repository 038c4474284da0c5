import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previousQuarter, quarterName, quarterOf } from '../../common/quarters.ts';
import { seedAnswers } from '../../server/src/features/answers/seed.ts';
import { makeEdition } from '../../server/src/features/observatoire/editions.ts';
import { testAuditEntry, testPasswordHash } from '../helpers.ts';
import {
  chromiumPath,
  expectNoAxeViolations,
  launchBrowser,
  logInByKeyboard,
  password,
  type Stack,
  screenshotsDir,
  seedWithOwner,
  signedInPage,
  startStack,
  tabTo,
  watchConsole,
} from './browser.ts';

describe.skipIf(!chromiumPath)('the Observatoire, in a real Chromium', () => {
  let browser: Browser;
  let stack: Stack;
  let origin: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
    origin = stack.dashboard;
    await seedWithOwner(stack, 200);
    // Two more procedures of other qualities, so that the table has something to sort.
    for (const [name, quality] of [
      ['Carte grise', 0.9],
      ['Permis de conduire', 0.2],
    ] as const) {
      const procedure = await stack.store.createProcedure({ name, allowedOrigins: [] });
      await seedAnswers(stack.store, {
        procedures: [
          { procedureKey: procedure.key, perDay: name === 'Carte grise' ? 20 : 3, quality },
        ],
        days: 200,
        end: new Date(),
        timeZone: 'Europe/Paris',
      });
      await stack.store.updateProcedure(procedure.key, { public: true });
    }
    await stack.store.createUser({
      email: 'admin@example.gouv.fr',
      passwordHash: await testPasswordHash(password),
      isAdmin: true,
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('an administrator sorts the table with the keyboard alone, and makes an edition', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await logInByKeyboard(page, origin, 'admin@example.gouv.fr');
    await tabTo(page, /^Observatoire$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Observatoire', level: 1 }).waitFor();
    const table = page.getByRole('table');
    await table.waitFor();
    const names = () => table.locator('tbody th').allInnerTexts();
    expect((await names()).sort()).toEqual([
      'Carte grise',
      'Demande de passeport',
      'Permis de conduire',
    ]);
    await expectNoAxeViolations(page, 'Observatoire');
    await page.screenshot({ path: `${screenshotsDir}/observatoire-1280.png`, fullPage: true });

    // «Avis»: the most answers first, then, pressed again, the fewest.
    await tabTo(page, /^Avis/);
    await page.keyboard.press('Enter');
    const answersHeader = table.locator('thead th').nth(2);
    await expect.poll(() => answersHeader.getAttribute('aria-sort')).toBe('descending');
    // The header says the order at once; the rows follow when the server's sorted page arrives.
    await expect.poll(names).toEqual(['Carte grise', 'Demande de passeport', 'Permis de conduire']);
    expect(page.url()).toContain('sort=answers');
    await page.keyboard.press('Enter');
    await expect.poll(() => answersHeader.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(names).toEqual(['Permis de conduire', 'Demande de passeport', 'Carte grise']);
    // The other headers say nothing of a sort they do not hold.
    expect(await table.locator('thead th[aria-sort]').count()).toBe(1);
    // «Plus fortes évolutions» puts the order back.
    await tabTo(page, 'Plus fortes évolutions', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => table.locator('thead th[aria-sort]').count()).toBe(0);

    // Made now, the edition of the whole platform for the last quarter that has ended (the form's
    // first choice: the current quarter, not over, is not offered).
    const thisQuarter = quarterOf(new Date().toISOString().slice(0, 10));
    const offered = await page.locator('#edition-quarter option').allTextContents();
    expect(offered[0]).toBe(quarterName(previousQuarter(thisQuarter)));
    expect(offered).not.toContain(quarterName(thisQuarter));
    await tabTo(page, 'Faire l’édition');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Édition faite.' }).waitFor();
    const edition = page.getByRole('link', { name: /^Édition T\d 20\d\d — Toute la plateforme$/ });
    await edition.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Édition T\d 20\d\d/ }).waitFor();
    await page.getByRole('table').waitFor();
    await expectNoAxeViolations(page, 'Observatoire edition');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reads at 375 px: the table scrolls in its own box, reached by the keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await logInByKeyboard(page, origin, 'admin@example.gouv.fr');
    await page.goto(`${origin}/dashboard/observatoire`);
    const table = page.getByRole('table');
    await table.waitFor();
    // The page itself does not scroll sideways; the table's box does, and takes the focus.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    expect(await table.evaluate((t) => t.scrollWidth > t.clientWidth)).toBe(true);
    expect(await table.getAttribute('tabindex')).toBe('0');
    await expectNoAxeViolations(page, 'Observatoire at 375 px');
    await page.screenshot({ path: `${screenshotsDir}/observatoire-375.png`, fullPage: true });
    await context.close();
  });

  it('exports the live table with its period and filters, and each edition, from the keyboard', async () => {
    // Two quarters back: the first test made the last one's.
    const quarter = previousQuarter(
      previousQuarter(quarterOf(new Date().toISOString().slice(0, 10))),
    );
    const made = await makeEdition(
      stack.store,
      100,
      { quarter, organisationId: undefined },
      { name: 'test', now: () => new Date() },
    );
    const dayAgo = (days: number) =>
      new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    const [from, to] = [dayAgo(60), dayAgo(1)];
    /** The file a focused link downloads when Enter is pressed, read back with exceljs. */
    const download = async (page: Page) => {
      const downloaded = page.waitForEvent('download');
      await page.keyboard.press('Enter');
      const file = await downloaded;
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(
        (await readFile((await file.path()) as string)) as unknown as ArrayBuffer,
      );
      return { name: file.suggestedFilename(), workbook };
    };
    const focusedHref = (page: Page) =>
      page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');

    for (const width of [375, 1280]) {
      const page = await signedInPage(browser, origin, 'admin@example.gouv.fr', {
        viewport: { width, height: 900 },
      });
      await page.goto(`${origin}/dashboard/observatoire?from=${from}&to=${to}&q=carte`);
      await page.getByRole('table').waitFor();
      // The live table's links: its period and filters, every row (no page).
      const live = page.locator('a[href^="/api/v1/observatoire/export."]');
      expect(await live.allTextContents()).toEqual(['Exporter en Excel', 'Exporter en CSV']);
      for (const href of await live.evaluateAll((links) =>
        links.map((link) => link.getAttribute('href') ?? ''),
      )) {
        const query = new URL(href, origin).searchParams;
        expect(Object.fromEntries(query)).toEqual({ from, to, q: 'carte' });
      }
      await live.first().scrollIntoViewIfNeeded();
      await expectNoAxeViolations(page, `Observatoire exports at ${width} px`);
      await page.screenshot({
        path: `${screenshotsDir}/observatoire-exports-${width}.png`,
        fullPage: true,
      });
      if (width === 1280) {
        await tabTo(page, 'Exporter en Excel');
        expect(await focusedHref(page)).toMatch(/^\/api\/v1\/observatoire\/export\.xlsx\?/);
        const { name, workbook } = await download(page);
        expect(name).toBe(`observatoire-${from}-${to}.xlsx`);
        expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['À lire', 'Observatoire']);
        const sheet = workbook.getWorksheet('Observatoire') as ExcelJS.Worksheet;
        expect(sheet.getRow(2).getCell(2).value).toBe('Carte grise');
        expect(sheet.rowCount).toBe(2);

        // The edition's own links, right after its name.
        await page
          .getByRole('link', { name: `Édition ${quarterName(quarter)} — Toute la plateforme` })
          .focus();
        await tabTo(page, 'Exporter en Excel');
        expect(await focusedHref(page)).toBe(
          `/api/v1/observatoire/editions/${made?.id}/export.xlsx`,
        );
        const edition = await download(page);
        expect(edition.name).toBe(`observatoire-${quarter}-plateforme.xlsx`);
        expect(edition.workbook.getWorksheet('Observatoire')?.rowCount).toBe(1 + 3);
      }
      await page.context().close();
    }
  });

  it('the public page: sorted by links with the keyboard and no JavaScript, axe at 375 and 1280 px', async () => {
    const [organisation] = await stack.store.listOrganisations();
    const organisationId = organisation?.id as number;
    await stack.store.setPublishesObservatoire(organisationId, true, {
      at: new Date(),
      actor: 'test',
      action: 'observatoire.publish',
      target: '',
      details: {},
    });
    const made = await makeEdition(
      stack.store,
      100,
      { quarter: quarterOf(new Date().toISOString().slice(0, 10)), organisationId },
      { name: 'test', now: () => new Date() },
    );
    const path = `/observatoire/${made?.id}`;

    const noScript = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1280, height: 900 },
    });
    const page = await noScript.newPage();
    await page.goto(`${stack.api}/observatoire`);
    // The test's default organisation is unnamed: its editions name none, as /resultats does.
    await tabTo(page, /^Édition T\d 20\d\d$/);
    await page.keyboard.press('Enter');
    await page.getByRole('table').waitFor();
    await tabTo(page, 'Nombre d’avis');
    await page.keyboard.press('Enter');
    await page.waitForURL(/sort=answers/);
    expect(await page.locator('thead th[aria-sort="descending"]').innerText()).toBe(
      'Nombre d’avis',
    );
    expect(await page.locator('tbody th').allInnerTexts()).toEqual([
      'Carte grise',
      'Permis de conduire',
    ]);
    await noScript.close();

    for (const width of [375, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const url of ['/observatoire', path, `${path}?lang=es`]) {
        await page.goto(`${stack.api}${url}`);
        await expectNoAxeViolations(page, `${url} at ${width} px`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          width,
        );
      }
      await page.goto(`${stack.api}${path}`);
      await page.screenshot({
        path: `${screenshotsDir}/observatoire-public-${width}.png`,
        fullPage: true,
      });
      await context.close();
    }
  });

  it('pages through the editions with the keyboard, the newest first', async () => {
    // Six years of the platform's editions, long past: more than a page of them.
    for (let year = 2010; year < 2016; year++)
      for (const n of [1, 2, 3, 4])
        await stack.store.createEdition(
          {
            quarter: `${year}-T${n}`,
            organisationId: undefined,
            rows: [],
            madeAt: new Date(),
            madeBy: 'test',
          },
          () => testAuditEntry('observatoire.edition.create'),
        );
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await logInByKeyboard(page, origin, 'admin@example.gouv.fr');
    await page.goto(`${origin}/dashboard/observatoire`);
    const editions = page.getByRole('region', { name: 'Éditions trimestrielles' });
    const listed = editions.getByRole('link', { name: /^Édition / });
    await expect.poll(() => listed.count()).toBe(20);
    const pager = page.getByRole('navigation', { name: 'Pages des éditions' });
    expect(await pager.innerText()).toContain('Page 1 sur 2');
    // From the page's last edition, the next control is the pager's.
    await listed.last().focus();
    await tabTo(page, 'Page suivante');
    await page.keyboard.press('Enter');
    await expect.poll(() => pager.innerText()).toContain('Page 2 sur 2');
    // The oldest last: 2010's first quarter ends the second page.
    await expect
      .poll(async () => (await listed.allInnerTexts()).at(-1))
      .toBe('Édition T1 2010 — Toute la plateforme');
    await expectNoAxeViolations(page, 'Observatoire, second page of editions');
    expect(problems).toEqual([]);
    await context.close();
  });
});
