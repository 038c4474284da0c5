import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate } from '../../dashboard/src/formats.ts';
import { testPasswordHash } from '../helpers.ts';
import {
  chromiumPath,
  expectNoAxeViolations,
  focusedElement,
  launchBrowser,
  password,
  type Stack,
  screenshotsDir,
  seedWithOwner,
  signedInPage,
  startStack,
  tabTo,
  watchConsole,
} from './browser.ts';

describe.skipIf(!chromiumPath)('the dashboard, in a real Chromium', () => {
  let browser: Browser;
  let stack: Stack;
  /** The dashboard needs a secure context for its `__Host-` cookie: HTTPS, or localhost. */
  let origin: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStack();
    origin = stack.dashboard;
    await seedWithOwner(stack, 400);
    const passwordHash = await testPasswordHash(password);
    const viewer = await stack.store.createUser({
      email: 'viewer@example.gouv.fr',
      passwordHash,
      isAdmin: false,
    });
    await stack.store.createUser({ email: 'admin@example.gouv.fr', passwordHash, isAdmin: true });
    await stack.store.setRole(viewer?.id as number, stack.procedure.key, 'viewer');
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  /**
   * Signed in at the procedure list: the first time for each person with the keyboard alone, as
   * the person would, then with that session again (no test here ends one).
   */
  async function logIn(
    who: string,
    width = 1280,
  ): Promise<{ page: Page; context: BrowserContext }> {
    const page = await signedInPage(browser, origin, `${who}@example.gouv.fr`, {
      viewport: { width, height: 900 },
      acceptDownloads: true,
    });
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith('/stats')) statsAsked.set(page, url.search);
    });
    return { page, context: page.context() };
  }

  async function shot(page: Page, name: string) {
    await page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true });
  }

  it('an owner finds the procedure, reads the figures, and they equal the API’s', async () => {
    const { page, context } = await logIn('owner');
    await expectNoAxeViolations(page, 'procedures');
    await shot(page, 'dashboard-desktop-procedures');

    await tabTo(page, 'Demande de passeport');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Indicateurs' }).waitFor();
    await expectNoAxeViolations(page, 'procedure');

    // The period, by keyboard: «12 derniers mois» is two steps down the list, then «Appliquer».
    await tabTo(page, /Période/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'Appliquer');
    await page.keyboard.press('Enter');
    await page.getByText('Sur la période').waitFor();
    // The README's picture (docs/dashboard.png): the top of «Synthèse», as a person lands on it.
    await page.mouse.move(0, 0);
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      scrollTo(0, 0);
    });
    await page.screenshot({ path: join(screenshotsDir, 'dashboard-synthese-1280.png') });
    await page.getByRole('button', { name: 'Appliquer' }).focus();
    const api = await (
      await context.request.get(
        `${origin}/api/v1/procedures/${stack.procedure.key}/stats?${await periodOf(page)}`,
      )
    ).json();
    expect(api.period.interval).toBe('month');

    await tabTo(page, 'Voir les données');
    await page.keyboard.press('Enter');
    const table = page.getByRole('table', { name: 'Données du graphique' });
    await table.waitFor();
    const lastRow = table.locator('tbody tr').last();
    const cells = await lastRow.locator('th, td').allTextContents();
    const point = api.series.at(-1);
    // The interval's first day, as French writes a date («1 déc. 2026»), not as the API sends it.
    expect(cells[0]).toBe(formatDate(point.start, 'fr'));
    expect(Number(cells[1]?.replace(/\s/g, ''))).toBe(point.answers);
    const tile = await page.locator('.tile').first().locator('.figure').textContent();
    expect(tile?.replace(/\s/g, '').replace(',', '.')).toBe(
      `${api.indicators.satisfaction.value}/10`,
    );
    // Each tile reads in JDMA's words, the same the API gives («Bien», «Optimal»…).
    for (const name of ['satisfaction', 'clarity', 'autonomy', 'reached', 'helpQuality']) {
      const { label, levelLabel } = api.indicators[name];
      const tile = page
        .locator('.tile')
        .filter({ has: page.getByRole('heading', { name: label }) });
      if (levelLabel)
        expect(await tile.locator('.fr-badge').first().textContent()).toBe(levelLabel);
      else expect(await tile.count()).toBe(1);
    }
    await expectNoAxeViolations(page, 'procedure with data table');
    await shot(page, 'dashboard-desktop-procedure');
    await context.close();
  });

  it('a period chosen after another shows its own figures, even when the older answer arrives last', async () => {
    const { page, context } = await logIn('owner');
    await page.getByRole('link', { name: 'Demande de passeport' }).click();
    await page.getByRole('heading', { name: 'Indicateurs' }).waitFor();

    // The stats of the first choice (12 months) are held back until those of the second
    // (3 months) are on screen: the slow answer to a choice the person has already replaced.
    let releaseFirst: () => void = () => {};
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let statsRequests = 0;
    await page.route('**/stats?*', async (route) => {
      statsRequests += 1;
      if (statsRequests === 1) await firstHeld;
      // Cancelled by the page meanwhile, the request can no longer be answered.
      await route.continue().catch(() => {});
    });
    const choose = async (option: string) => {
      await page.locator('#preset').selectOption({ label: option });
      await page.getByRole('button', { name: 'Appliquer' }).click();
    };
    await choose('12 derniers mois');
    await expect.poll(() => statsRequests).toBe(1);
    await choose('3 derniers mois');
    await expect.poll(() => statsRequests).toBe(2);
    const period = await periodOf(page);
    const newer = await (
      await context.request.get(
        `${origin}/api/v1/procedures/${stack.procedure.key}/stats?${period}`,
      )
    ).json();
    const sample = page
      .locator('.tile')
      .first()
      .getByText(/^sur \d+ avis/);
    await expect
      .poll(() => sample.textContent())
      .toMatch(`sur ${newer.indicators.satisfaction.sample} avis`);

    releaseFirst();
    // Time for the held answer to land, if it still could.
    await page.waitForTimeout(500);
    await page.unroute('**/stats?*');
    expect(await sample.textContent()).toMatch(`sur ${newer.indicators.satisfaction.sample} avis`);
    expect(await page.getByRole('alert').count()).toBe(0);
    await context.close();
  });

  it('a product owner in Papeete, when Paris has moved on to the next day, gets periods that end on Paris’s day', async () => {
    // 2026-03-10 at 06:00 in Paris (TZ_REPORT, where answers are counted) is still the 9th,
    // 19:00, in Papeete: the period must end on the 10th, or that morning’s answers go unseen.
    const page = await signedInPage(browser, origin, 'owner@example.gouv.fr', {
      viewport: { width: 1280, height: 900 },
      timezoneId: 'Pacific/Tahiti',
    });
    await page.clock.setFixedTime(new Date('2026-03-10T05:00:00Z'));
    const asked: URLSearchParams[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith('/stats')) asked.push(url.searchParams);
    });
    await page.goto(`${origin}/dashboard/procedures/${stack.procedure.key}`);
    await page.getByRole('heading', { name: 'Indicateurs' }).waitFor();
    await expect.poll(() => asked.length).toBeGreaterThan(0);
    expect(asked[0]?.get('to')).toBe('2026-03-10');
    expect(asked[0]?.get('from')).toBe('2026-02-09'); // 30 days
    // The period is still «the last 30 days», not a custom one ending yesterday.
    expect(await page.locator('#preset').inputValue()).toBe('30');
    const before = asked.length;
    await page.locator('#preset').selectOption({ label: '3 derniers mois' });
    await page.getByRole('button', { name: 'Appliquer' }).click();
    await expect.poll(() => asked.length).toBeGreaterThan(before);
    expect(asked.at(-1)?.get('to')).toBe('2026-03-10');
    expect(asked.at(-1)?.get('from')).toBe('2025-12-10'); // 91 days
    await page.context().close();
  });

  it('the table of channels gives the API’s figures per channel, flags the small samples, and passes axe at 1280 and 375 px', async () => {
    const channelNames = {
      counter: 'Au guichet',
      phone: 'Par téléphone',
      email: 'Par e-mail',
      chat: 'Par chat',
      unknown: 'Non précisé',
    } as const;
    type Channel = keyof typeof channelNames;
    const flags = new Set<boolean>();

    /** Every row of the table against the API's stats of the period on screen. */
    async function expectTableToShowApiFigures(page: Page, context: BrowserContext) {
      const api = await (
        await context.request.get(
          `${origin}/api/v1/procedures/${stack.procedure.key}/stats?${await periodOf(page)}`,
        )
      ).json();
      const table = page.getByRole('table', {
        name: 'Aide joignable et aide efficace, par canal',
      });
      const headers = await table.locator('thead th').allTextContents();
      expect(headers).toEqual(['Canal', 'Aide joignable', 'Aide efficace']);
      const rows = table.locator('tbody tr');
      const shown: string[] = [];
      for (let r = 0; r < (await rows.count()); r++) {
        const row = rows.nth(r);
        const name = (await row.locator('th[scope="row"]').textContent()) as string;
        shown.push(name);
        const channel = (Object.keys(channelNames) as Channel[]).find(
          (c) => channelNames[c] === name,
        ) as Channel;
        const cells = row.locator('td');
        for (const [column, indicator] of [
          [0, api.indicators.channels[channel].reached],
          [1, api.indicators.channels[channel].helpQuality],
        ] as const) {
          const cell = cells.nth(column);
          const value = (await cell.locator('.value').textContent())?.replace(/\s/g, '');
          const unit = indicator.unit === '%' ? '%' : '/10';
          expect(value, `${name} ${indicator.label}`).toBe(
            indicator.value === null
              ? '–'
              : // Spaces aside on both sides: «Pas bien» too (the page's spaces vary, no-break or not).
                `${String(indicator.value).replace('.', ',')}${unit}${indicator.levelLabel ?? ''}`.replace(
                  /\s/g,
                  '',
                ),
          );
          expect(await cell.getByText(/^sur \d+ réponses?$/).textContent()).toMatch(
            new RegExp(`^sur ${indicator.sample} réponses?$`),
          );
          // Drawn muted and said in words: colour is never the only cue.
          expect(await cell.getAttribute('class')).toBe(indicator.insufficient ? 'muted' : null);
          expect(await cell.getByText('Nombre d’avis insuffisant').count()).toBe(
            indicator.insufficient ? 1 : 0,
          );
          flags.add(indicator.insufficient);
        }
      }
      // The help tiles count channel answers too, and say so.
      for (const [title, indicator] of [
        ['Aide joignable', api.indicators.reached],
        ['Aide efficace', api.indicators.helpQuality],
      ] as const) {
        const tile = page
          .locator('.tile')
          .filter({ has: page.getByRole('heading', { name: title }) });
        await expect
          .poll(() => tile.getByText(/^sur \d+ réponses?/).textContent())
          .toMatch(new RegExp(`^sur ${indicator.sample} réponses?`));
      }
      // «Non précisé» only when answers in the earlier shape fall in the period.
      const unknown = api.indicators.channels.unknown;
      expect(shown).toEqual([
        'Au guichet',
        'Par téléphone',
        'Par e-mail',
        'Par chat',
        ...(unknown.reached.sample + unknown.helpQuality.sample > 0 ? ['Non précisé'] : []),
      ]);
      // The distribution, in «Réponses», gives each channel's yes and no, the same as the API.
      await openPart(page, 'Réponses');
      const distribution = page.getByRole('table', { name: 'Aide joignable, par canal' });
      const phone = await distribution
        .getByRole('row', { name: /^Par téléphone/ })
        .locator('td')
        .allTextContents();
      const { yes, no } = api.distribution.channels.phone.reached;
      expect(phone.map((n) => Number(n.replace(/\s/g, '')))).toEqual([yes, no]);
      await openPart(page, 'Synthèse');
      return shown;
    }

    // The flow at 1280 px; the figures are the same DOM at any width.
    const { page, context } = await logIn('owner', 1280);
    await page.getByRole('link', { name: 'Demande de passeport' }).click();
    await page.getByRole('heading', { name: 'Indicateurs' }).waitFor();
    // The last 30 days: every answer in the per-channel shape, few answers per channel.
    expect(await expectTableToShowApiFigures(page, context)).not.toContain('Non précisé');
    await page.locator('#preset').selectOption({ label: '12 derniers mois' });
    await page.getByRole('button', { name: 'Appliquer' }).click();
    await page
      .getByRole('row', { name: /^Non précisé/ })
      .first()
      .waitFor();
    expect(await expectTableToShowApiFigures(page, context)).toContain('Non précisé');
    // The layout at both widths, on this same page: axe, the bars, the screenshots.
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await expectNoAxeViolations(page, `procedure, channels table at ${width} px`);
      const section = page.locator('section[aria-labelledby="indicators"]');
      await section.screenshot({ path: join(screenshotsDir, `dashboard-channels-${width}.png`) });
      await openPart(page, 'Réponses');
      await expectNoAxeViolations(page, `procedure, distributions at ${width} px`);
      // A bar is as long as its share (the header's .bar padding once made 4 % look like 50 %).
      const bars = page
        .getByRole('table', { name: 'Satisfaction usager' })
        .locator('tbody tr')
        .evaluateAll((rows) =>
          rows.map((row) => {
            const bar = row.querySelector('[aria-hidden="true"]') as HTMLElement;
            const share = Number(
              row.lastElementChild?.textContent?.replace(/[^\d,]/g, '').replace(',', '.'),
            );
            return Math.abs(bar.getBoundingClientRect().width - (share / 100) * 96);
          }),
        );
      for (const gap of await bars) expect(gap, `${width} px`).toBeLessThan(1);
      await page
        .locator('#tab-panel')
        .screenshot({ path: join(screenshotsDir, `dashboard-distribution-${width}.png`) });
      await openPart(page, 'Synthèse');
    }
    await context.close();
    // The figures checked include flagged and unflagged ones.
    expect([...flags].sort()).toEqual([false, true]);
  });

  it('at 320 px, every part of the procedure page reflows without a horizontal scroll (RGAA 10.11)', async () => {
    const { page, context } = await logIn('owner', 320);
    await page.getByRole('link', { name: 'Demande de passeport' }).click();
    await page.getByRole('heading', { name: 'Indicateurs' }).waitFor();
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    for (const part of [
      'Synthèse',
      'Réponses',
      'Ce que disent les usagers',
      'Publication',
      'Questionnaire',
      'Intégration',
      'Accès',
    ]) {
      await openPart(page, part);
      // Every section drawn, the ones drawn when scrolled to included.
      await page.keyboard.press('End');
      await page.waitForLoadState('networkidle');
      await expect.poll(overflow, { message: part }).toBeLessThanOrEqual(0);
    }
    await context.close();
  });

  /**
   * The period the page shows: the address says it once one is chosen (it is replaced at once);
   * the default one, the stats the page last asked for.
   */
  async function periodOf(page: Page): Promise<string> {
    let params = new URL(page.url()).searchParams;
    if (!params.get('from')) params = new URLSearchParams(statsAsked.get(page));
    return `from=${params.get('from')}&to=${params.get('to')}`;
  }
  const statsAsked = new WeakMap<Page, string>();

  /** Opens a part of the procedure's page from its side menu, and waits for its heading. */
  async function openPart(page: Page, name: string) {
    const menu = page.getByRole('navigation', { name: 'Parties de la démarche' });
    const toggle = menu.getByRole('button', { name: 'Parties de la démarche' });
    if (await toggle.isVisible()) await toggle.click();
    await menu.getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 2, name }).waitFor();
  }

  it('an owner searches comments, deletes one, and exports the CSV, with the keyboard alone', async () => {
    const { page, context } = await logIn('owner', 375);
    await tabTo(page, 'Demande de passeport');
    await page.keyboard.press('Enter');
    // «Ce que disent les usagers», from the side menu folded behind its button on a phone.
    await tabTo(page, 'Parties de la démarche');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Ce que disent les usagers');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Avis et commentaires' }).waitFor();
    await shot(page, 'dashboard-phone-procedure');

    await tabTo(page, 'Rechercher dans les commentaires');
    await page.keyboard.type('demarche');
    await page.keyboard.press('Enter');
    const comments = page.locator('.answer .comment');
    await expect
      .poll(async () => (await comments.allTextContents()).every((text) => /démarche/i.test(text)))
      .toBe(true);
    expect(await comments.count()).toBeGreaterThan(0);

    const count = await comments.count();
    page.once('dialog', (dialog) => dialog.accept());
    await tabTo(page, 'Supprimer');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Avis supprimé.' }).count())
      .toBe(1);
    expect(await comments.count()).toBe(count - 1);

    await tabTo(page, 'Exporter en CSV', 'Shift+Tab');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.keyboard.press('Enter'),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFFIdentifiant;Reçu le;')).toBe(true);
    await context.close();
  });

  it('the log-in page loads no chart code and logs no error; a procedure’s page draws its chart', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    // chart.js, whatever the file it is in: the name of its default easing.
    const scripts: Promise<string>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(response.text());
    });
    const chartLoaded = async () =>
      (await Promise.all(scripts)).some((code) => code.includes('easeOutQuart'));
    const problems = watchConsole(page);
    await page.goto(`${origin}/dashboard/`);
    await page.getByRole('heading', { name: 'Se connecter' }).waitFor();
    await shot(page, 'dashboard-phone-login');
    // Nobody is signed in without a session cookie: the page does not ask (a 401, logged).
    expect(requested).not.toContain('/api/v1/me');
    // The rule for a new password is not said where one types the password one has.
    expect(await page.getByLabel('Mot de passe', { exact: true }).count()).toBe(1);
    expect(await page.getByText('12 caractères').count()).toBe(0);
    await page.getByLabel('Adresse e-mail').fill('owner@example.gouv.fr');
    await page.getByLabel(/Mot de passe/).fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Démarches' }).waitFor();
    expect(await chartLoaded()).toBe(false);
    expect(problems).toEqual([]);

    await page.getByRole('link', { name: 'Demande de passeport' }).click();
    await page.getByRole('heading', { name: 'Indicateurs' }).waitFor();
    // On a phone the chart is below the tiles: chart.js runs once it is scrolled to.
    expect(await chartLoaded()).toBe(false);
    await page.locator('.chart canvas').scrollIntoViewIfNeeded();
    // Drawn: the canvas has coloured pixels (bars in #cacafb, the line in #000091).
    await expect
      .poll(() =>
        page.locator('.chart canvas').evaluate((canvas: HTMLCanvasElement) => {
          // Read from a copy: reading the chart's own canvas again and again earns a warning.
          const copy = document.createElement('canvas');
          copy.width = canvas.width;
          copy.height = canvas.height;
          const context = copy.getContext('2d', {
            willReadFrequently: true,
          }) as CanvasRenderingContext2D;
          context.drawImage(canvas, 0, 0);
          const { data } = context.getImageData(0, 0, copy.width, copy.height);
          let coloured = 0;
          for (let i = 0; i < data.length; i += 4) if ((data[i + 3] as number) > 0) coloured++;
          return coloured;
        }),
      )
      .toBeGreaterThan(1000);
    expect(await chartLoaded()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a viewer reads but can neither delete nor export', async () => {
    const { page, context } = await logIn('viewer');
    await page.getByRole('link', { name: 'Demande de passeport' }).click();
    await openPart(page, 'Ce que disent les usagers');
    await page.getByRole('heading', { name: 'Avis et commentaires' }).waitFor();
    await page.locator('.answer').first().waitFor();
    expect(await page.getByRole('button', { name: 'Supprimer' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Exporter en CSV' }).count()).toBe(0);
    const id = await (
      await context.request.get(
        `${origin}/api/v1/procedures/${stack.procedure.key}/feedback?limit=1`,
      )
    ).json();
    const refused = await context.request.delete(
      `${origin}/api/v1/procedures/${stack.procedure.key}/feedback/${id.items[0].id}`,
      {
        headers: { origin },
      },
    );
    expect(refused.status()).toBe(403);
    await context.close();
  });

  it('the first-start setup page passes axe, is filled with the keyboard, and says why it refuses', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Accounts exist already and this token is not the one printed at start: a refusal.
    await page.goto(`${origin}/dashboard/setup#not-the-printed-token`);
    await page.getByRole('heading', { name: 'Créer le premier compte administrateur' }).waitFor();
    await expectNoAxeViolations(page, 'setup');
    expect(await page.getByLabel(/Mot de passe/).getAttribute('autocomplete')).toBe('new-password');
    await page.getByText('12 caractères au moins').waitFor();
    // The default organisation is named here, or the public pages name none.
    expect(await page.getByLabel(/Nom de votre organisation/).getAttribute('name')).toBe(
      'organisationName',
    );
    await tabTo(page, 'Adresse e-mail');
    await page.keyboard.type('first@example.gouv.fr');
    await page.keyboard.press('Tab');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    // Said in the page's language first; the server's own words follow, marked as English.
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Cela existe déjà');
    expect(await page.getByRole('alert').locator('[lang="en"]').textContent()).toMatch(
      /exists already/,
    );
    await expectNoAxeViolations(page, 'setup, refused');
    expect(await stack.store.findUserByEmail('first@example.gouv.fr')).toBeUndefined();
    await context.close();
  });

  it('an admin’s pages pass axe, and the login page too', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/dashboard/`);
    await page.getByRole('heading', { name: 'Se connecter' }).waitFor();
    await expectNoAxeViolations(page, 'login');
    await context.close();

    const admin = await logIn('admin');
    await admin.page.getByRole('link', { name: 'Administration' }).click();
    await admin.page.getByRole('heading', { name: 'Journal des actions' }).waitFor();
    await expectNoAxeViolations(admin.page, 'administration');
    // A new page moves focus to its content, as a page load would for a screen reader.
    expect(await focusedElement(admin.page)).toMatchObject({ tag: 'main' });
    // Promote the viewer to owner from the form of its row (then put things back).
    const row = admin.page.getByRole('row', { name: /viewer@example\.gouv\.fr/ });
    await row.getByRole('combobox', { name: /Rôle/ }).selectOption('owner');
    await row.getByRole('button', { name: 'Enregistrer' }).click();
    await expect
      .poll(
        async () =>
          (await stack.store.findUserByEmail('viewer@example.gouv.fr'))?.roles[stack.procedure.key],
      )
      .toBe('owner');
    await stack.store.setRole(
      (await stack.store.findUserByEmail('viewer@example.gouv.fr'))?.id as number,
      stack.procedure.key,
      'viewer',
    );
    await admin.context.close();
  });
});
