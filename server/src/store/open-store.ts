import type { Config } from '../config.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { openSqliteStore } from './sqlite/sqlite-store.ts';
import type { Store } from './store.ts';

/** The configured database: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export async function openStore(config: Config): Promise<Store> {
  return config.databaseUrl
    ? openPostgresStore({ url: config.databaseUrl })
    : openSqliteStore({ path: config.databasePath });
}

/** Where the data is, for logs and messages: never the PostgreSQL password. */
export function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return config.databasePath;
  const url = new URL(config.databaseUrl);
  url.password = '';
  return url.toString();
}
