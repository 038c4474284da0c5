import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { hashPassword } from '../../server/src/auth/passwords.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import { seedLargeProcedure } from '../../test/fixtures/large-procedure.ts';
import { startServerProcess } from '../../test/fixtures/server-process.ts';
import { measure } from './measure-route.ts';

/**
 * On one procedure of a million answers: the stats route's latency over 12 months (every
 * indicator, the previous period and a monthly series), and the procedure page in Chromium, from
 * navigation to its indicators on screen.
 */
export default async function benchDashboard(quick: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'avis-bench-dashboard-'));
  try {
    const databasePath = join(dir, 'avis.sqlite');
    const { key, secret, rows } = await seedLargeProcedure(databasePath, quick ? 335 : 3350);
    const store = openSqliteStore({ path: databasePath });
    await store.createUser({
      email: 'po@example.gouv.fr',
      passwordHash: await hashPassword('une phrase de passe solide'),
      isAdmin: true,
    });
    await store.close();
    const server = await startServerProcess({
      DATABASE_PATH: databasePath,
      LOG_LEVEL: 'info',
    });
    const { child, url } = server;
    const local = url.replace('127.0.0.1', 'localhost'); // a secure context for the session cookie

    // From the server's first request: a product owner's first look of the day.
    const stats = await measure(
      server,
      `/api/v1/procedures/${key}/stats?from=2025-07-01&to=2026-06-30`,
      quick ? 50 : 300,
      { authorization: `Bearer ${secret}` },
      0,
    );

    const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
    let pageMs: number | undefined;
    if (executablePath) {
      const browser = await chromium.launch({
        executablePath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      const page = await browser.newPage();
      await page.goto(`${local}/dashboard/`);
      await page.getByLabel('Adresse e-mail').fill('po@example.gouv.fr');
      await page.getByLabel(/Mot de passe/).fill('une phrase de passe solide');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { name: 'Démarches' }).waitFor();
      const start = performance.now();
      await page.goto(`${local}/dashboard/procedures/${key}`);
      await page.locator('.tile .figure').first().waitFor();
      pageMs = performance.now() - start;
      await browser.close();
    }
    child.kill('SIGTERM');
    await once(child, 'exit');
    return [
      {
        answers: rows,
        'stats p50 (ms)': stats.p50,
        'stats p95 (ms)': stats.p95,
        'procedure page, navigation to indicators (ms)':
          pageMs === undefined ? 'no Chromium' : Math.round(pageMs),
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
