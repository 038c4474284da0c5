import type Database from 'better-sqlite3';
import type { AttemptStore } from '../store.ts';

/** Counters of attempts per target (http/target-limit.ts), one statement each. */
export function sqliteAttempts(db: Database.Database): AttemptStore {
  const statements = {
    // A newer window starts the count again; an older one (a node whose clock lags) counts in the
    // newer, so the count never goes back.
    count: db.prepare<[string, number], { count: number }>(
      `INSERT INTO attempts (key, window_start, count) VALUES (?, ?, 1)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN excluded.window_start > attempts.window_start THEN 1
                      ELSE attempts.count + 1 END,
         window_start = max(attempts.window_start, excluded.window_start)
       RETURNING count`,
    ),
    // A row of an older window counts as none: the next countAttempt starts it again at 1.
    read: db.prepare<[number, string], { count: number }>(
      'SELECT CASE WHEN window_start >= ? THEN count ELSE 0 END AS count FROM attempts WHERE key = ?',
    ),
    forget: db.prepare<[number]>('DELETE FROM attempts WHERE window_start < ?'),
  };
  return {
    async countAttempt(key, windowStart) {
      return (statements.count.get(key, windowStart.getTime()) as { count: number }).count;
    },
    async attemptsSince(key, windowStart) {
      return (
        (statements.read.get(windowStart.getTime(), key) as { count: number } | undefined)?.count ??
        0
      );
    },
    async forgetAttempts(before) {
      statements.forget.run(before.getTime());
    },
  };
}
