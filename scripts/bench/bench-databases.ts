import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '../../server/src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/src/store/store.ts';
import {
  createDatabase,
  postgresBinaries,
  startPostgresCluster,
} from '../../test/fixtures/postgres-cluster.ts';

export type BenchDatabase = {
  name: 'SQLite' | 'PostgreSQL';
  /** A new, empty database: its store, what the server is started with, its size on disk. */
  open: () => Promise<{ store: Store; env: Record<string, string>; size: () => Promise<number> }>;
};

/**
 * The databases a bench runs on: SQLite files in a temporary directory and, when this machine
 * has PostgreSQL, a local cluster with its durable defaults (fsync, synchronous_commit on).
 * `names` keeps only some (`sqlite`, `postgresql`, any case); `close` removes them all.
 */
export async function benchDatabases(
  prefix: string,
  names?: string[],
): Promise<{ databases: BenchDatabase[]; close: () => void }> {
  const wanted = (name: string) => !names || names.includes(name.toLowerCase());
  const dir = mkdtempSync(join(tmpdir(), `avis-bench-${prefix}-`));
  const cluster =
    wanted('PostgreSQL') && postgresBinaries()
      ? await startPostgresCluster({ durable: true })
      : undefined;
  const databases: BenchDatabase[] = [];
  if (wanted('SQLite'))
    databases.push({
      name: 'SQLite',
      async open() {
        const path = join(dir, `avis-${Date.now()}.sqlite`);
        return {
          store: openSqliteStore({ path }),
          env: { DATABASE_PATH: path },
          size: async () => statSync(path).size,
        };
      },
    });
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
            try {
              const { rows } = await client.query(
                'SELECT pg_database_size(current_database()) AS size',
              );
              return Number(rows[0].size);
            } finally {
              await client.end();
            }
          },
        };
      },
    });
  return {
    databases,
    close() {
      try {
        cluster?.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
