import type pg from 'pg';
import { StoreUnavailableError } from '../store.ts';

export type Queryable = Pick<pg.PoolClient, 'query'>;

/** Runs `work` in a transaction on one connection of the pool: COMMIT, or ROLLBACK and throw. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>) {
  return unavailableOnTransientFailure(async () => {
    // A deadlock or serialisation failure between nodes is resolved by running the loser again.
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      // A connection cut while checked out (database restarted, failover) must not become an
      // uncaught 'error' event: the query in progress fails, and the client is thrown away.
      const ignore = () => {};
      client.on('error', ignore);
      let failed: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        failed = error as Error;
        await client.query('ROLLBACK').catch(() => {});
        const code = (error as { code?: string }).code;
        if (attempt < 5 && (code === '40P01' || code === '40001')) continue;
        throw error;
      } finally {
        client.off('error', ignore);
        // After a failure the connection may be broken: the pool opens a fresh one.
        client.release(failed);
      }
    }
  });
}

/**
 * PostgreSQL's answers that mean "not now" rather than "never": no connection, server starting or
 * stopping, disk full, read-only. Nothing was committed; the API answers 503 with Retry-After.
 */
const transientStates = /^(08|53|57P0[1-3]|25006|40001|40P01)/;
const transientNetwork = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

export async function unavailableOnTransientFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error;
    const code = (error as { code?: unknown }).code;
    const message = (error as { message?: unknown }).message;
    if (
      (typeof code === 'string' && (transientStates.test(code) || transientNetwork.has(code))) ||
      (typeof message === 'string' && /Connection terminated|timeout exceeded/.test(message))
    ) {
      const reason = `${code ?? message}`;
      throw new StoreUnavailableError(`The database cannot be reached or written to (${reason}).`, {
        cause: error,
      });
    }
    throw error;
  }
}

const statementNames = new Map<string, string>();

/**
 * A query as a named statement, so that each connection plans it once and reuses the plan: the
 * stats' sums of 58 counters were planned anew on every call. Only for the hot statements whose
 * text never varies and whose columns are listed (a named `SELECT *` fails once a migration
 * changes its table under a running node), and whose filters suit one generic plan (not the
 * answer list's optional search): ingestion's, the stats', and the shared statements marked `hot`
(../sql.ts: who is calling, on every API call and page). Past 500 distinct texts, the rest go
unnamed.
 */
export function prepared(text: string, values: unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < 500) {
    name = `s${statementNames.size}`;
    statementNames.set(text, name);
  }
  return name === undefined ? { text, values } : { name, text, values };
}
