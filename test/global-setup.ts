import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { type PostgresCluster, startPostgresCluster } from './fixtures/postgres-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL cluster the tests may create databases in; '' when there is none. */
    postgresUrl: string;
  }
}

/**
 * Process-level tests run the real built server and CLI, so build them once first. The
 * PostgreSQL suites need a server: TEST_DATABASE_URL, or a throwaway cluster started here from
 * Debian's postgresql package. Without one they are skipped loudly, except under
 * REQUIRE_POSTGRES=1 (CI), where that fails the run.
 */
export default async function setup(project: TestProject) {
  execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
  let cluster: PostgresCluster | undefined;
  let url = process.env.TEST_DATABASE_URL ?? '';
  if (!url) {
    try {
      cluster = await startPostgresCluster();
      url = cluster.url;
    } catch (error) {
      const message = `PostgreSQL suites skipped: ${(error as Error).message}`;
      if (process.env.REQUIRE_POSTGRES === '1') throw new Error(message);
      console.warn(`\n${'!'.repeat(80)}\n${message}\n${'!'.repeat(80)}\n`);
    }
  }
  project.provide('postgresUrl', url);
  return () => cluster?.stop();
}
