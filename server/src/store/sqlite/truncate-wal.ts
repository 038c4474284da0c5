import type Database from 'better-sqlite3';

/**
 * Truncates the WAL, so that the mail bodies erased so far are gone from the database's files
 * (../mail.ts, forgetErasedMails): `secure_delete` (sqlite-store.ts) zeroes the freed cells and
 * pages, in the database file and in the new page images, but the WAL still holds the images
 * written before the erasure until a checkpoint truncates it. False when it could not, now.
 */
export function truncateWal(db: Database.Database): boolean {
  // Never wait for another process's reader (the CLI): with the usual busy timeout the
  // checkpoint would hold the event loop up to 5 s. Busy now, done on the sender's next pass.
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return result?.busy === 0;
  } catch {
    // Inside another statement's transaction or locked: the next call tries again.
    return false;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}
