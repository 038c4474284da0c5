import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { hashPassword } from '../../server/src/auth/passwords.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import { seedLargeProcedure } from '../../test/fixtures/large-procedure.ts';
import { startServerProcess } from '../../test/fixtures/server-process.ts';
import { percentile } from './percentile.ts';

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
    const { child, url } = await startServerProcess({
      DATABASE_PATH: databasePath,
      LOG_LEVEL: 'info',
    });
    const local = url.replace('127.0.0.1', 'localhost'); // a secure context for the session cookie

    const times: number[] = [];
    for (let i = 0; i < (quick ? 50 : 300); i++) {
      const start = performance.now();
      const response = await fetch(
        `${url}/api/v1/procedures/${key}/stats?from=2025-07-01&to=2026-06-30`,
        {
          headers: { authorization: `Bearer ${secret}` },
        },
      );
      await response.arrayBuffer();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);

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
        'stats p50 (ms)': percentile(times, 50),
        'stats p95 (ms)': percentile(times, 95),
        'procedure page, navigation to indicators (ms)':
          pageMs === undefined ? 'no Chromium' : Math.round(pageMs),
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
