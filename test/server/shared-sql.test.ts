import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { inTransaction } from '../../server/src/store/postgres/connection.ts';
import { postgresDatabase } from '../../server/src/store/postgres/postgres-database.ts';
import { row, rows, run, type SqlDatabase, type Work } from '../../server/src/store/sql.ts';
import { sqliteDatabase } from '../../server/src/store/sqlite/sqlite-database.ts';
import { createDatabase } from '../fixtures/postgres-cluster.ts';
import { temporaryDirectory } from '../helpers.ts';

/**
 * The core that runs the store's shared SQL (store/sql.ts) on each database: what every
 * aggregate written once relies on.
 */
const postgresUrl = inject('postgresUrl');

const createNotes = 'CREATE TABLE notes (id integer PRIMARY KEY, text text NOT NULL)';

type Core = {
  database: SqlDatabase;
  /**
   * Runs `work` through the driver's way into a transaction the caller opened (SQLite's `now`,
   * PostgreSQL's `on`), next to a statement the caller runs itself; then rolls that transaction
   * back. Returns what `work` returned.
   */
  insideCallerTransaction<T>(callerSql: string, work: Work<T>): Promise<T>;
  close(): Promise<void>;
};

const cores: { name: string; available: boolean; open: () => Promise<Core> }[] = [
  {
    name: 'SQLite',
    available: true,
    async open() {
      const db = new Database(join(temporaryDirectory(), 'shared-sql.sqlite'));
      db.exec(createNotes);
      const database = sqliteDatabase(db);
      return {
        database,
        async insideCallerTransaction(callerSql, work) {
          let result: unknown;
          const rolledBack = new Error('rolled back');
          try {
            db.transaction(() => {
              db.exec(callerSql);
              result = database.now(work);
              throw rolledBack;
            })();
          } catch (error) {
            if (error !== rolledBack) throw error;
          }
          return result as never;
        },
        async close() {
          db.close();
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    available: postgresUrl !== '',
    async open() {
      const pool = new pg.Pool({ connectionString: await createDatabase(postgresUrl) });
      await pool.query(createNotes);
      const database = postgresDatabase(pool);
      return {
        database,
        async insideCallerTransaction(callerSql, work) {
          let result: unknown;
          const rolledBack = new Error('rolled back');
          await inTransaction(pool, async (client) => {
            await client.query(callerSql);
            result = await database.on(client, work);
            throw rolledBack;
          }).catch((error) => {
            if (error !== rolledBack) throw error;
          });
          return result as never;
        },
        close: () => pool.end(),
      };
    },
  },
];

function* noteTexts(): Work<string[]> {
  const found = yield* rows<{ text: string }>('SELECT text FROM notes ORDER BY id');
  return found.map((note) => note.text);
}

describe.each(cores)('shared SQL on $name', ({ name, available, open }) => {
  const opened: Core[] = [];
  const core = async () => {
    const made = await open();
    opened.push(made);
    return made;
  };
  afterAll(async () => {
    for (const made of opened) await made.close();
  });

  it.runIf(available)(
    "commits a transaction's statements together, or none when one fails",
    async () => {
      const { database } = await core();
      const failing = database.transaction(function* () {
        yield* run('INSERT INTO notes (id, text) VALUES ($1, $2)', [1, 'first']);
        yield* run('INSERT INTO notes (id, text) VALUES ($1, $2)', [2, null]);
      });
      await expect(failing).rejects.toThrow(/null|NOT NULL/i);
      expect(await database.read(noteTexts)).toEqual([]);

      await database.transaction(function* () {
        yield* run('INSERT INTO notes (id, text) VALUES ($1, $2)', [1, 'first']);
        yield* run('INSERT INTO notes (id, text) VALUES ($1, $2)', [2, 'second']);
      });
      expect(await database.read(noteTexts)).toEqual(['first', 'second']);
    },
  );

  it.runIf(available)(
    "runs each database's own text of a statement written side by side",
    async () => {
      const { database } = await core();
      const said = await database.read(() =>
        row<{ dialect: string }>({
          sqlite: `SELECT 'SQLite' || sqlite_version() AS dialect`,
          postgres: `SELECT 'PostgreSQL' AS dialect WHERE version() <> ''`,
        }),
      );
      expect(said?.dialect).toMatch(new RegExp(`^${name}`));
    },
  );

  it.runIf(available)(
    "runs shared work inside the caller's own transaction, seeing and losing what it did",
    async () => {
      const { insideCallerTransaction, database } = await core();
      const seen = await insideCallerTransaction(
        "INSERT INTO notes (id, text) VALUES (1, 'by the caller')",
        (function* () {
          yield* run('INSERT INTO notes (id, text) VALUES ($1, $2)', [2, 'by the shared work']);
          return yield* noteTexts();
        })(),
      );
      expect(seen).toEqual(['by the caller', 'by the shared work']);
      // The caller's rollback took the shared work's row with it: it was never committed apart.
      expect(await database.read(noteTexts)).toEqual([]);
    },
  );
});
