import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsubscribeSigner } from '../../server/src/features/mail/unsubscribe.ts';
import type { User } from '../../server/src/store/accounts.ts';
import {
  chromiumPath,
  expectNoAxeViolations,
  launchBrowser,
  type Stack,
  screenshotsDir,
  seedWithOwner,
  signedInPage,
  startStack,
  watchConsole,
} from './browser.ts';

const modes = {
  state: { OPERATOR_NAME: 'Ministère de l’Intérieur', OPERATOR_KIND: 'state' },
  neutral: { OPERATOR_NAME: 'Ville de Lyon', OPERATOR_KIND: 'other' },
};
const mailSecret = 'm'.repeat(32);

describe.skipIf(!chromiumPath)('the service’s header, in a real Chromium', () => {
  let browser: Browser;
  const stacks: Partial<Record<keyof typeof modes, Stack>> = {};
  const owners: Partial<Record<keyof typeof modes, User>> = {};

  beforeAll(async () => {
    browser = await launchBrowser();
    for (const [mode, env] of Object.entries(modes)) {
      const stack = await startStack({ ...env, MAIL_SECRET: mailSecret });
      stacks[mode as keyof typeof modes] = stack;
      owners[mode as keyof typeof modes] = await seedWithOwner(stack, 40);
      await stack.store.updateProcedure(stack.procedure.key, { public: true });
    }
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    for (const stack of Object.values(stacks)) await stack?.close();
  });

  /** The header as a person sees it: the brand block drawn, or not there at all. */
  async function brand(page: Page) {
    const header = page.getByRole('banner');
    const logo = header.locator('.fr-logo');
    return {
      text: (await header.innerText()).replace(/\s+/g, ' ').trim(),
      logo: (await logo.count()) > 0,
      // The Marianne (::before) and the motto (::after) are CSS images: drawn only if the
      // DSFR's logo rules arrived.
      drawn:
        (await logo.count()) > 0 &&
        (await logo.evaluate(
          (element) =>
            getComputedStyle(element, '::before').backgroundImage.startsWith('url(') &&
            getComputedStyle(element, '::after').backgroundImage.startsWith('url('),
        )),
    };
  }

  for (const mode of Object.keys(modes) as (keyof typeof modes)[]) {
    it(`${mode}: the dashboard, signed out and in, passes axe under its header`, async () => {
      const stack = stacks[mode] as Stack;
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const problems = watchConsole(page);
      await page.goto(`${stack.dashboard}/dashboard/`);
      await page.getByRole('heading', { name: 'Se connecter' }).waitFor();
      const seen = await brand(page);
      if (mode === 'state') {
        expect(seen).toEqual({
          // As drawn: the DSFR sets the brand block in capitals.
          text: 'RÉPUBLIQUE FRANÇAISE Je donne mon avis Ministère de l’Intérieur',
          logo: true,
          drawn: true,
        });
      } else {
        expect(seen).toEqual({
          text: 'Je donne mon avis Ville de Lyon',
          logo: false,
          drawn: false,
        });
      }
      await expectNoAxeViolations(page, `${mode} log-in`);
      // «Aller au contenu» is still the page's first link, before the header's, and it leads
      // to the page's content.
      const first = await page.evaluate(
        () => document.querySelector('a[href], button, input, select, textarea')?.textContent,
      );
      expect(first).toBe('Aller au contenu');
      await page.locator('#skip-link').focus();
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('content');
      await context.close();

      const signedIn = await signedInPage(browser, stack.dashboard, 'owner@example.gouv.fr', {
        viewport: { width: 1280, height: 900 },
      });
      expect((await brand(signedIn)).text).toContain('Je donne mon avis');
      await expectNoAxeViolations(signedIn, `${mode} procedures`);
      if (mode === 'state') {
        await signedIn.screenshot({
          path: join(screenshotsDir, 'header-state-dashboard-1280.png'),
          fullPage: true,
        });
        await signedIn.setViewportSize({ width: 375, height: 800 });
        await expectNoAxeViolations(signedIn, `${mode} procedures at 375 px`);
        await signedIn.screenshot({
          path: join(screenshotsDir, 'header-state-dashboard-375.png'),
          fullPage: true,
        });
      }
      await signedIn.context().close();
      expect(problems).toEqual([]);
    });

    it(`${mode}: a public results page passes axe under its header, at 375 and 1280 px`, async () => {
      const stack = stacks[mode] as Stack;
      const context = await browser.newContext();
      const page = await context.newPage();
      for (const width of [375, 1280]) {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${stack.dashboard}/resultats/${stack.procedure.key}`);
        expect((await brand(page)).drawn).toBe(mode === 'state');
        // Nothing sticks out of a phone's screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
          width,
        );
        await expectNoAxeViolations(page, `${mode} results at ${width} px`);
        await page.screenshot({
          path: join(screenshotsDir, `header-${mode}-results-${width}.png`),
        });
      }
      await page.goto(`${stack.dashboard}/p/${stack.procedure.key}`);
      expect((await brand(page)).drawn).toBe(mode === 'state');
      await expectNoAxeViolations(page, `${mode} questionnaire`);
      await page.screenshot({
        path: join(screenshotsDir, `header-${mode}-questionnaire-1280.png`),
      });
      await context.close();
    });

    it(`${mode}: the unsubscribe page of a mail passes axe under its header, and its button works from the keyboard`, async () => {
      const stack = stacks[mode] as Stack;
      const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
      const page = await context.newPage();
      const problems = watchConsole(page);
      const owner = owners[mode] as User;
      await page.goto(unsubscribeSigner(mailSecret).link(stack.dashboard, owner, 'digest'));
      expect((await brand(page)).drawn).toBe(mode === 'state');
      await expectNoAxeViolations(page, `${mode} unsubscribe`);
      const button = page.getByRole('button', { name: 'Me désabonner' });
      // The hosted page's stylesheet arrived: the button is the DSFR's blue, not the browser's.
      expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(
        'rgb(0, 0, 145)',
      );
      await button.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'C’est fait' }).waitFor();
      expect((await stack.store.mailPreferences(owner.id)).digest).toBe('none');
      expect((await brand(page)).drawn).toBe(mode === 'state');
      await expectNoAxeViolations(page, `${mode} unsubscribed`);
      await page.screenshot({ path: join(screenshotsDir, `header-${mode}-unsubscribed-375.png`) });
      await context.close();
      expect(problems).toEqual([]);
    });
  }
});
