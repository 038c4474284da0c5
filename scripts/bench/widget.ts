import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { buildApp } from '../../server/src/app.ts';
import { parseConfig } from '../../server/src/config.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';

/**
 * The widget's first render in Chromium: on the hosted page, time from navigation start to the
 * questionnaire drawn in its shadow root (median of several loads, cache disabled), with a
 * 4× CPU slowdown as well, for the old phones this is made for.
 */
export default async function benchWidget(quick: boolean) {
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
  if (!executablePath) return [{ result: 'no Chromium' }];
  const dir = mkdtempSync(join(tmpdir(), 'avis-bench-widget-'));
  const config = parseConfig({ DATABASE_PATH: join(dir, 'avis.sqlite'), LOG_LEVEL: 'silent' });
  const store = openSqliteStore({ path: config.databasePath });
  const app = await buildApp({ config, store, widgetDir: resolve('dist/widget') });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const rows = [];
    for (const slowdown of [1, 4]) {
      const page = await browser.newPage();
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
      const times: number[] = [];
      for (let i = 0; i < (quick ? 5 : 15); i++) {
        await page.goto(`${url}/p/${key}`);
        times.push(
          await page.evaluate(
            () =>
              new Promise<number>((done) => {
                const check = () => {
                  const drawn = document
                    .querySelector('#avis > div')
                    ?.shadowRoot?.querySelector('fieldset');
                  if (drawn) done(performance.now());
                  else requestAnimationFrame(check);
                };
                check();
              }),
          ),
        );
      }
      times.sort((a, b) => a - b);
      rows.push({
        'CPU slowdown': `${slowdown}×`,
        'first render, median (ms)': Math.round(times[Math.floor(times.length / 2)] as number),
      });
      await page.close();
    }
    return rows;
  } finally {
    await browser.close();
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
