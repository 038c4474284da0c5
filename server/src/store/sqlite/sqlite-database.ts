import type Database from 'better-sqlite3';
import { type SqlDatabase, type Statement, sqlIn, type Work } from '../sql.ts';
import { StoreUnavailableError } from '../store.ts';

export type SqliteDatabase = SqlDatabase & {
  /**
   * Runs `work` at once, in whatever transaction the caller has open: shared statements (an audit
   * entry, say) inside the hand-written hot paths of sqlite-store.ts.
   */
  now<T>(work: Work<T>): T;
};

/**
 * Runs the store's shared work (../sql.ts) on the one better-sqlite3 connection: each operation
 * to its end without yielding the event loop, so a transaction holds nobody else's statement.
 */
export function sqliteDatabase(db: Database.Database): SqliteDatabase {
  const prepared = new Map<string, Database.Statement>();
  const execute = ({ sql, values, wants }: Statement): unknown => {
    const text = sqlIn('sqlite', sql);
    let statement = prepared.get(text);
    if (!statement) {
      statement = db.prepare(text);
      prepared.set(text, statement);
    }
    // `$1` is a named parameter to SQLite: bound by the name "1".
    const named = Object.fromEntries(values.map((value, index) => [index + 1, encode(value)]));
    if (wants === 'count') return statement.run(named).changes;
    // `raw` is the statement's mode until changed: set on every read, as the same text may be
    // read either way.
    if (statement.reader) return statement.raw(wants === 'arrays').all(named);
    statement.run(named);
    return [];
  };
  const drive = <T>(work: Work<T>): T => {
    let step = work.next();
    while (!step.done) {
      let result: unknown;
      try {
        result = execute(step.value);
      } catch (error) {
        step = work.throw(error);
        continue;
      }
      step = work.next(result);
    }
    return step.value;
  };
  return {
    dialect: 'sqlite',
    now: drive,
    // A deferred transaction: the statements of a read see one snapshot, even when another
    // process (the CLI) writes between them; it locks nothing until a write.
    read: async (work) => whenWritable(() => db.transaction(() => drive(work())).deferred()),
    transaction: async (work) =>
      whenWritable(() => db.transaction(() => drive(work())).immediate()),
  };
}

/** Times as milliseconds, flags as 0 and 1, as the tables keep them (../codec.ts reads them back). */
function encode(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value ?? null;
}

/** SQLite's answers that mean "not now" rather than "never": the disk, not the request. */
const transientFailures = /^SQLITE_(FULL|IOERR|READONLY|BUSY|LOCKED|CANTOPEN)/;

/** Runs a write; a full or read-only disk becomes a StoreUnavailableError (the transaction rolled back). */
export function whenWritable<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && transientFailures.test(code)) {
      throw new StoreUnavailableError(`The database cannot be written to (${code}).`, {
        cause: error,
      });
    }
    throw error;
  }
}
