import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../server/src/store/sqlite/migrations.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import { readDatabase, temporaryDirectory, uuidv7 } from '../helpers.ts';

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

  it('reopens an already migrated database without losing or redoing anything', async () => {
    const path = join(temporaryDirectory(), 'avis.sqlite');
    const first = openSqliteStore({ path });
    const procedure = await first.createProcedure({ name: 'Passeport', allowedOrigins: [] });
    await first.close();

    const again = openSqliteStore({ path });
    expect((await again.listProcedures()).map((p) => p.key)).toEqual([procedure.key]);
    await again.close();
    expect(readDatabase(path, (db) => db.pragma('user_version', { simple: true }))).toBe(
      migrations.length,
    );
  });

  it('refuses a database from a newer version of the program', () => {
    const path = join(temporaryDirectory(), 'avis.sqlite');
    const db = new Database(path);
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    expect(() => openSqliteStore({ path })).toThrow(/newer than this program/);
  });

  it('gives each procedure a random 10-character key', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const keys = new Set<string>();
    for (let i = 0; i < 50; i++) {
      keys.add((await store.createProcedure({ name: `P${i}`, allowedOrigins: [] })).key);
    }
    await store.close();
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[a-z0-9]{10}$/);
    // Not sequential: sorted creation order would betray a counter.
    expect([...keys]).not.toEqual([...keys].sort());
  });

  it('says "not found" with undefined, not an exception', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    expect(await store.findProcedure('nothere')).toBeUndefined();
    expect(await store.findSubmission(uuidv7())).toBeUndefined();
    await store.close();
  });

  it('makes a backup that holds the data and passes an integrity check', async () => {
    const dir = temporaryDirectory();
    const store = openSqliteStore({ path: join(dir, 'avis.sqlite') });
    const procedure = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
    await store.backup(join(dir, 'copies', 'backup.sqlite'));
    await store.close();
    const copy = openSqliteStore({ path: join(dir, 'copies', 'backup.sqlite') });
    expect(await copy.findProcedure(procedure.key)).toMatchObject({ name: 'Passeport' });
    await copy.close();
  });
});
