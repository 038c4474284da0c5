import { setImmediate as nextTurn } from 'node:timers/promises';
import { addDays } from '../../../../common/calendar-days.ts';
import { keptMonthsAtMost } from '../../store/observatoire.ts';
import { keptFirstDays, settledMonthsBefore } from '../../store/rollups.ts';
import type { Store } from '../../store/store.ts';

/**
 * How many settled months a server reads into memory after it starts (keepRecentMonths): all
 * those a store keeps, so that a period of up to 18 months and the one before it, ending
 * anywhere in them, read only days from its first request (with 24, a year ending two months
 * ago reached back to months not read yet: 0.27 s, BENCHMARKS.md).
 */
export const monthsKeptAtStart = keptMonthsAtMost;

/**
 * After a start, the last settled months' sums, and their first days', read into the store's
 * memory (docs/design.md §13), newest first, each a turn of the event loop (a month, then its
 * first 7, 15 and 23 days) so that answers arriving meanwhile wait one read at most (on SQLite,
 * a read holds the event loop): the first Observatoire request then reads
 * only the days at its ends, as every later one. Stops early once `stopped()`. Returns how many
 * months it read.
 */
export async function keepRecentMonths(
  store: Store,
  now: Date,
  stopped: () => boolean,
  months = monthsKeptAtStart,
): Promise<number> {
  let month = settledMonthsBefore(now.getTime());
  let kept = 0;
  for (; kept < months && !stopped(); kept++) {
    month = addDays(`${month}-01`, -1).slice(0, 7);
    for (const firstDays of [undefined, ...keptFirstDays]) {
      await store.keepSettledMonth(month, firstDays);
      await nextTurn();
    }
  }
  return kept;
}
