import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { migrations } from './sqlite/migrations.ts';

/** What a restore put in place, printed by `restore` so the operator sees what came back. */
export type Restored = {
  /** The backup's schema version; the server migrates it further at its next start. */
  schemaVersion?: number;
  procedures: number;
  answers: number;
  /** The newest answer's report day, to tell which backup this was. */
  lastAnswerDay: string | null;
  /** Where the database that was there before now is (SQLite), so a wrong restore is undone. */
  replaced?: string;
};

/** A restore refused before anything changed: the reason is for the operator. */
export class RestoreRefused extends Error {}

const countsSql = `SELECT (SELECT count(*) FROM procedures) AS procedures,
  (SELECT count(*) FROM submissions) AS answers,
  (SELECT CAST(max(day) AS TEXT) FROM submissions) AS last_answer_day`;

type Counts = {
  procedures: number | string;
  answers: number | string;
  last_answer_day: string | null;
};

/**
 * Puts a `backup` file in place of the SQLite database at `path`. The file is copied beside the
 * database and checked there (integrity, a database of this service, a schema this program
 * knows) before anything is replaced; a database some process has open is refused, since
 * replacing it under a running server would lose what it writes. The database that was there is
 * kept beside it, renamed, never deleted.
 */
export function restoreSqlite(path: string, file: string, now = new Date()): Restored {
  if (!existsSync(file)) throw new RestoreRefused(`There is no file ${file}.`);
  const candidate = join(dirname(path), `.${basename(path)}.restoring`);
  copyFileSync(file, candidate);
  let restored: Restored;
  try {
    let db: Database.Database;
    try {
      db = new Database(candidate, { fileMustExist: true });
      db.pragma('schema_version');
    } catch (error) {
      throw new RestoreRefused(`${file} is not a database: ${(error as Error).message}`);
    }
    try {
      db.pragma('journal_mode = DELETE');
      const integrity = db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok')
        throw new RestoreRefused(`${file} failed its integrity check: ${integrity}`);
      const schemaVersion = db.pragma('user_version', { simple: true }) as number;
      if (schemaVersion > migrations.length)
        throw new RestoreRefused(`${file} comes from a newer version of this program.`);
      const counts = readCounts(db, file);
      restored = { schemaVersion, ...counts };
    } finally {
      db.close();
    }
    if (existsSync(path)) {
      refuseIfInUse(path);
      restored.replaced = `${path}.replaced-${now.toISOString().replace(/[:.]/g, '-')}`;
      renameSync(path, restored.replaced);
    }
    renameSync(candidate, path);
  } finally {
    rmSync(candidate, { force: true });
  }
  return restored;
}

function readCounts(db: Database.Database, file: string) {
  try {
    return countsOf(db.prepare(countsSql).get() as Counts);
  } catch {
    throw new RestoreRefused(`${file} is not a database of this service.`);
  }
}

/**
 * A server or CLI holding the database open keeps a lock on it (WAL mode): leaving WAL mode
 * needs every other connection gone, so it fails at once, without waiting, while one is there.
 * It also folds the WAL into the file, so the renamed database is whole by itself.
 */
function refuseIfInUse(path: string) {
  const db = new Database(path, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('journal_mode = DELETE');
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    throw new RestoreRefused(
      `${path} is in use (a server or a command has it open): stop it, then restore again.`,
    );
  } finally {
    db.close();
  }
}

/**
 * Restores a `backup` file (pg_dump's custom format) into the PostgreSQL database `url`, in one
 * transaction: all of it or nothing. Refused while another session is connected to that
 * database (a server running on it), and for a file that is not a dump of this service.
 */
export async function restorePostgres(url: string, file: string): Promise<Restored> {
  if (!existsSync(file) || statSync(file).size === 0)
    throw new RestoreRefused(`There is no file ${file}.`);
  const run = promisify(execFile);
  const listing = await run('pg_restore', ['--list', file]).catch(() => ({ stdout: '' }));
  if (!/TABLE DATA public submissions/.test(listing.stdout))
    throw new RestoreRefused(`${file} is not a pg_dump backup of this service.`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ sessions: string }>(
      `SELECT count(*) AS sessions FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    if (Number(rows[0]?.sessions) > 0)
      throw new RestoreRefused(
        `The database is in use (${rows[0]?.sessions} other sessions): stop the servers, then restore again.`,
      );
    await run('pg_restore', [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${url}`,
      file,
    ]);
    const counts = await client.query<Counts>(countsSql);
    return countsOf(counts.rows[0] as Counts);
  } finally {
    await client.end();
  }
}

function countsOf(row: Counts) {
  return {
    procedures: Number(row.procedures),
    answers: Number(row.answers),
    lastAnswerDay: row.last_answer_day,
  };
}
