import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportDay } from '../../common/calendar-days.ts';
import { uuidv7 } from '../../common/uuid.ts';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import { seedAnswers } from '../../server/src/features/answers/seed.ts';
import { testPasswordHash } from '../helpers.ts';
import {
  chromiumPath,
  launchBrowser,
  password,
  type Stack,
  screenshotsDir,
  signedInPage,
  startStack,
} from './browser.ts';

const agent = 'agent@example.gouv.fr';
const comment = 'Le rendez-vous en mairie a été annulé sans prévenir.';
/** Where the two browsers are: the same clock, so that only their locales differ. */
const timezoneId = 'Europe/Paris';

/**
 * Issue 27: the dashboard writes dates, times, numbers, percentages and plurals in the page's
 * language. A French page reads the same, word for word, in a browser set to en-US as in one set
 * to fr-FR.
 */
describe.skipIf(!chromiumPath)('the dashboard’s language, not the browser’s locale', () => {
  let browser: Browser;
  let stack: Stack;
  let origin: string;
  /** The known answer's moment: yesterday at 17:23 UTC, 18:23 in Paris in winter. */
  let arrived: Date;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
    origin = stack.dashboard;
    const { store } = stack;
    const day = 24 * 60 * 60 * 1000;
    // 60 days of answers, with comments, ending two days ago: the known answer is the newest.
    await seedAnswers(store, {
      procedures: [{ procedureKey: stack.procedure.key, perDay: 12, quality: 0.6 }],
      days: 60,
      end: new Date(Date.now() - 2 * day),
      timeZone: timezoneId,
      seed: 27,
    });
    arrived = new Date(Date.now() - day);
    arrived.setUTCHours(17, 23, 0, 0);
    await store.saveSubmissions([
      {
        id: uuidv7(arrived.getTime()),
        procedureKey: stack.procedure.key,
        answer: { satisfaction: 'medium', comment } as Answer,
        day: reportDay(arrived, timezoneId),
        receivedAt: arrived,
      },
    ]);
    // An administrator of the procedure's organisation (the default one): the procedures page
    // leads to its people and journal.
    const user = await store.createUser({
      email: agent,
      passwordHash: await testPasswordHash(password),
      isAdmin: false,
    });
    await store.setMembership(user?.id as number, stack.procedure.organisationId, 'admin');
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /** The main content's visible text once every part of it has arrived. */
  async function mainText(page: Page): Promise<string> {
    // Parts below the fold (terms and themes, charts) are read when they come into view.
    for (let i = 0; i < 3; i++) {
      await page.mouse.wheel(0, 20_000);
      await page.waitForLoadState('networkidle');
    }
    await expect.poll(() => page.getByText('Chargement…').count()).toBe(0);
    return page.locator('main').innerText();
  }

  const parts = [
    'Synthèse',
    'Réponses',
    'Ce que disent les usagers',
    'Publication',
    'Questionnaire',
    'Intégration',
    'Accès',
  ];
  /** Opens a part of the procedure's page from its side menu, and waits for its heading. */
  async function openPart(page: Page, name: string) {
    const menu = page.getByRole('navigation', { name: 'Parties de la démarche' });
    const toggle = menu.getByRole('button', { name: 'Parties de la démarche' });
    if (await toggle.isVisible()) await toggle.click();
    await menu.getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 2, name }).waitFor();
  }

  /** The comments' first screen: the list's head, its dates and badges. */
  async function commentsShot(page: Page, name: string) {
    const y = await page
      .locator('section[aria-labelledby="comments"]')
      .evaluate((section) => section.getBoundingClientRect().top + scrollY);
    await page.screenshot({
      path: join(screenshotsDir, name),
      fullPage: true,
      clip: { x: 0, y, width: page.viewportSize()?.width ?? 375, height: 900 },
    });
  }

  /** The procedures page, the procedure's page and the organisation's, as `locale` shows them. */
  async function visit(locale: string, width: number) {
    const page = await signedInPage(browser, origin, agent, {
      locale,
      timezoneId,
      viewport: { width, height: 900 },
    });
    const shot = (name: string) =>
      page.screenshot({
        path: join(screenshotsDir, `page-language-${name}-${locale}-${width}.png`),
        fullPage: true,
      });
    expect(await page.evaluate(() => navigator.language)).toBe(locale);

    const manage = page.getByRole('link', {
      name: 'Personnes et journal — Organisation par défaut',
    });
    await manage.waitFor();
    const procedures = await mainText(page);
    await shot('procedures');

    await page.getByRole('link', { name: 'Demande de passeport' }).click();
    await page.getByRole('heading', { name: 'Indicateurs' }).waitFor();
    await shot('procedure');
    // Every part of the procedure's page, in the menu's order.
    const texts: string[] = [];
    let moment = { text: '', iso: null as string | null };
    for (const part of parts) {
      await openPart(page, part);
      if (part === 'Ce que disent les usagers') {
        await page.getByRole('heading', { name: 'Termes fréquents' }).waitFor();
        const time = page.locator('li.answer').filter({ hasText: comment }).locator('time');
        moment = { text: await time.innerText(), iso: await time.getAttribute('datetime') };
        // The comments' first screen: the list's head, its dates, its badges.
        await commentsShot(page, `page-language-comments-${locale}-${width}.png`);
      }
      texts.push(await mainText(page));
    }
    const procedure = texts.join('\n');

    await page.goto(`${origin}/dashboard/`);
    await manage.click();
    await page.getByRole('heading', { name: 'Journal' }).waitFor();
    const organisation = await mainText(page);
    await shot('organisation');
    await page.context().close();
    return { procedures, procedure, organisation, moment };
  }

  it('a French page reads the same in an en-US browser as in a fr-FR one, dates in French', async () => {
    const french = await visit('fr-FR', 1280);
    const american = await visit('en-US', 1280);

    // Word for word: the procedures, the figures, the comments, the people and the journal.
    expect(american.procedures).toBe(french.procedures);
    expect(american.procedure).toBe(french.procedure);
    expect(american.organisation).toBe(french.organisation);

    // The known answer's moment as French writes it, «6 déc. 2026, 18:23»: never «12/6/2026,
    // 6:23:55 PM», the en-US browser's own way.
    expect(french.moment.iso).toBe(arrived.toISOString());
    const expected = new Intl.DateTimeFormat('fr-FR', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: timezoneId,
    }).format(arrived);
    expect(expected).toMatch(
      /^\d{1,2} (janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) \d{4}, 1[89]:23$/,
    );
    expect(american.moment.text).toBe(expected);
    expect(french.moment.text).toBe(expected);

    // Nothing of the en-US locale anywhere: no «1,234», «PM», «12/6/2026» nor «68.1%».
    for (const text of [american.procedures, american.procedure, american.organisation]) {
      expect(text).not.toMatch(/\d,\d{3}\b|\b[AP]M\b|\d{1,2}\/\d{1,2}\/\d{4}|\d\.\d\s?%/);
      // A percentage's sign never stands after a plain space, where a line may break.
      expect(text).not.toMatch(/\d %/);
    }
    // The pages do hold French figures: a decimal comma and a percentage.
    expect(french.procedure).toMatch(/\d,\d/);
    expect(french.procedure).toMatch(/\d[\u00a0\u202f]%/);
  });

  it('at 375 px, the comments and the procedures fit, and no «%» or «/ 10» starts a line', async () => {
    const page = await signedInPage(browser, origin, agent, {
      locale: 'en-US',
      timezoneId,
      viewport: { width: 375, height: 800 },
    });
    await page.getByRole('link', { name: 'Demande de passeport' }).waitFor();
    const problems = async () =>
      page.evaluate(() => {
        const found: string[] = [];
        if (document.documentElement.scrollWidth > innerWidth)
          found.push(`page ${document.documentElement.scrollWidth} px wide`);
        // A «%» or «/ 10» on another line than the figure before it.
        const walker = document.createTreeWalker(document.querySelector('main') as Node, 4);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (const match of text.matchAll(/\d[\s\u00a0\u202f]*(%|\/[\s\u00a0\u202f]*10\b)/g)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
            if (lines.size > 1) found.push(`«${match[0]}» broken in «${text}»`);
          }
        }
        return found;
      });
    expect(await problems()).toEqual([]);
    await page.screenshot({
      path: join(screenshotsDir, 'page-language-procedures-375.png'),
      fullPage: true,
    });
    await page.getByRole('link', { name: 'Demande de passeport' }).click();
    await page.getByRole('heading', { name: 'Indicateurs' }).waitFor();
    await page.locator('section[aria-labelledby="indicators"]').screenshot({
      path: join(screenshotsDir, 'page-language-indicators-375.png'),
    });
    for (const part of parts) {
      await openPart(page, part);
      await mainText(page);
      expect(await problems(), part).toEqual([]);
      if (part === 'Ce que disent les usagers')
        await commentsShot(page, 'page-language-comments-375.png');
    }
    await page.context().close();
  });
});
