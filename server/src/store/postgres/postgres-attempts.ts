import type pg from 'pg';
import type { AttemptStore } from '../store.ts';
import { unavailableOnTransientFailure } from './connection.ts';

/** Counters of attempts per target (http/rate-limit.ts), shared by every node: one upsert each. */
export function postgresAttempts(pool: pg.Pool): AttemptStore {
  return {
    async countAttempt(key, windowStart) {
      // The row's lock orders two nodes counting at once: each sees the other's attempt. A newer
      // window starts the count again; an older one (a node whose clock lags) counts in the newer.
      const { rows } = await unavailableOnTransientFailure(() =>
        pool.query<{ count: number }>(
          `INSERT INTO attempts AS a (key, window_start, count) VALUES ($1, $2, 1)
           ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN excluded.window_start > a.window_start THEN 1 ELSE a.count + 1 END,
             window_start = greatest(a.window_start, excluded.window_start)
           RETURNING count`,
          [key, windowStart],
        ),
      );
      return rows[0]?.count ?? 1;
    },
    async forgetAttempts(before) {
      await unavailableOnTransientFailure(() =>
        pool.query('DELETE FROM attempts WHERE window_start < $1', [before]),
      );
    },
  };
}
