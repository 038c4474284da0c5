import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type RunnerResult } from 'lighthouse';
import { hashPassword } from '../../server/src/auth/passwords.ts';
import { seedAnswers } from '../../server/src/features/answers/seed.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import { startServerProcess } from '../../test/fixtures/server-process.ts';

const email = 'po@example.gouv.fr';
const password = 'une phrase de passe solide';
const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/**
 * Lighthouse (the devDependency's version, its default mobile settings: simulated slow 4G and a
 * 4× slower CPU) on the pages people open first: the dashboard's log-in page, a procedure's
 * page logged in (a year of answers, so the chart has something to draw), the hosted
 * questionnaire /p/{key}, and the public results /resultats and /resultats/{key}. The built server runs as in production (`node dist/server.js`), in
 * Debian's Chromium (CHROME_PATH). Two runs a page (--quick: one): the simulation multiplies the
 * CPU time it observes by 4, so a machine busy with other work lowers the scores, and the table
 * says how busy this one was. A run that fails to record its trace is run again, as Lighthouse
 * asks.
 *
 * The procedure page is logged in by a session cookie passed in Lighthouse's `extraHeaders`:
 * Lighthouse resets the browser's storage before each run, which would drop a cookie the browser
 * got by logging in, while the header is sent with every request of the run.
 */
export default async function benchLighthouse(quick: boolean): Promise<string> {
  const chromePath = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
    .filter((path): path is string => Boolean(path))
    .find(existsSync);
  if (!chromePath) return 'no Chromium (set CHROME_PATH)';
  const load = () => (loadavg()[0] as number).toFixed(1);
  const loadAtStart = load();
  const dir = mkdtempSync(join(tmpdir(), 'avis-bench-lighthouse-'));
  const databasePath = join(dir, 'avis.sqlite');
  const store = openSqliteStore({ path: databasePath });
  const { key } = await store.createProcedure({
    name: 'Demande de passeport',
    allowedOrigins: [],
  });
  await seedAnswers(store, {
    procedures: [{ procedureKey: key, perDay: 12, quality: 0.6 }],
    days: 400,
    end: new Date(),
    timeZone: 'Europe/Paris',
  });
  await store.createUser({ email, passwordHash: await hashPassword(password), isAdmin: true });
  // Published, for the public results pages (docs/design.md §10).
  await store.updateProcedure(key, { public: true });
  await store.close();

  const { child, url } = await startServerProcess({ DATABASE_PATH: databasePath });
  // localhost: a secure context, as the dashboard's `__Host-` cookie needs without TLS.
  const origin = url.replace('127.0.0.1', 'localhost');
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const login = await fetch(`${url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const cookie = /^[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
    if (!login.ok || !cookie) throw new Error(`log-in failed: ${login.status}`);

    const pages = [
      { name: 'log-in `/dashboard/`', path: '/dashboard/' },
      {
        name: 'procedure `/dashboard/procedures/{key}`',
        path: `/dashboard/procedures/${key}`,
        headers: { cookie },
      },
      { name: 'questionnaire `/p/{key}`', path: `/p/${key}` },
      { name: 'public results `/resultats`', path: '/resultats' },
      { name: 'public results `/resultats/{key}`', path: `/resultats/${key}` },
    ];
    const lines = [
      '| page | run | performance | accessibility | best practices | SEO | FCP (s) | LCP (s) | TBT (ms) |',
      '|---|---|---|---|---|---|---|---|---|',
    ];
    const findings: string[] = [];
    for (const page of pages) {
      for (const run of quick ? [1] : [1, 2]) {
        // "Something went wrong with recording the trace… run Lighthouse again": so it is, twice.
        let result: RunnerResult | undefined;
        for (let attempt = 0; attempt < 3 && !result; attempt++) {
          result = await lighthouse(`${origin}${page.path}`, {
            port: chrome.port,
            output: 'json',
            logLevel: 'error',
            onlyCategories: [...categories],
            ...(page.headers && { extraHeaders: page.headers }),
          });
          if (result?.lhr.runtimeError) result = undefined;
        }
        if (!result) throw new Error(`no Lighthouse result for ${page.path}`);
        const { categories: scores, audits } = result.lhr;
        const score = (id: string) => Math.round((scores[id]?.score ?? 0) * 100);
        const seconds = (id: string) => ((audits[id]?.numericValue ?? 0) / 1000).toFixed(1);
        lines.push(
          `| ${page.name} | ${run} | ${categories.map(score).join(' | ')} | ${seconds('first-contentful-paint')} | ${seconds('largest-contentful-paint')} | ${Math.round(audits['total-blocking-time']?.numericValue ?? 0)} |`,
        );
        // What costs points: every weighted audit that did not pass, to know where to look next.
        const lost = Object.values(scores).flatMap((category) =>
          category.auditRefs
            .filter((ref) => ref.weight > 0 && (audits[ref.id]?.score ?? 1) < 0.9)
            .map((ref) => `${ref.id} (${audits[ref.id]?.displayValue ?? audits[ref.id]?.score})`),
        );
        if (lost.length > 0) findings.push(`- ${page.name}, run ${run}: ${lost.join(', ')}`);
      }
    }
    return [
      ...lines,
      '',
      `Chromium ${await chromeVersion(chrome.port)}; ${availableParallelism()} CPUs, load average (1 min) ${loadAtStart} at the start, ${load()} at the end.`,
      '',
      findings.length > 0 ? 'Weighted audits below 0.9:' : 'Every weighted audit at 0.9 or more.',
      ...findings,
    ].join('\n');
  } finally {
    chrome.kill();
    child.kill('SIGTERM');
    await once(child, 'exit');
    rmSync(dir, { recursive: true, force: true });
  }
}

async function chromeVersion(port: number): Promise<string> {
  const { Browser } = (await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as {
    Browser: string;
  };
  return Browser.replace(/^\D+/, '');
}
