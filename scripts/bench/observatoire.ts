import { once } from 'node:events';
import { addDays } from '../../common/calendar-days.ts';
import { quarterOf } from '../../common/quarters.ts';
import { makeQuarterEditions } from '../../server/src/features/observatoire/editions.ts';
import { adminApiKey } from '../../test/fixtures/admin-api-key.ts';
import { startServerProcess } from '../../test/fixtures/server-process.ts';
import { benchDatabases } from './bench-databases.ts';
import { benchMetricsToken, measure, type RouteCost, topicsCaughtUp } from './measure-route.ts';
import { seedZipf } from './seed-zipf.ts';

/**
 * The Observatoire (docs/design.md §13) at 10,000 procedures (issue 28: p95 under 200 ms), Zipf-
 * skewed over two years (1 million answers; --quick: 1,000 procedures, 50,000 answers; or
 * BENCH_PROCEDURES and BENCH_ANSWERS), on SQLite and PostgreSQL (BENCH_DATABASES picks one):
 * `GET /api/v1/observatoire` through the built server as a platform administrator: the server's
 * first request, then first requests of a period (a different 91 days, or 12 months, each time:
 * the days at its ends summed, its settled months read at the server's start; and
 * 91 days of one organisation holding one procedure in 20), then
 * the same period asked again, as sorting, filtering and paging do (the table kept a minute), for a
 * quarter (whole months: the monthly rollups), 91 days (partial months at both ends: daily rollups
 * too) and 12 months; then the quarter's editions made as `notify run` makes them, in the process.
 */
export default async function benchObservatoire(quick: boolean) {
  const procedureCount = Number(process.env.BENCH_PROCEDURES ?? (quick ? 1_000 : 10_000));
  const total = Number(process.env.BENCH_ANSWERS ?? (quick ? 50_000 : 1_000_000));
  // Requests a period once its table is kept (BENCH_REQUESTS), and first requests of a period.
  const requests = Number(process.env.BENCH_REQUESTS ?? 100);
  const coldRequests = Math.min(30, requests);
  const end = new Date('2026-10-01T00:00:00Z');
  const lastDay = '2026-09-30';
  const firstRequests = [
    ['91 days', 91],
    ['12 months', 365],
  ] as const;
  const periods = [
    ['a quarter (2026-T3)', 'from=2026-07-01&to=2026-09-30'],
    ['91 days (partial months)', 'from=2026-07-02&to=2026-09-30'],
    ['12 months', 'from=2025-10-01&to=2026-09-30'],
  ] as const;
  const { databases, close } = await benchDatabases(
    'observatoire',
    process.env.BENCH_DATABASES?.toLowerCase().split(','),
  );
  const rows: Record<string, string | number>[] = [];
  try {
    for (const database of databases) {
      const { store, env } = await database.open();
      // One procedure in 20 is a ministry's, large and small ones alike (the Zipf rank is the
      // procedure's number): the table one organisation's people see.
      const ministry = await store.createOrganisation({
        name: 'Ministère de l’exemple',
        domains: [],
      });
      const keys: string[] = [];
      for (let n = 1; n <= procedureCount; n++) {
        const { key } = await store.createProcedure({
          name: `Démarche ${n}`,
          allowedOrigins: [],
          ...(n % 20 === 0 && { organisationId: ministry.id }),
        });
        keys.push(key);
      }
      const seeded = await seedZipf(store, keys, total, end);
      const secret = await adminApiKey(store);
      const editionStart = performance.now();
      const editions = await makeQuarterEditions(store, 100, '2026-10-01', {
        name: 'notify run',
        now: () => end,
      });
      const editionMs = performance.now() - editionStart;
      await store.close();

      // The seeded answers end in September 2026: the default retention (24 months) would purge
      // the oldest comments at start, and the measures would run beside that purge, and beside
      // the counting of every seeded comment's terms, unless waited for (as the national bench).
      const server = await startServerProcess({
        ...env,
        RETENTION_MONTHS: '120',
        METRICS_TOKEN: benchMetricsToken,
      });
      const serverStarted = performance.now();
      const auth = { authorization: `Bearer ${secret}` };
      console.log(
        `${database.name}: ${await topicsCaughtUp(server, `/api/v1/procedures/${keys[0]}/topics`, auth, serverStarted, quick ? 120 : 1800)}`,
      );
      const add = (name: string, cost: RouteCost) =>
        rows.push({
          database: database.name,
          measure: `${procedureCount.toLocaleString('en')} procedures, ${seeded.toLocaleString('en')} answers: ${name}`,
          'p50 (ms)': cost.p50,
          'p95 (ms)': cost.p95,
          'CPU/request (µs)': cost.cpu,
          'peak RSS (MB)': cost.rss,
          load: cost.load,
        });
      try {
        // The server's very first, once it has read the 36 settled months a store keeps after
        // its start (keep-months.ts, docs/design.md §13): this one's two periods reach back 28
        // months, the code's first run.
        add(
          "12 months, the server's first request",
          await measure(
            server,
            `/api/v1/observatoire?from=${addDays(lastDay, -400)}&to=${addDays(lastDay, -36)}&limit=100`,
            1,
            auth,
            0,
          ),
        );
        // The first request of a period sums the days at its ends (its settled months were read
        // at the server's start); the server keeps the table a minute.
        for (const [name, days] of firstRequests) {
          const path = (request: number) =>
            `/api/v1/observatoire?from=${addDays(lastDay, -request - days + 1)}&to=${addDays(lastDay, -request)}&limit=100`;
          add(
            `${name}, first request (a different period each time)`,
            await measure(server, path, coldRequests, auth, 3),
          );
        }
        const ministryPath = (request: number) =>
          `/api/v1/observatoire?from=${addDays(lastDay, -request - 90)}&to=${addDays(lastDay, -request)}&organisation=${ministry.id}&limit=100`;
        add(
          `the ministry's ${procedureCount / 20} procedures, 91 days, first request`,
          await measure(server, ministryPath, coldRequests, auth, 3),
        );
        // Then sorting, filtering, paging it: the same period again.
        for (const [name, query] of periods) {
          const path = `/api/v1/observatoire?${query}&limit=100`;
          add(`${name}, again`, await measure(server, path, requests, auth, 1));
        }
      } finally {
        server.child.kill('SIGTERM');
        await once(server.child, 'exit');
      }
      rows.push({
        database: database.name,
        measure: `${quarterOf('2026-09-30')} editions made by notify run (${editions.length}), in process`,
        'p50 (ms)': Math.round(editionMs),
        'p95 (ms)': '',
        'CPU/request (µs)': '',
        'peak RSS (MB)': '',
        load: '',
      });
    }
  } finally {
    close();
  }
  return rows;
}
