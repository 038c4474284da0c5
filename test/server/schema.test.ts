import pg from 'pg';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { openPostgresStore } from '../../server/src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import { rebuiltTables, type Table, tables } from '../../server/src/store/tables.ts';
import { createDatabase } from '../fixtures/postgres-cluster.ts';
import { readDatabase, temporaryDirectory } from '../helpers.ts';

/**
 * The schema exists in three places (SQLite's migrations, PostgreSQL's, the migration tool's
 * copy): all three are held to the one list in tables.ts, so none can miss a column.
 */
const postgresUrl = inject('postgresUrl');

/** Each table's columns in order, as tables.ts has them for a database (copied or rebuilt). */
function expected(database: 'sqlite' | 'postgres') {
  return Object.fromEntries(
    [...tables, ...rebuiltTables].map((table) => [
      table.name,
      database === 'postgres' ? postgresColumns(table) : table.columns,
    ]),
  );
}

/** PostgreSQL's columns: its own (generated) ones sit where its migrations added them. */
function postgresColumns(table: Table): string[] {
  const columns = [...table.columns];
  for (const { name, after } of table.postgresOnly ?? []) {
    columns.splice(columns.indexOf(after) + 1, 0, name);
  }
  return columns;
}

describe('the schema', () => {
  it('SQLite, once migrated, has exactly the tables and columns of tables.ts', async () => {
    const path = `${temporaryDirectory()}/avis.sqlite`;
    await openSqliteStore({ path }).close();
    // comment_search and its shadow tables are FTS5's own (PostgreSQL: a generated column).
    const actual = readDatabase(path, (db) =>
      Object.fromEntries(
        db
          .prepare(
            `SELECT name FROM sqlite_schema WHERE type = 'table'
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             AND name NOT LIKE 'comment\\_search%' ESCAPE '\\'`,
          )
          .all()
          .map((row) => (row as { name: string }).name)
          .map((name) => [
            name,
            db
              .prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid')
              .all(name)
              .map((column) => (column as { name: string }).name),
          ]),
      ),
    );
    expect(actual).toEqual(expected('sqlite'));
  });

  it.skipIf(!postgresUrl)(
    'PostgreSQL, once migrated, has exactly the tables and columns of tables.ts',
    async () => {
      const url = await createDatabase(postgresUrl);
      await (await openPostgresStore({ url, poolSize: 1 })).close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      onTestFinished(() => client.end());
      // schema_migrations is the migration runner's own record.
      const { rows } = await client.query<{ table_name: string; columns: string[] }>(
        `SELECT c.table_name, array_agg(c.column_name::text ORDER BY c.ordinal_position) AS columns
         FROM information_schema.columns c
         JOIN information_schema.tables t USING (table_schema, table_name)
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
           AND c.table_name <> 'schema_migrations'
         GROUP BY c.table_name`,
      );
      const actual = Object.fromEntries(rows.map((row) => [row.table_name, row.columns]));
      expect(actual).toEqual(expected('postgres'));
    },
  );

  it('the migration tool converts only columns it copies', () => {
    for (const table of tables) {
      for (const column of [
        ...(table.times ?? []),
        ...(table.booleans ?? []),
        ...(table.json ?? []),
      ])
        expect(table.columns).toContain(column);
      if (table.identity) expect(table.columns).toContain(table.identity);
    }
  });
});
