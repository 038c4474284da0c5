import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
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
} from './browser.ts';

describe.skipIf(!chromiumPath)('exporting the answers, in a real Chromium', () => {
  let browser: Browser;
  let stack: Stack;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
    await seedWithOwner(stack, 10);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('an owner downloads the period’s answers as Excel from the keyboard, and the file opens with them', async () => {
    for (const width of [375, 1280]) {
      const page = await signedInPage(browser, stack.dashboard, 'owner@example.gouv.fr', {
        viewport: { width, height: 900 },
      });
      await page.goto(`${stack.dashboard}/dashboard/procedures/${stack.procedure.key}/usagers`);
      await page.getByRole('heading', { level: 2, name: 'Ce que disent les usagers' }).waitFor();
      const links = page.getByRole('link', { name: /^Exporter en/ });
      expect(await links.allTextContents()).toEqual(['Exporter en Excel', 'Exporter en CSV']);
      await links.first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshotsDir, `answers-export-${width}.png`) });
      await expectNoAxeViolations(page, `the answers part at ${width} px`);
      if (width === 1280) {
        // Tab from the CSV link back to the Excel one, then Enter, as a keyboard user would.
        await page.getByRole('link', { name: 'Exporter en CSV' }).focus();
        await tabTo(page, 'Exporter en Excel', 'Shift+Tab');
        const download = page.waitForEvent('download');
        await page.keyboard.press('Enter');
        const file = await download;
        expect(file.suggestedFilename()).toMatch(/^avis-.+\.xlsx$/);
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(
          (await readFile((await file.path()) as string)) as unknown as ArrayBuffer,
        );
        expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['À lire', 'Réponses']);
        // The 30 days shown: about 12 answers a day, one row each under the header.
        expect(workbook.getWorksheet('Réponses')?.rowCount).toBeGreaterThan(50);
      }
      await page.context().close();
    }
  });
});
