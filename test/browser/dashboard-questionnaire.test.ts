import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportDay } from '../../common/calendar-days.ts';
import { labels } from '../../common/questionnaire-words.ts';
import {
  chromiumPath,
  expectNoAxeViolations,
  focusedElement,
  launchBrowser,
  logInByKeyboard,
  type Stack,
  screenshotsDir,
  seedWithOwner,
  startStack,
  tabTo,
  watchConsole,
} from './browser.ts';

/** Issue 27: «Questionnaire», where an owner sets the steps and sentences and publishes a version. */
describe.skipIf(!chromiumPath)('«Questionnaire» in the dashboard, in a real Chromium', () => {
  let browser: Browser;
  let stack: Stack;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
    await seedWithOwner(stack, 20);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('an owner unticks a step, writes the sentences, sees the preview follow, and publishes version 2 with the keyboard alone', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchConsole(page);
    await logInByKeyboard(page, stack.dashboard, 'owner@example.gouv.fr');
    await page.goto(`${stack.dashboard}/dashboard/procedures/${stack.procedure.key}/questionnaire`);
    await page.getByRole('heading', { level: 2, name: 'Questionnaire' }).waitFor();
    const versions = page.getByRole('table', { name: 'Versions publiées' });
    await versions.waitFor();
    expect(await versions.getByRole('row').count()).toBe(2); // the header, version 1
    await expectNoAxeViolations(page, 'questionnaire, version 1');

    const preview = page.getByRole('region', { name: 'Aperçu' });
    // The preview says the widget's own words (common/questionnaire-words.ts).
    const clarityInWidget = labels.fr.clarity;
    expect(await preview.getByText(clarityInWidget).count()).toBe(1);
    await tabTo(page, 'La clarté des informations et des instructions');
    await page.keyboard.press('Space');
    expect(await preview.getByText(clarityInWidget).count()).toBe(0);

    await tabTo(page, /^Phrase d’accueil/);
    await page.keyboard.type('Deux minutes suffisent.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Votre avis est lu par l’équipe.');
    expect(await preview.getByText('Deux minutes suffisent.').count()).toBe(1);
    expect(await preview.getByText('Votre avis est lu par l’équipe.').count()).toBe(1);
    // The translations, in a disclosure opened from the keyboard.
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toMatchObject({ tag: 'summary' });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Two minutes are enough.');
    // The preview's language: one radio group, arrows move the choice.
    await tabTo(page, 'Français');
    await page.keyboard.press('ArrowRight');
    expect(await preview.getByText('Two minutes are enough.').count()).toBe(1);
    expect(await preview.getByText('Your answers are anonymous.').count()).toBe(1);
    await expectNoAxeViolations(page, 'questionnaire, a draft with its translations');

    await tabTo(page, 'Publier la version 2');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Version 2 publiée.' }).waitFor();
    await page.getByRole('button', { name: 'Publier la version 3' }).waitFor();
    const newest = versions.getByRole('row').nth(1);
    expect(await newest.textContent()).toContain('2 (en cours)');
    expect(await newest.textContent()).toContain('owner@example.gouv.fr');
    expect(await newest.textContent()).toContain('aide, commentaire');
    expect(await stack.store.publishedQuestionnaire(stack.procedure.key)).toMatchObject({
      number: 2,
      questions: ['help', 'comment'],
      intro: { fr: 'Deux minutes suffisent.', en: 'Two minutes are enough.' },
      thanks: { fr: 'Votre avis est lu par l’équipe.' },
      publishedBy: 'owner@example.gouv.fr',
    });
    await expectNoAxeViolations(page, 'questionnaire, version 2 published');
    await page.screenshot({
      path: `${screenshotsDir}/dashboard-questionnaire-1280.png`,
      fullPage: true,
    });

    // A phone, and 320 px (1280 px at 400 % zoom): nothing scrolls sideways but the table's box.
    for (const width of [375, 320]) {
      await page.setViewportSize({ width, height: 800 });
      await page.reload();
      await versions.waitFor();
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ),
      ).toBeLessThanOrEqual(0);
      await expectNoAxeViolations(page, `questionnaire at ${width} px`);
      await page.screenshot({
        path: `${screenshotsDir}/dashboard-questionnaire-${width}.png`,
        fullPage: true,
      });
    }

    // Answers given under version 2: «Synthèse» says the period spans versions.
    const day = reportDay(new Date(), 'Europe/Paris');
    await stack.store.saveSubmissions(
      Array.from({ length: 3 }, () => ({
        id: crypto.randomUUID(),
        procedureKey: stack.procedure.key,
        answer: { satisfaction: 'good' as const },
        receivedAt: new Date(),
        day,
      })),
    );
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${stack.dashboard}/dashboard/procedures/${stack.procedure.key}`);
    const notice = page.getByText(/^Cette période couvre les versions 1 et 2 du questionnaire/);
    await notice.waitFor();
    expect(
      await page
        .getByText(/^la clarté \(«\u202fSimplicité du langage\u202f»\) a été demandée à/)
        .count(),
    ).toBe(1);
    await expectNoAxeViolations(page, 'summary spanning two versions');
    await notice
      .locator('..')
      .screenshot({ path: `${screenshotsDir}/dashboard-versions-spanned.png` });
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
