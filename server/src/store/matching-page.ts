import { setImmediate } from 'node:timers/promises';
import { commentScanLimit, type SubmissionQuery } from './store.ts';

const batchSize = 1000;

/**
 * One page of the answers whose comment passes a test that SQL cannot run (a folded term or
 * theme, docs/design.md §12), for both stores: batches of rows, newest first, are read after one
 * another (`readAfter(undefined)` is the first) until the page is full or `commentScanLimit` rows
 * were read; `nextCursor` then goes on after the last row that counted.
 */
export async function matchingPage<R extends { comment: string | null }>(
  readAfter: (last: R | undefined, limit: number) => R[] | Promise<R[]>,
  matches: (comment: string) => boolean,
  limit: number,
  cursorOf: (row: R) => string,
): Promise<{ rows: R[]; nextCursor: string | undefined }> {
  const found: R[] = [];
  let read = 0;
  let last: R | undefined;
  for (;;) {
    const batch = await readAfter(last, batchSize);
    for (const row of batch) {
      read++;
      if (row.comment !== null && matches(row.comment)) {
        if (found.length === limit) return { rows: found, nextCursor: cursorOf(found.at(-1) as R) };
        found.push(row);
      }
      if (read >= commentScanLimit) return { rows: found, nextCursor: cursorOf(row) };
    }
    last = batch.at(-1);
    if (!last || batch.length < batchSize) return { rows: found, nextCursor: undefined };
    // A batch is ~20 ms of folding: the loop turns between batches (issue 24, bounded work).
    await setImmediate();
  }
}

/**
 * Where a page's cursor (`{time in ms}.{seq}` of the last answer shown) says to go on; undefined
 * for the first page, and for a malformed cursor (which the route's schema refuses first).
 */
export function cursorPosition(cursor: string | undefined) {
  const [time, seq] = (cursor ?? '').split('.').map(Number);
  return cursor && Number.isFinite(time) && Number.isFinite(seq)
    ? { time: time as number, seq: seq as number }
    : undefined;
}

/**
 * One page of answers, newest first, for both stores: `limit + 1` rows read to know whether more
 * follow, or, with a comment test, the batches of `matchingPage`. `readAfter` reads the rows after
 * `start` (the cursor's position) or after a row.
 */
export async function pageOfAnswers<R extends { comment: string | null }, P>(
  query: SubmissionQuery,
  start: P | undefined,
  readAfter: (
    query: SubmissionQuery,
    after: R | P | undefined,
    limit: number,
  ) => R[] | Promise<R[]>,
  cursorOf: (row: R) => string,
): Promise<{ rows: R[]; nextCursor: string | undefined }> {
  if (query.commentMatches) {
    const withComment = { ...query, withComment: true };
    return matchingPage(
      (last, limit) => readAfter(withComment, last ?? start, limit),
      query.commentMatches,
      query.limit,
      cursorOf,
    );
  }
  const rows = await readAfter(query, start, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > query.limit && last ? cursorOf(last) : undefined };
}
