import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../server/src/store/sqlite/migrations.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import { readDatabase, temporaryDirectory } from '../helpers.ts';

// What both stores share is in store-contract.test.ts; this is what only SQLite has.
describe('SQLite store', () => {
  it('creates and migrates an empty database, with durable settings', async () => {
    const path = join(temporaryDirectory(), 'nested', 'avis.sqlite');
    const store = openSqliteStore({ path });
    await store.close();
    const state = readDatabase(path, (db) => ({
      version: db.pragma('user_version', { simple: true }),
      journal: db.pragma('journal_mode', { simple: true }),
      tables: db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .all()
        .map((row) => (row as { name: string }).name),
    }));
    expect(state).toEqual({
      version: migrations.length,
      journal: 'wal',
      tables: expect.arrayContaining(['daily_rollups', 'procedures', 'submissions', 'users']),
    });
  });
});
