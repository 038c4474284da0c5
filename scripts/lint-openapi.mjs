// npm run lint:openapi: lints the OpenAPI description the app serves at /api/v1/openapi.json
// with Redocly's recommended ruleset, and fails on any error *or warning*: client generators
// trip over what the linter only warns about (no operationId, undocumented errors).
// The app is built in this process, on an in-memory database, from its TypeScript sources
// (esbuild bundles them to a temporary file first, as scripts/bench.mjs does).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importTypeScript } from './import-typescript.mjs';

// The widget build, so that /api/v1/widget is described too.
execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });

// Inside the project, so that the bundle finds node_modules.
const dir = mkdtempSync('dist/lint-openapi-');
try {
  const bundle = join(dir, 'app.mjs');
  const { buildApp, parseConfig, openSqliteStore } = await importTypeScript(
    {
      contents: `export { buildApp } from './server/src/app.ts';
        export { parseConfig } from './server/src/config.ts';
        export { openSqliteStore } from './server/src/store/sqlite/sqlite-store.ts';`,
    },
    bundle,
  );
  const config = parseConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' });
  const store = openSqliteStore({ path: ':memory:' });
  const app = await buildApp({ config, store, widgetDir: resolve('dist/widget') });
  const response = await app.inject({ url: '/api/v1/openapi.json' });
  await app.close();
  await store.close();
  if (response.statusCode !== 200) throw new Error(`openapi.json: ${response.statusCode}`);

  const description = join(dir, 'openapi.json');
  writeFileSync(description, response.body);
  // JSON output, because Redocly's exit status only counts errors; the report counts warnings.
  const redocly = spawnSync(
    process.execPath,
    [
      resolve('node_modules/@redocly/cli/bin/cli.js'),
      'lint',
      '--extends=recommended',
      '--format=json',
      '--max-problems=1000',
      'openapi.json',
    ],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const { totals, problems } = JSON.parse(redocly.stdout);
  for (const problem of problems) {
    const where = problem.location?.[0]?.pointer ?? '';
    console.log(`${problem.severity} ${problem.ruleId}: ${problem.message} ${where}`);
  }
  console.log(
    `OpenAPI description, Redocly recommended: ${totals.errors} errors, ${totals.warnings} warnings`,
  );
  process.exitCode = totals.errors + totals.warnings > 0 || redocly.status !== 0 ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
