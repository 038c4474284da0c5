import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { uuidv7 } from '../../common/uuid.ts';
import { openPostgresStore } from '../../server/src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/src/store/store.ts';
import {
  createDatabase,
  postgresBinaries,
  startPostgresCluster,
} from '../../test/fixtures/postgres-cluster.ts';
import { startServerProcess } from '../../test/fixtures/server-process.ts';

const satisfactions = ['good', 'medium', 'bad'];

const origin = 'https://passeport.example.gouv.fr';

/**
 * Load like real traffic: every answer new, every client distinct (behind a trusted proxy), each
 * post from the procedure's page as a browser sends it (Origin, then CORS headers back).
 */
async function load(url: string, key: string, seconds: number) {
  let client = 0;
  const result = await autocannon({
    url,
    connections: 50,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: `/api/v1/procedures/${key}/feedback`,
        setupRequest: (request) => {
          client++;
          request.headers = {
            'content-type': 'text/plain;charset=UTF-8',
            origin,
            // 10.x.y.z: 16 million clients, so the per-client limit is exercised, not hit.
            'x-forwarded-for': `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`,
          };
          request.body = JSON.stringify({
            id: uuidv7(),
            satisfaction: satisfactions[client % 3],
            clarity: (client % 5) + 1,
            comment:
              client % 3 === 0 ? 'Trop de pages, on ne sait pas combien il en reste.' : undefined,
            elapsedMs: 8000,
          });
          return request;
        },
      },
    ],
  });
  return {
    'answers/s': Math.round(result.requests.average),
    'p50 (ms)': result.latency.p50,
    'p99 (ms)': result.latency.p99,
    'non-2xx': result.non2xx,
    errors: result.errors,
  };
}

/** The real server on `database`, loaded like real traffic behind a trusted proxy. */
async function measureServer(store: Store, database: Record<string, string>, seconds: number) {
  const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [origin] });
  await store.close();
  // BENCH_PROFILE=dir writes a CPU profile of the server (node --cpu-prof) to look at.
  const profile = process.env.BENCH_PROFILE;
  const { child, url } = await startServerProcess(
    { ...database, TRUST_PROXY: '127.0.0.1', LOG_LEVEL: 'info' },
    profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
  );
  try {
    return await load(url, key, seconds);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

/**
 * Answers per second through the real server (file database, synchronous=FULL, group commit,
 * validation, scrubbing, rate limiting, rollups) against bare Fastify answering {ok:true}, in the
 * same run, at 50 connections; then the same server on PostgreSQL (a local cluster with its
 * durable defaults: fsync, synchronous_commit on) when this machine has one.
 */
export default async function benchIngestion(quick: boolean) {
  const seconds = quick ? 3 : 10;
  const bare = spawn(process.execPath, ['scripts/bench/bare-fastify.mjs'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const bareUrl = await new Promise<string>((resolve) => {
    bare.stdout.on('data', (chunk) => {
      const match = /listening at (\S+)/.exec(String(chunk));
      if (match) resolve(match[1] as string);
    });
  });
  const baseline = await load(bareUrl, 'k7d2x9qpzm', seconds);
  bare.kill();
  await once(bare, 'exit');
  const ratio = (result: { 'answers/s': number }) =>
    Number((result['answers/s'] / baseline['answers/s']).toFixed(2));
  const rows: Record<string, unknown>[] = [{ server: 'bare Fastify, {ok:true}', ...baseline }];

  const dir = mkdtempSync(join(tmpdir(), 'avis-bench-ingestion-'));
  try {
    const databasePath = join(dir, 'avis.sqlite');
    const sqlite = await measureServer(
      openSqliteStore({ path: databasePath }),
      { DATABASE_PATH: databasePath },
      seconds,
    );
    rows.push({ server: 'Je donne mon avis, SQLite', ...sqlite, ratio: ratio(sqlite) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (postgresBinaries()) {
    const cluster = await startPostgresCluster({ durable: true });
    try {
      const url = await createDatabase(cluster.url);
      const postgres = await measureServer(
        await openPostgresStore({ url }),
        { DATABASE_URL: url },
        seconds,
      );
      rows.push({ server: 'Je donne mon avis, PostgreSQL', ...postgres, ratio: ratio(postgres) });
    } finally {
      cluster.stop();
    }
  }
  return rows;
}
