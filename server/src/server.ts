import { fileURLToPath } from 'node:url';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import { newSecret } from './auth/secrets.ts';
import { ConfigError, configFromEnvironment } from './config.ts';
import { keepRecentMonths } from './features/observatoire/keep-months.ts';
import { listen } from './listen.ts';
import { nodeEndOfLifeWarning } from './node-support.ts';
import { describeDatabase, openStore } from './store/open-store.ts';

/** Starts the service: parse the configuration, open the database, listen, close on signals. */
async function main(): Promise<void> {
  const config = configFromEnvironment();
  const store = await openStore(config);
  // dist/server.js serves the widget built beside it, in dist/widget.
  const widgetDir = fileURLToPath(new URL('./widget/', import.meta.url));
  const setupToken = newSecret();
  const app = await buildApp({ config, store, widgetDir, setupToken });

  // The Observatoire's months read after the start, in the background (keepRecentMonths).
  let stopping = false;
  let keeping: Promise<void> = Promise.resolve();

  // SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish (each answer is
  // committed before its reply), then close the database. A second signal forces the exit.
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an unexpected error');
    else app.log.info({ signal }, 'shutting down');
    stopping = true;
    await app.close();
    await keeping;
    await store.close();
  });

  const address = await listen(app, config, 'npm start');
  if (app.metricsApp) {
    // On HOST too (a container's 0.0.0.0, for Prometheus beside it); not published by the proxy.
    const at = await app.metricsApp.listen({ port: config.metricsPort ?? 0, host: config.host });
    app.log.info(`metrics served at ${at}/metrics`);
  }
  app.log.info({ database: describeDatabase(config) }, 'database ready');
  const keepingSince = performance.now();
  keeping = keepRecentMonths(store, new Date(), () => stopping).then(
    (months) =>
      app.log.info(
        { months, ms: Math.round(performance.now() - keepingSince) },
        'the Observatoire’s settled months read',
      ),
    // Only speed is lost: the first requests read the months themselves.
    (err: unknown) => app.log.warn({ err }, 'the Observatoire’s settled months were not read'),
  );
  const nodeWarning = nodeEndOfLifeWarning();
  if (nodeWarning) app.log.warn(nodeWarning);
  if ((await store.countUsers()) === 0) {
    // Printed, not logged as JSON only: the operator must be able to read and click it.
    const origin = config.publicUrl ?? address;
    console.log(`
No account yet. Create the first administrator, once, with this link:
  ${origin}/dashboard/setup#${setupToken}
or: curl -X POST ${origin}/api/v1/setup -H 'Content-Type: application/json' \\
      -d '{"token": "${setupToken}", "email": "you@example.gouv.fr", "password": "…12 characters or more…"}'
or: npm run cli -- user create --email you@example.gouv.fr --role admin
`);
  }
  if ((await store.listProcedures()).length === 0) {
    app.log.info('No procedure yet: create one with `npm run cli -- procedure create --name …`');
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
