import { once } from 'node:events';
import { adminApiKey } from '../../test/fixtures/admin-api-key.ts';
import { startServerProcess } from '../../test/fixtures/server-process.ts';
import { benchDatabases } from './bench-databases.ts';
import { measure } from './measure-route.ts';
import { seedZipf } from './seed-zipf.ts';

const procedureCount = 100;
const end = new Date('2026-06-30T00:00:00Z');

/**
 * Seeding speed, and the stats route's latency and server CPU for the largest procedure, on a
 * database of 1 million answers and on one of 10 million (--quick: 100,000 and 1 million), on
 * SQLite and, when this machine has it, PostgreSQL (a local cluster with its durable defaults):
 * 100 procedures, Zipf-skewed (the n-th gets 1/n of the first's answers), over two years, seeded
 * in one pass in time order as answers arrive.
 */
export default async function benchScale(quick: boolean) {
  const { databases, close } = await benchDatabases('scale');
  const results = [];
  try {
    for (const database of databases) {
      for (const total of quick ? [100_000, 1_000_000] : [1_000_000, 10_000_000]) {
        const { store, env, size } = await database.open();
        const keys: string[] = [];
        for (let n = 1; n <= procedureCount; n++) {
          const procedure = await store.createProcedure({
            name: `Démarche ${n}`,
            allowedOrigins: [],
          });
          keys.push(procedure.key);
        }
        const secret = await adminApiKey(store);
        const started = performance.now();
        const seeded = await seedZipf(store, keys, total, end);
        const seedSeconds = (performance.now() - started) / 1000;
        await store.close();
        const stats = await statsLatency(env, keys[0] as string, secret);
        results.push({
          database: database.name,
          'answers in the database': seeded,
          'seeding (answers/s)': Math.round(seeded / seedSeconds),
          'database size (MB)': Math.round((await size()) / 1e6),
          'largest procedure, 12 months': stats.answers,
          'stats p50 (ms)': stats.p50,
          'stats p95 (ms)': stats.p95,
          'server CPU/request (µs)': stats.cpu,
        });
      }
    }
  } finally {
    close();
  }
  return results;
}

/**
 * 300 stats requests (12 months, previous period, monthly series) through the real server, after
 * 30 to warm it up, with the server's CPU per request.
 */
async function statsLatency(env: Record<string, string>, key: string, secret: string) {
  // BENCH_PROFILE=dir writes a CPU profile of the server (node --cpu-prof) to look at.
  const profile = process.env.BENCH_PROFILE;
  const server = await startServerProcess(
    env,
    profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
  );
  try {
    const path = `/api/v1/procedures/${key}/stats?from=2025-07-01&to=2026-06-30`;
    const headers = { authorization: `Bearer ${secret}` };
    const response = await fetch(`${server.url}${path}`, { headers });
    const body = (await response.json()) as { indicators: { answers: number } };
    return { answers: body.indicators.answers, ...(await measure(server, path, 300, headers)) };
  } finally {
    server.child.kill('SIGTERM');
    await once(server.child, 'exit');
  }
}
