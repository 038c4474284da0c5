import type pg from 'pg';
import type { AttemptStore } from '../store.ts';
import { unavailableOnTransientFailure } from './connection.ts';

/** Counters of attempts per target (http/target-limit.ts), shared by every node: one statement each. */
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
    async attemptsSince(key, windowStart) {
      // A row of an older window counts as none: the next countAttempt starts it again at 1.
      const { rows } = await unavailableOnTransientFailure(() =>
        pool.query<{ count: number }>(
          `SELECT CASE WHEN window_start >= $2 THEN count ELSE 0 END AS count
           FROM attempts WHERE key = $1`,
          [key, windowStart],
        ),
      );
      return rows[0]?.count ?? 0;
    },
    async forgetAttempts(before) {
      await unavailableOnTransientFailure(() =>
        pool.query('DELETE FROM attempts WHERE window_start < $1', [before]),
      );
    },
  };
}
