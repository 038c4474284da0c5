import { row, run, type SqlDatabase } from './sql.ts';

/**
 * Attempts per target (an account's e-mail, a link's token), counted where every node sees them:
 * the limits of http/target-limit.ts, which must hold across nodes (issue 24).
 */
export interface AttemptStore {
  /**
   * Counts one attempt at `key` in the fixed window that starts at `windowStart`, in one atomic
   * statement (two nodes at once count two), and returns the window's count, this one included.
   */
  countAttempt(key: string, windowStart: Date): Promise<number>;
  /**
   * The count at `key` in the window that starts at `windowStart` (0 if its window is older), in
   * one statement, counting nothing: a limit on failures reads it before the attempt.
   */
  attemptsSince(key: string, windowStart: Date): Promise<number>;
  /** Forgets the counts of windows that started before `before`. */
  forgetAttempts(before: Date): Promise<void>;
}

/** Counters of attempts per target, one statement each. */
export function attemptStore(db: SqlDatabase): AttemptStore {
  return {
    countAttempt: (key, windowStart) =>
      db.read(function* () {
        // The row's lock orders two nodes counting at once (SQLite: its one writer): each sees
        // the other's attempt. A newer window starts the count again; an older one (a node whose
        // clock lags) counts in the newer, so the count never goes back.
        const counted = yield* row<{ count: number }>(
          `INSERT INTO attempts AS a (key, window_start, count) VALUES ($1, $2, 1)
           ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN excluded.window_start > a.window_start THEN 1 ELSE a.count + 1 END,
             window_start = CASE WHEN excluded.window_start > a.window_start
                            THEN excluded.window_start ELSE a.window_start END
           RETURNING count`,
          [key, windowStart],
        );
        return counted?.count ?? 1;
      }),

    attemptsSince: (key, windowStart) =>
      db.read(function* () {
        // A row of an older window counts as none: the next countAttempt starts it again at 1.
        const found = yield* row<{ count: number }>(
          `SELECT CASE WHEN window_start >= $2 THEN count ELSE 0 END AS count
           FROM attempts WHERE key = $1`,
          [key, windowStart],
        );
        return found?.count ?? 0;
      }),

    async forgetAttempts(before) {
      await db.read(() => run('DELETE FROM attempts WHERE window_start < $1', [before]));
    },
  };
}
