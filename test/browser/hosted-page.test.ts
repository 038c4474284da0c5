import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDatabase } from '../helpers.ts';
import {
  chromiumPath,
  expectNoAxeViolations,
  launchBrowser,
  type Stack,
  startStack,
  tabTo,
  watchConsole,
} from './browser.ts';

const reachedQuestion =
  'Quand vous avez cherché de l’aide, avez-vous réussi à joindre l’administration\u202f?';
const qualityQuestion =
  'Comment évaluez-vous la qualité de l’aide que vous avez obtenue de la part de l’administration\u202f?';

/** The channels' groups inside a question's group, as the accessibility tree names them. */
async function channelGroups(page: Page, question: string) {
  const tree = await page.getByRole('group', { name: question, exact: true }).ariaSnapshot();
  return [...tree.matchAll(/^ {2}- group "([^"]+)"/gm)].map((m) => m[1]);
}

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

  it('without JavaScript, asks 3b then 3c on pages of their own, for exactly the channels ticked', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 375, height: 800 },
    });
    const page = await context.newPage();
    await page.goto(`${stack.api}/p/${stack.procedure.key}`);
    await page.getByRole('radio', { name: 'Moyen' }).check();
    const help = page.getByRole('group', { name: /tenté d’obtenir de l’aide/ });
    const hintId = await help.getAttribute('aria-describedby');
    expect(await page.locator(`#${hintId}`).textContent()).toBe('Plusieurs choix possibles');
    await page.getByRole('checkbox', { name: 'Par chat avec l’administration' }).check();
    await page.getByRole('checkbox', { name: 'Des sites internet' }).check();
    await page.getByRole('checkbox', { name: 'Au guichet avec l’administration' }).check();
    await page.screenshot({ path: '/tmp/shots-15/hosted-3a-375.png', fullPage: true });
    await page.waitForTimeout(1600); // a person reads before answering; bots do not
    await page.getByRole('button', { name: 'Envoyer' }).click();

    // 3b, keyboard only: one tab stop per channel, Space answers, arrows change the answer.
    expect(await channelGroups(page, reachedQuestion)).toEqual([
      'Au guichet avec l’administration',
      'Par chat avec l’administration',
    ]);
    await page.screenshot({ path: '/tmp/shots-15/hosted-3b-375.png', fullPage: true });
    await tabTo(page, 'Oui'); // counter
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // chat
    await page.keyboard.press('Space');
    await tabTo(page, 'Envoyer');
    await page.keyboard.press('Enter');

    // 3c for both channels reached; the counter «Bonne», the chat «Très mauvaise».
    await page.waitForLoadState();
    expect(await channelGroups(page, qualityQuestion)).toEqual(['Au guichet', 'Par chat']);
    await tabTo(page, 'Très mauvaise');
    await page.keyboard.press('Space');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.screenshot({ path: '/tmp/shots-15/hosted-3c-375.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: '/tmp/shots-15/hosted-3c-1280.png', fullPage: true });
    await tabTo(page, 'Envoyer');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/p/${stack.procedure.key}/merci`);

    const [row] = readDatabase(stack.databasePath, (db) =>
      db.prepare("SELECT id FROM submissions WHERE help LIKE '%chat%'").all(),
    ) as { id: string }[];
    expect((await stack.store.findSubmission(row?.id ?? ''))?.answer).toEqual({
      satisfaction: 'medium',
      help: ['counter', 'chat', 'websites'], // a form posts its boxes in the page's order
      reached: { counter: true, chat: true },
      helpQuality: { counter: 4, chat: 1 },
      lang: 'fr',
    });
    await context.close();
  });

  it('steps 3b and 3c pass axe and fit 320 px without horizontal scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    await context.route('**/widget.*.js', (route) => route.abort());
    const page = await context.newPage();
    const fitsWidth = () =>
      page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
    await page.goto(`${stack.api}/p/${stack.procedure.key}`);
    await page.getByRole('radio', { name: 'Très bien' }).check();
    await page.getByRole('checkbox', { name: 'Par téléphone avec l’administration' }).check();
    await page.getByRole('checkbox', { name: 'Par e-mail avec l’administration' }).check();
    await page.waitForTimeout(1600);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page
      .getByRole('group', { name: 'Par e-mail avec l’administration' })
      .getByRole('radio', { name: 'Non' })
      .check();
    await page
      .getByRole('group', { name: 'Par téléphone avec l’administration' })
      .getByRole('radio', { name: 'Oui' })
      .check();
    await expectNoAxeViolations(page, 'hosted page, step 3b');
    expect(await fitsWidth()).toBe(0);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    expect(await channelGroups(page, qualityQuestion)).toEqual(['Par téléphone']);
    await expectNoAxeViolations(page, 'hosted page, step 3c');
    expect(await fitsWidth()).toBe(0);
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
