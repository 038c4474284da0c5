import type pg from 'pg';
import { type SqlDatabase, type Statement, sqlIn, type Work } from '../sql.ts';
import {
  inTransaction,
  prepared,
  type Queryable,
  unavailableOnTransientFailure,
} from './connection.ts';

export type PostgresDatabase = SqlDatabase & {
  /**
   * Runs `work` on `client`, in whatever transaction it has open: shared statements (an audit
   * entry, say) inside the hand-written hot paths of postgres-store.ts.
   */
  on<T>(client: Queryable, work: Work<T>): Promise<T>;
};

/**
 * Runs the store's shared work (../sql.ts) on PostgreSQL: each statement awaited in turn, a
 * transaction's on one connection of the pool.
 */
export function postgresDatabase(pool: pg.Pool): PostgresDatabase {
  const execute = async (on: Queryable, { sql, values, wants, hot }: Statement) => {
    const text = sqlIn('postgres', sql);
    const encoded = values.map(encode);
    const { rows, rowCount } = await on.query({
      ...(hot ? prepared(text, encoded) : { text, values: encoded }),
      ...(wants === 'arrays' && { rowMode: 'array' }),
    });
    return wants === 'count' ? (rowCount ?? 0) : rows;
  };
  const drive = async <T>(work: Work<T>, on: Queryable): Promise<T> => {
    let step = work.next();
    while (!step.done) {
      let result: unknown;
      try {
        result = await execute(on, step.value);
      } catch (error) {
        step = work.throw(error);
        continue;
      }
      step = work.next(result);
    }
    return step.value;
  };
  return {
    dialect: 'postgres',
    on: (client, work) => drive(work, client),
    read: (work) => unavailableOnTransientFailure(() => drive(work(), pool)),
    transaction: (work) => inTransaction(pool, (client) => drive(work(), client)),
  };
}

function encode(value: unknown): unknown {
  return value ?? null;
}
