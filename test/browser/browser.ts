import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { expect } from 'vitest';
import { buildApp } from '../../server/src/app.ts';
import { parseConfig } from '../../server/src/config.ts';
import { seedAnswers } from '../../server/src/features/answers/seed.ts';
import { readWidgetManifest, type WidgetManifest } from '../../server/src/pages/widget-manifest.ts';
import type { User } from '../../server/src/store/accounts.ts';
import type { Procedure } from '../../server/src/store/procedures.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/src/store/store.ts';
import { unusedPort } from '../fixtures/unused-port.ts';
import { testPasswordHash, widgetDir } from '../helpers.ts';

/**
 * Browser tests run in Debian's Chromium (never a downloaded one): CHROME_PATH, or the usual
 * install paths. Without one they are skipped loudly, except under REQUIRE_BROWSER=1 (CI), where
 * a missing browser is a failure.
 */
export const chromiumPath = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].find((path): path is string => path !== undefined && path !== '' && existsSync(path));

if (!chromiumPath) {
  const message =
    'No Chromium found (set CHROME_PATH, or apt-get install chromium): browser tests are SKIPPED.';
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(message);
  console.warn(`\n${'!'.repeat(80)}\n${message}\n${'!'.repeat(80)}\n`);
}

export const screenshotsDir = resolve('test-results/screenshots');

/** The API at http://avis.test:PORT and the administration's site at http://procedure.test:PORT. */
export const apiHost = 'avis.test';
export const siteHost = 'procedure.test';

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(screenshotsDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      // Two origins on one machine, without touching /etc/hosts.
      `--host-resolver-rules=MAP ${apiHost} 127.0.0.1, MAP ${siteHost} 127.0.0.1`,
    ],
  });
  // Fail a step in seconds with Playwright's own message, well before the test's time-out.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(5000);
    return context;
  };
  return browser;
}

export type Stack = {
  store: Store;
  databasePath: string;
  procedure: Procedure;
  api: string;
  /** The API on localhost: the secure context the dashboard's `__Host-` cookies need. */
  dashboard: string;
  site: string;
  manifest: WidgetManifest;
  /** Serves an HTML page of the administration's site, with its own CSP. */
  sitePage: (path: string, body: string, csp?: string) => string;
  close: () => Promise<void>;
};

/**
 * The real server listening on a port, a procedure, and a second origin for host pages; `env`:
 * more configuration (the operator, for the header).
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'avis-browser-'));
  // Links the service writes (the results link) come from PORT: http://localhost:PORT.
  const port = await unusedPort();
  const config = parseConfig({
    DATABASE_PATH: join(dir, 'avis.sqlite'),
    LOG_LEVEL: 'silent',
    PORT: String(port),
    ...env,
  });
  const store = openSqliteStore({ path: config.databasePath });
  const app = await buildApp({ config, store, widgetDir });
  await app.listen({ port, host: '127.0.0.1' });
  const api = `http://${apiHost}:${port}`;

  const pages = new Map<string, { body: string; csp: string | undefined }>();
  const site: Server = createServer((request, response) => {
    const page = pages.get(request.url?.split('?')[0] ?? '');
    if (request.url === '/favicon.ico') return response.writeHead(204).end();
    if (request.url === '/hostile.css') {
      response.writeHead(200, { 'content-type': 'text/css' });
      return response.end(
        '* { all: unset !important } button { display: none !important } div { font-size: 40px; color: red }',
      );
    }
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      ...(page.csp && { 'content-security-policy': page.csp }),
    });
    response.end(page.body);
  });
  await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
  const siteOrigin = `http://${siteHost}:${(site.address() as AddressInfo).port}`;

  const procedure = await store.createProcedure({
    name: 'Demande de passeport',
    allowedOrigins: [siteOrigin],
  });
  const manifest = readWidgetManifest(widgetDir);
  if (!manifest) throw new Error('the widget is not built');

  return {
    store,
    databasePath: config.databasePath,
    procedure,
    api,
    dashboard: `http://localhost:${port}`,
    site: siteOrigin,
    manifest,
    sitePage: (path, body, csp) => {
      pages.set(path, { body, csp });
      return `${siteOrigin}${path}`;
    },
    close: async () => {
      await new Promise((done) => site.close(done));
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The password of the people the dashboard's tests make. */
export const password = 'une phrase de passe solide';

/**
 * `days` days of answers up to today (12 a day) on the stack's procedure, and its owner,
 * owner@example.gouv.fr, who logs in with `password`.
 */
export async function seedWithOwner(stack: Stack, days: number): Promise<User> {
  await seedAnswers(stack.store, {
    procedures: [{ procedureKey: stack.procedure.key, perDay: 12, quality: 0.6 }],
    days,
    end: new Date(),
    timeZone: 'Europe/Paris',
  });
  const owner = await stack.store.createUser({
    email: 'owner@example.gouv.fr',
    passwordHash: await testPasswordHash(password),
    isAdmin: false,
  });
  if (!owner) throw new Error('owner@example.gouv.fr exists already');
  await stack.store.setRole(owner.id, stack.procedure.key, 'owner');
  return owner;
}

/** Logs in from the dashboard's log-in page with the keyboard alone, as the person would. */
export async function logInByKeyboard(
  page: Page,
  origin: string,
  email: string,
  secret = password,
): Promise<void> {
  await page.goto(`${origin}/dashboard/`);
  await page.getByRole('heading', { name: 'Se connecter' }).waitFor();
  await tabTo(page, 'Adresse e-mail');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(secret);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Démarches' }).waitFor();
}

/** A signed-in session's cookies and storage, as a new context takes them. */
type Session = Awaited<ReturnType<BrowserContext['storageState']>>;
const sessions = new Map<string, Session>();

/**
 * A page of a new context in which `email` is signed in, at the procedure list. The first one a
 * suite asks for someone logs in with the keyboard (logInByKeyboard); the next ones reuse that
 * session, instead of paying the log-in in every test (so no test may end that session: one that
 * logs out or changes the password logs in by itself). `watch` sees the page before its first
 * navigation, to listen to its console or requests from the start.
 */
export async function signedInPage(
  browser: Browser,
  origin: string,
  email: string,
  options: BrowserContextOptions = {},
  watch: (page: Page) => void = () => {},
): Promise<Page> {
  const key = `${origin} ${email}`;
  const session = sessions.get(key);
  const context = await browser.newContext({
    ...options,
    ...(session && { storageState: session }),
  });
  const page = await context.newPage();
  watch(page);
  if (session) {
    await page.goto(`${origin}/dashboard/`);
    await page.getByRole('heading', { name: 'Démarches' }).waitFor();
  } else {
    await logInByKeyboard(page, origin, email);
    sessions.set(key, await context.storageState());
  }
  return page;
}

/**
 * A page of the administration's site embedding the widget as docs/design.md §3 tells webmasters
 * to.
 */
export function embeddingPage(
  stack: Stack,
  attributes: Record<string, string> = {},
  { lang = 'fr', before = '', head = '' } = {},
): string {
  const data = Object.entries({ procedure: stack.procedure.key, ...attributes })
    .map(([name, value]) => ` data-${name}="${value}"`)
    .join('');
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Votre demande a bien été envoyée</title>${head}</head>
<body><main><h1>Votre demande a bien été envoyée</h1>${before}
<script src="${stack.api}/${stack.manifest.file}" integrity="${stack.manifest.integrity}" crossorigin="anonymous" defer${data}></script>
</main></body></html>`;
}

/** Console errors, warnings, page errors and CSP violations, as a list to assert empty. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    // Cross-Origin-Opener-Policy needs HTTPS; the tests' origins are plain HTTP, production's not.
    if (/Cross-Origin-Opener-Policy header has been ignored/.test(message.text())) return;
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

/** axe-core on the page, shadow roots included, with the WCAG 2.2 AA rule sets. */
export async function expectNoAxeViolations(page: Page, context: string): Promise<void> {
  // Contrast is judged on the settled page, not halfway through the dialog's fade-in.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const violations = results.violations.map(
    (v) => `${context}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(violations).toEqual([]);
}

/**
 * Presses Tab until the focused element (inside the widget's shadow root too) has this accessible
 * text: the way a keyboard user moves, without counting tab stops in the test.
 */
export async function tabTo(page: Page, text: string | RegExp, key = 'Tab'): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(key);
    const focused = await page.evaluate(() => {
      let element = document.activeElement;
      while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
      // What a screen reader would name it: its label, or a button's own text.
      const labels = (element as HTMLInputElement | null)?.labels;
      if (labels?.length) return labels[0]?.textContent ?? '';
      return element?.tagName === 'BUTTON' || element?.tagName === 'A'
        ? (element.textContent ?? '')
        : '';
    });
    if (typeof text === 'string' ? focused.includes(text) : text.test(focused)) return;
  }
  throw new Error(`Tab never reached "${text}"`);
}

/** The deepest focused element's description, for assertions. */
export function focusedElement(page: Page) {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    // French typography puts a no-break space before «?», «!» and «:»; compare plain spaces.
    const text = element?.textContent?.replace(/\u00a0/g, ' ').trim() ?? '';
    return { tag: element?.tagName.toLowerCase(), text };
  });
}
