import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDatabase } from '../helpers.ts';
import {
  chromiumPath,
  expectNoAxeViolations,
  launchBrowser,
  type Stack,
  startStack,
  watchConsole,
} from './browser.ts';

describe.skipIf(!chromiumPath)('the hosted page /p/{key}, in a real Chromium', () => {
  let browser: Browser;
  let stack: Stack;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  const answers = () =>
    readDatabase(stack.databasePath, (db) =>
      db.prepare('SELECT satisfaction, clarity, comment, lang FROM submissions').all(),
    );

  it('works with JavaScript disabled: errors beside the field, then a thank-you page', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 375, height: 800 },
    });
    const page = await context.newPage();
    await page.goto(`${stack.api}/p/${stack.procedure.key}`);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    const firstRadio = page.getByRole('radio', { name: 'Pas bien' });
    expect(await firstRadio.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#satisfaction-error').textContent()).toBe(
      'Choisissez une réponse pour envoyer votre avis.',
    );
    expect(answers()).toEqual([]);

    await page.getByRole('radio', { name: 'Très bien' }).check();
    await page.getByRole('radio', { name: '4' }).check();
    await page
      .getByRole('textbox', { name: /Souhaitez-vous nous en dire plus/ })
      .fill('Sans JavaScript');
    await page.waitForTimeout(1600); // a person reads before answering; bots do not
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.waitForURL(`**/p/${stack.procedure.key}/merci`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(
      /^Merci pour votre avis\s!$/,
    );
    expect(answers()).toEqual([
      { satisfaction: 'good', clarity: 4, comment: 'Sans JavaScript', lang: 'fr' },
    ]);
    await page.screenshot({ path: 'test-results/screenshots/hosted-page-thanks.png' });
    await context.close();
  });

  it('passes axe as a plain form, empty and with an error', async () => {
    // axe needs JavaScript; keeping the widget out leaves the very page a no-JavaScript visitor gets.
    const context = await browser.newContext();
    await context.route('**/widget.*.js', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${stack.api}/p/${stack.procedure.key}`);
    await expectNoAxeViolations(page, 'hosted page');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.waitForURL(`**/p/${stack.procedure.key}`);
    expect(await page.locator('#satisfaction-error').count()).toBe(1);
    await expectNoAxeViolations(page, 'hosted page with an error');
    await context.close();
  });

  it('is replaced by the widget when JavaScript is on, with no console error', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${stack.api}/p/${stack.procedure.key}?lang=en`);
    // The widget's own live region exists only once it has replaced the plain form.
    await expect.poll(() => page.getByRole('status').count()).toBe(1);
    expect(await page.getByText('Overall, how did it go?').count()).toBe(1);
    await expectNoAxeViolations(page, 'hosted page, enhanced');
    expect(problems).toEqual([]);
    await context.close();
  });
});
