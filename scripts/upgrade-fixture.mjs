// The upgrade drill's fixtures (test/server/upgrade.test.ts): databases written by a released
// version, and the figures that version computed from them. Run at each release, from the new
// release's commit, naming its tag:
//   node scripts/upgrade-fixture.mjs v0.2.0
// It checks the tag out in a temporary worktree (sharing this checkout's node_modules), builds it,
// and drives that version's own CLI: procedures with made-up answers, an account, then each
// procedure's `stats`, and a `backup` of its SQLite database and of its PostgreSQL database (a
// throwaway cluster from Debian's postgresql package). It writes
// test/fixtures/upgrade/{tag}.sqlite, {tag}.dump and {tag}.json; commit them, and point the test
// at the new tag.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importTypeScript } from './import-typescript.mjs';

const tag = process.argv[2];
if (!tag) {
  console.error(
    'Usage: node scripts/upgrade-fixture.mjs TAG (the release to take the fixture from)',
  );
  process.exit(2);
}
const fixtures = resolve('test/fixtures/upgrade');
mkdirSync(fixtures, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), 'avis-upgrade-'));
const checkout = join(scratch, 'release');
execFileSync('git', ['worktree', 'add', '--detach', checkout, tag], { stdio: 'inherit' });
const { startPostgresCluster, createDatabase } = await importTypeScript(
  'test/fixtures/postgres-cluster.ts',
  resolve('.upgrade-fixture-postgres.mjs'),
);
rmSync('.upgrade-fixture-postgres.mjs');
const cluster = await startPostgresCluster();
try {
  symlinkSync(resolve('node_modules'), join(checkout, 'node_modules'));
  execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: checkout });

  // The figures depend on these; the test sets the same.
  const settings = { TZ_REPORT: 'Europe/Paris', MIN_ANSWERS: '100' };
  // The seeded answers end today: a period that holds them all (and their previous period).
  const day = (daysAgo) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const period = ['--from', day(120), '--to', day(-1)];
  const databases = {
    sqlite: { DATABASE_PATH: join(scratch, 'avis.sqlite') },
    postgres: { DATABASE_URL: await createDatabase(cluster.url) },
  };
  const written = { tag, period: { from: period[1], to: period[3] }, settings, databases: {} };
  for (const [name, database] of Object.entries(databases)) {
    const cli = (...args) =>
      execFileSync(process.execPath, ['dist/cli.js', ...args], {
        cwd: checkout,
        env: {
          ...process.env,
          ...settings,
          ...database,
          AVIS_PASSWORD: 'une phrase de passe solide',
        },
        encoding: 'utf8',
      });
    const keys = [
      ['Demande de passeport', '10', '0.75'],
      ['Déclaration de revenus', '4', '0.5'],
      ['Certificat d’immatriculation', '1', '0.3'],
    ].map(([procedureName, perDay, quality]) => {
      const { key } = JSON.parse(cli('procedure', 'create', '--name', procedureName));
      cli('seed', '--procedure', key, '--days', '90', '--per-day', perDay, '--quality', quality);
      return key;
    });
    cli(
      'user',
      'create',
      '--email',
      'proprietaire@example.gouv.fr',
      '--role',
      'owner',
      ...keys.flatMap((key) => ['--procedure', key]),
    );
    const stats = Object.fromEntries(
      keys.map((key) => [key, JSON.parse(cli('stats', '--procedure', key, ...period))]),
    );
    const file = `test/fixtures/upgrade/${tag}.${name === 'sqlite' ? 'sqlite' : 'dump'}`;
    // SQLite: the release's own database file, as it left it (every process closed, so whole);
    // PostgreSQL: the release's own backup, pg_dump's.
    if (name === 'sqlite') copyFileSync(database.DATABASE_PATH, file);
    else cli('backup', resolve(file));
    written.databases[name] = {
      file,
      procedures: JSON.parse(cli('procedure', 'list')),
      stats,
    };
  }
  writeFileSync(join(fixtures, `${tag}.json`), `${JSON.stringify(written, null, 2)}\n`);
  // In the project's own format, so that `npm run lint` passes on it.
  execFileSync('npx', ['biome', 'format', '--write', join(fixtures, `${tag}.json`)], {
    stdio: 'ignore',
  });
  console.log(`wrote test/fixtures/upgrade/${tag}.sqlite, ${tag}.dump and ${tag}.json`);
} finally {
  cluster.stop();
  execFileSync('git', ['worktree', 'remove', '--force', checkout]);
  rmSync(scratch, { recursive: true, force: true });
}
