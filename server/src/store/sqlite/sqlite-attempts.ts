import type Database from 'better-sqlite3';
import type { AttemptStore } from '../store.ts';

/** Counters of attempts per target (http/rate-limit.ts), one upsert each. */
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
    forget: db.prepare<[number]>('DELETE FROM attempts WHERE window_start < ?'),
  };
  return {
    async countAttempt(key, windowStart) {
      return (statements.count.get(key, windowStart.getTime()) as { count: number }).count;
    },
    async forgetAttempts(before) {
      statements.forget.run(before.getTime());
    },
  };
}
