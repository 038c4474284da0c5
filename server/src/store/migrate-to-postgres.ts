import Database from 'better-sqlite3';
import pg from 'pg';
import type { ProgressReport } from '../progress-report.ts';
import { openPostgresStore } from './postgres/postgres-store.ts';
import { rollupCounters } from './rollups.ts';
import { type Table, tables } from './tables.ts';

const batchSize = 5000;

/** Per procedure: answers stored, and every rollup counter summed over all days. */
const checksum = `SELECT p.key,
    (SELECT count(*) FROM submissions s WHERE s.procedure_id = p.id) AS submissions,
    ${rollupCounters
      .map(
        (c) =>
          `(SELECT COALESCE(SUM(${c}), 0) FROM daily_rollups r WHERE r.procedure_id = p.id) AS ${c}`,
      )
      .join(',\n    ')}
  FROM procedures p`;

/**
 * Copies a SQLite database into an empty PostgreSQL one, in one PostgreSQL transaction, then
 * compares every table's row count and, per procedure, the answers and every rollup total: on any difference
 * nothing is committed. The SQLite file is opened read-only and left as it was. Every column of
 * `tables` is copied, ids included, so procedure keys, links, API keys and sessions all go on
 * working. The term counts (`rebuiltTables`) are not: the copied answers' comments are queued
 * again by PostgreSQL's triggers, and the server counts them once it starts (docs/design.md §12).
 */
export async function migrateToPostgres(
  sqlitePath: string,
  postgresUrl: string,
  onProgress: (progress: ProgressReport) => void = () => {},
) {
  // Creates the schema (migrations) if the database is new.
  await (await openPostgresStore({ url: postgresUrl, poolSize: 1 })).close();
  const source = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  const target = new pg.Client({ connectionString: postgresUrl });
  await target.connect();
  try {
    await target.query('BEGIN');
    const { rows } = await target.query<{ n: string }>('SELECT count(*) AS n FROM procedures');
    if (Number(rows[0]?.n) > 0) {
      throw new Error(
        'The PostgreSQL database already holds procedures: migrate into an empty one.',
      );
    }
    // Its own migration made a default organisation: the copy brings SQLite's, with its id.
    await target.query('DELETE FROM organisations');
    const copied: Record<string, number> = {};
    const progress = { done: 0, total: countRows(source), unit: 'rows' };
    for (const table of tables) {
      copied[table.name] = await copyTable(source, target, table, (rows) => {
        progress.done += rows;
        onProgress(progress);
      });
    }
    for (const { name } of tables) {
      const sourceRows = (
        source.prepare(`SELECT count(*) AS n FROM ${name}`).get() as { n: number }
      ).n;
      const { rows } = await target.query<{ n: string }>(`SELECT count(*) AS n FROM ${name}`);
      if (Number(rows[0]?.n) !== sourceRows) {
        throw new Error(
          `The copy of ${name} holds ${rows[0]?.n} rows, not ${sourceRows}; nothing was written.`,
        );
      }
    }
    const expected = normalise(source.prepare(checksum).all());
    const actual = normalise((await target.query(checksum)).rows);
    if (actual !== expected) {
      throw new Error(
        'The copy differs from the SQLite database (counts or rollup totals); nothing was written.',
      );
    }
    await target.query('COMMIT');
    return { copied, verified: 'answers and rollup totals of every procedure' };
  } catch (error) {
    await target.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    source.close();
    await target.end();
  }
}

function countRows(source: Database.Database): number {
  return tables.reduce(
    (sum, { name }) =>
      sum + (source.prepare(`SELECT count(*) AS n FROM ${name}`).get() as { n: number }).n,
    0,
  );
}

async function copyTable(
  source: Database.Database,
  target: pg.Client,
  table: Table,
  onCopied: (rows: number) => void,
): Promise<number> {
  const columns = table.columns.join(', ');
  const insert = `INSERT INTO ${table.name} (${columns})
    ${table.identity ? 'OVERRIDING SYSTEM VALUE' : ''}
    SELECT ${columns} FROM json_populate_recordset(NULL::${table.name}, $1)`;
  let batch: Record<string, unknown>[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length > 0) await target.query(insert, [JSON.stringify(batch)]);
    count += batch.length;
    onCopied(batch.length);
    batch = [];
  };
  for (const row of source.prepare(`SELECT ${columns} FROM ${table.name}`).iterate()) {
    const values = row as Record<string, unknown>;
    for (const column of table.times ?? []) {
      if (values[column] !== null)
        values[column] = new Date(values[column] as number).toISOString();
    }
    for (const column of table.booleans ?? []) {
      if (values[column] !== null) values[column] = values[column] === 1;
    }
    for (const column of table.json ?? []) {
      values[column] = JSON.parse(values[column] as string);
    }
    batch.push(values);
    if (batch.length === batchSize) await flush();
  }
  await flush();
  if (table.identity) {
    // New rows continue after the copied ones.
    await target.query(
      `SELECT setval(pg_get_serial_sequence('${table.name}', '${table.identity}'),
         COALESCE((SELECT max(${table.identity}) FROM ${table.name}), 0) + 1, false)`,
    );
  }
  return count;
}

/** The checksum rows as one comparable text, whatever each database's types and row order. */
function normalise(rows: unknown[]): string {
  return rows
    .map((row) =>
      Object.values(row as Record<string, unknown>)
        .map(String)
        .join(' '),
    )
    .sort()
    .join('\n');
}
