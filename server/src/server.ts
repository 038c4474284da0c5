import { fileURLToPath } from 'node:url';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import { ConfigError, configFromEnvironment } from './config.ts';
import { openSqliteStore } from './store/sqlite/sqlite-store.ts';

/** Starts the service: parse the configuration, open the database, listen, close on signals. */
async function main(): Promise<void> {
  const config = configFromEnvironment();
  const store = openSqliteStore({ path: config.databasePath });
  // dist/server.js serves the widget built beside it, in dist/widget.
  const widgetDir = fileURLToPath(new URL('./widget/', import.meta.url));
  const app = await buildApp({ config, store, widgetDir });

  // SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish (each answer is
  // committed before its reply), then close the database. A second signal forces the exit.
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an unexpected error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
    await store.close();
  });

  await app.listen({ port: config.port, host: config.host });
  app.log.info({ database: config.databasePath }, 'database ready');
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
