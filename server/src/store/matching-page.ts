import { setImmediate } from 'node:timers/promises';
import { commentScanLimit } from './store.ts';

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
