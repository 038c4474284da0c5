import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { seedAnswers } from '../../server/src/features/answers/seed.ts';
import { openPostgresStore } from '../../server/src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/src/store/store.ts';
import { adminApiKey } from '../../test/fixtures/admin-api-key.ts';
import {
  createDatabase,
  postgresBinaries,
  startPostgresCluster,
} from '../../test/fixtures/postgres-cluster.ts';
import { startServerProcess } from '../../test/fixtures/server-process.ts';
import { percentile } from './percentile.ts';
import { cpuMicroseconds } from './process-cpu.ts';

const procedureCount = 100;
const days = 730;
const end = new Date('2026-06-30T00:00:00Z');
// seedAnswers gives weekends 0.4 of a weekday: a week holds 5.8 weekdays' worth of answers.
const weekdayShare = 7 / 5.8;

type Database = {
  name: string;
  /** A new, empty database: its store, what the server is started with, its size on disk. */
  open: () => Promise<{ store: Store; env: Record<string, string>; size: () => Promise<number> }>;
};

/**
 * Seeding speed, and the stats route's latency and server CPU for the largest procedure, on a
 * database of 1 million answers and on one of 10 million (--quick: 100,000 and 1 million), on
 * SQLite and, when this machine has it, PostgreSQL (a local cluster with its durable defaults):
 * 100 procedures, Zipf-skewed (the n-th gets 1/n of the first's answers), over two years, seeded
 * in one pass in time order as answers arrive.
 */
export default async function benchScale(quick: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'avis-bench-scale-'));
  const cluster = postgresBinaries() ? await startPostgresCluster({ durable: true }) : undefined;
  const databases: Database[] = [
    {
      name: 'SQLite',
      async open() {
        const path = join(dir, `avis-${Date.now()}.sqlite`);
        return {
          store: openSqliteStore({ path }),
          env: { DATABASE_PATH: path },
          size: async () => statSync(path).size,
        };
      },
    },
  ];
  if (cluster)
    databases.push({
      name: 'PostgreSQL',
      async open() {
        const url = await createDatabase(cluster.url);
        return {
          store: await openPostgresStore({ url }),
          env: { DATABASE_URL: url },
          size: async () => {
            const client = new pg.Client(url);
            await client.connect();
            const { rows } = await client.query(
              'SELECT pg_database_size(current_database()) AS size',
            );
            await client.end();
            return Number(rows[0].size);
          },
        };
      },
    });
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
        const seeded = await seedZipf(store, keys, total);
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
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

function seedZipf(store: Store, keys: string[], total: number) {
  const harmonic = keys.reduce((sum, _, i) => sum + 1 / (i + 1), 0);
  return seedAnswers(store, {
    procedures: keys.map((procedureKey, i) => ({
      procedureKey,
      perDay: (total / (i + 1) / harmonic / days) * weekdayShare,
      quality: 0.3 + (0.5 * ((i * 7) % 10)) / 10,
    })),
    days,
    end,
    timeZone: 'Europe/Paris',
  });
}

/**
 * 300 stats requests (12 months, previous period, monthly series) through the real server, after
 * 30 to warm it up; the server's CPU per request is read from /proc around the 300.
 */
async function statsLatency(env: Record<string, string>, key: string, secret: string) {
  // BENCH_PROFILE=dir writes a CPU profile of the server (node --cpu-prof) to look at.
  const profile = process.env.BENCH_PROFILE;
  const { child, url } = await startServerProcess(
    env,
    profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
  );
  try {
    const ask = () =>
      fetch(`${url}/api/v1/procedures/${key}/stats?from=2025-07-01&to=2026-06-30`, {
        headers: { authorization: `Bearer ${secret}` },
      });
    const body = (await (await ask()).json()) as { indicators: { answers: number } };
    for (let i = 0; i < 30; i++) await (await ask()).arrayBuffer();
    const cpuBefore = cpuMicroseconds(child.pid as number);
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const start = performance.now();
      await (await ask()).arrayBuffer();
      times.push(performance.now() - start);
    }
    const cpu = Math.round((cpuMicroseconds(child.pid as number) - cpuBefore) / times.length);
    times.sort((a, b) => a - b);
    return {
      answers: body.indicators.answers,
      cpu,
      p50: percentile(times, 50),
      p95: percentile(times, 95),
    };
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}
