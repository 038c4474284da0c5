import { describe, expect, it } from 'vitest';
import { unsubscribeSigner } from '../../server/src/features/mail/unsubscribe.ts';
import { adminApiKey } from '../fixtures/admin-api-key.ts';
import { checkHtml, javaAvailable } from '../fixtures/html-validator.ts';
import { startTestApp } from '../helpers.ts';

const state = { OPERATOR_NAME: 'Ministère de l’Intérieur', OPERATOR_KIND: 'state' };
const mailSecret = 'm'.repeat(32);

/**
 * Every page a person sees, as this deployment serves it: dashboard, questionnaire, results, and
 * the page a digest's «Se désabonner» link opens.
 */
async function pagesOf(env: Record<string, string>) {
  const t = await startTestApp({ MAIL_SECRET: mailSecret, ...env });
  const key = await adminApiKey(t.store);
  const [admin] = await t.store.listUsers();
  if (!admin) throw new Error('no administrator');
  const unsubscribe = new URL(unsubscribeSigner(mailSecret).link('http://x', admin, 'digest'));
  const published = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/procedures/${t.procedure.key}`,
    headers: { authorization: `Bearer ${key}` },
    payload: { public: true },
  });
  expect(published.statusCode).toBe(200);
  const urls = {
    'log-in page': '/dashboard/',
    'a procedure’s dashboard page': '/dashboard/procedures/abc',
    questionnaire: `/p/${t.procedure.key}`,
    'thank-you page': `/p/${t.procedure.key}/merci`,
    'results list': '/resultats',
    'a procedure’s results': `/resultats/${t.procedure.key}`,
    'results in English': `/resultats/${t.procedure.key}?lang=en`,
    'unsubscribe page': `/desabonnement${unsubscribe.search}`,
  };
  const pages: Record<string, string> = {};
  for (const [name, url] of Object.entries(urls)) {
    const cookie = url.startsWith('/dashboard/procedures/') ? '__Host-session=whoever' : '';
    const response = await t.app.inject({ url, headers: { cookie } });
    expect(response.statusCode, name).toBe(200);
    pages[name] = response.body;
  }
  return { ...t, pages };
}

/** The header alone: the page's `<header>`, which comes before its `<main>` or app. */
const headerOf = (page: string) =>
  /<header class="fr-header">[\s\S]*?<\/header>/.exec(page)?.[0] ?? '';

describe('the service’s header', () => {
  it('shows the State’s brand block, «République française», and the ministry’s name when the State runs the service', async () => {
    const { app, pages } = await pagesOf(state);
    for (const [name, page] of Object.entries(pages)) {
      const header = headerOf(page);
      expect(header, name).toContain('<p class="fr-logo">République<br>française</p>');
      expect(header, name).toContain('<p class="fr-header__service-title">Je donne mon avis</p>');
      expect(header, name).toContain(
        '<p class="fr-header__service-tagline">Ministère de l’Intérieur</p>',
      );
      // Before the page's content, so that it is the page's banner.
      expect(page.indexOf(header), name).toBeLessThan(
        Math.max(page.indexOf('<main'), page.indexOf('<div id="app"')),
      );
      // The Marianne and the motto are drawn by the DSFR's logo rules, which the page links.
      const logo = /<link rel="stylesheet" href="(\/logo\.\w+\.css)">/.exec(page)?.[1];
      expect(logo, name).toBeDefined();
      const css = await app.inject({ url: logo as string });
      expect(css.statusCode).toBe(200);
      expect(css.headers['content-type']).toMatch(/^text\/css/);
      expect(css.body).toContain('.fr-logo:before');
    }
  });

  it('never shows the State’s brand block without OPERATOR_NAME, nor for an operator that is not the State', async () => {
    for (const env of [
      {} as Record<string, string>,
      { OPERATOR_NAME: 'Ville de Lyon' },
      { OPERATOR_NAME: 'Ville de Lyon', OPERATOR_KIND: 'other' },
    ]) {
      const { pages } = await pagesOf(env);
      for (const [name, page] of Object.entries(pages)) {
        const header = headerOf(page);
        expect(header, name).toContain('<p class="fr-header__service-title">Je donne mon avis</p>');
        expect(page, name).not.toContain('fr-logo');
        expect(page, name).not.toMatch(/République/i);
        expect(page, name).not.toMatch(/\/logo\.\w+\.css/);
        if ('OPERATOR_NAME' in env)
          expect(header, name).toContain('<p class="fr-header__service-tagline">Ville de Lyon</p>');
        else expect(header, name).not.toContain('fr-header__service-tagline');
      }
    }
  });

  it('leads from the service’s name to each part’s home, but not away from a questionnaire', async () => {
    const { pages } = await pagesOf(state);
    expect(headerOf(pages['log-in page'] as string)).toContain('<a href="/dashboard/"');
    expect(headerOf(pages['results in English'] as string)).toContain(
      '<a href="/resultats?lang=en"',
    );
    expect(headerOf(pages.questionnaire as string)).not.toContain('<a ');
    // The mails go to the dashboard's users: their unsubscribe page leads back to it.
    expect(headerOf(pages['unsubscribe page'] as string)).toContain('<a href="/dashboard/"');
    // Styled as the hosted questionnaire is, header included.
    expect(pages['unsubscribe page']).toMatch(/<link rel="stylesheet" href="\/page\.\w+\.css">/);
    // The other languages of a results page sit in the header, marked as such.
    expect(headerOf(pages['results in English'] as string)).toMatch(
      /<div class="fr-header__tools-links"><nav aria-label="Language"><ul><li><a href="[^"]*" lang="fr"/,
    );
  });

  it.skipIf(!javaAvailable)(
    'keeps the pages valid HTML for the W3C checker, with and without the brand block',
    async () => {
      const withState = (await pagesOf(state)).pages;
      const neutral = (await pagesOf({ OPERATOR_NAME: 'Ville de Lyon' })).pages;
      const documents: Record<string, string> = {};
      for (const name of [
        'questionnaire',
        'a procedure’s results',
        'log-in page',
        'unsubscribe page',
      ]) {
        documents[`State: ${name}`] = withState[name] as string;
        documents[`neutral: ${name}`] = neutral[name] as string;
      }
      const report = checkHtml(documents);
      for (const name of Object.keys(documents)) expect(report[name], name).toEqual([]);
    },
    120_000,
  );
});
