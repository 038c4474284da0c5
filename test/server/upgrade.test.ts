import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../fixtures/postgres-cluster.ts';
import { temporaryDirectory } from '../helpers.ts';

/**
 * The upgrade drill: databases written by the previous release (made by
 * scripts/upgrade-fixture.mjs from its tag, with the figures that release computed from them) are
 * opened by this version, which migrates them, and every figure comes out unchanged. Rolling back
 * is restoring the backup taken before the upgrade (backup-restore.test.ts).
 */
const release = 'v0.1.0';
const fixture = JSON.parse(readFileSync(`test/fixtures/upgrade/${release}.json`, 'utf8')) as {
  period: { from: string; to: string };
  settings: Record<string, string>;
  databases: Record<
    'sqlite' | 'postgres',
    { file: string; procedures: { key: string }[]; stats: Record<string, unknown> }
  >;
};

async function cli(env: Record<string, string>, ...args: string[]) {
  const { stdout } = await promisify(execFile)(process.execPath, ['dist/cli.js', ...args], {
    env: { ...process.env, ...fixture.settings, ...env },
  });
  return JSON.parse(stdout);
}

async function expectSameFigures(
  env: Record<string, string>,
  written: typeof fixture.databases.sqlite,
) {
  // The first command opens the database, so this version's migrations run on it here.
  expect(await cli(env, 'procedure', 'list')).toMatchObject(written.procedures);
  for (const [key, stats] of Object.entries(written.stats)) {
    const { from, to } = fixture.period;
    const now = await cli(env, 'stats', '--procedure', key, '--from', from, '--to', to);
    // New fields may come with a release; every figure the old one gave stays the same.
    expect(now, key).toMatchObject(stats as object);
  }
}

const postgresUrl = inject('postgresUrl');

describe(`upgrading from ${release}`, () => {
  it('opens a SQLite database written by the previous release with every figure unchanged', async () => {
    const path = join(temporaryDirectory(), 'avis.sqlite');
    copyFileSync(fixture.databases.sqlite.file, path);
    await expectSameFigures({ DATABASE_PATH: path }, fixture.databases.sqlite);
  }, 60_000);

  it.skipIf(!postgresUrl)(
    'restores the previous release’s pg_dump and opens it with every figure unchanged',
    async () => {
      const env = { DATABASE_URL: await createDatabase(postgresUrl) };
      const restored = await cli(env, 'restore', fixture.databases.postgres.file);
      expect(restored.procedures).toBe(fixture.databases.postgres.procedures.length);
      await expectSameFigures(env, fixture.databases.postgres);
    },
    60_000,
  );
});
