import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import { startServerProcess } from '../../test/fixtures/server-process.ts';
import { measure } from './measure-route.ts';
import { percentile } from './percentile.ts';
import { seedZipf } from './seed-zipf.ts';

const procedureCount = 1000;

/**
 * The public results (docs/design.md §10) with 1,000 published procedures, Zipf-skewed over two
 * years (1 million answers; --quick: 200,000): `/resultats`, `/resultats/{key}` of the largest
 * procedure and the open data CSV, 200 requests each through the built server; and the one
 * query behind the list and the files (the monthly sums of every public procedure), timed
 * uncached in the process, since the server reuses its result for a minute.
 */
export default async function benchResults(quick: boolean) {
  const total = quick ? 200_000 : 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'avis-bench-results-'));
  try {
    const databasePath = join(dir, 'avis.sqlite');
    const store = openSqliteStore({ path: databasePath });
    const keys: string[] = [];
    for (let n = 1; n <= procedureCount; n++) {
      const { key } = await store.createProcedure({ name: `Démarche ${n}`, allowedOrigins: [] });
      await store.updateProcedure(key, { public: true });
      keys.push(key);
    }
    const seeded = await seedZipf(store, keys, total, new Date());
    const today = new Date().toISOString().slice(0, 10);
    const query: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      await store.publicMonthlyRollups({ fromDay: '2000-01-01', toDay: today });
      query.push(performance.now() - start);
    }
    await store.close();
    query.sort((a, b) => a - b);

    const server = await startServerProcess({ DATABASE_PATH: databasePath });
    try {
      const time = (path: string) => measure(server, path, 200, { 'accept-encoding': 'br' });
      const rows = [
        ['`/resultats` (monthly sums reused)', await time('/resultats')],
        [
          '`/resultats/{key}`, largest procedure (computed each time)',
          await time(`/resultats/${keys[0]}`),
        ],
        ['`/resultats/donnees.csv` (monthly sums reused)', await time('/resultats/donnees.csv')],
        [
          'monthly sums of every public procedure, uncached (in process)',
          { p50: percentile(query, 50), p95: percentile(query, 95) },
        ],
      ] as const;
      return rows.map(([what, { p50, p95 }]) => ({
        [`${procedureCount} public procedures, ${seeded} answers`]: what,
        'p50 (ms)': p50,
        'p95 (ms)': p95,
      }));
    } finally {
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
