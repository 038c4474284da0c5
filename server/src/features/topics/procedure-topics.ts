import { setImmediate as nextTurn } from 'node:timers/promises';
import { addDays } from '../../../../common/calendar-days.ts';
import type { CommentQuery, PeriodComment, Store } from '../../store/store.ts';
import { autoInterval } from '../stats/procedure-stats.ts';
import { TermCounter, ThemeCounter, termLists } from './count-topics.ts';
import type { FoldedComment } from './fold-text.ts';
import { starterThemes } from './starter-themes.ts';
import type { TopicsResponse } from './topics-schema.ts';

/**
 * Comments read at most for one period, the most recent first (docs/design.md §12). Folding costs
 * about 20 µs of CPU a comment (stemming memoised, measured by scripts/bench.mjs --only=topics):
 * 5,000 for each of the two periods keeps the route near 250 ms on one core, whatever the period
 * holds.
 */
export const commentsReadPerPeriod = 5_000;

export type TopicsRequest = {
  procedureKey: string;
  from: string;
  to: string;
  source?: string | undefined;
  /** Tests make it small to cross it. */
  limit?: number;
};

const dayMs = 24 * 60 * 60 * 1000;

/** Terms, rising terms and themes of a period's comments against the previous period's. */
export async function procedureTopics(
  store: Store,
  minAnswers: number,
  request: TopicsRequest,
): Promise<TopicsResponse> {
  const { procedureKey, from, to, source, limit = commentsReadPerPeriod } = request;
  const length = Math.round((Date.parse(to) - Date.parse(from)) / dayMs) + 1;
  const previous = { from: addDays(from, -length), to: addDays(from, -1) };
  const interval = autoInterval(from, to);
  const themes = await store.listThemes(procedureKey, starterThemes);

  const current = new TermCounter();
  const themeCounter = new ThemeCounter(themes, interval);
  const before = new TermCounter();
  const period = { procedureKey, source, limit };
  await readPeriod(store, { ...period, fromDay: from, toDay: to }, current, (row, folded) =>
    themeCounter.add(row, folded),
  );
  await readPeriod(store, { ...period, fromDay: previous.from, toDay: previous.to }, before);

  const read = (c: TermCounter) => ({
    read: c.read,
    truncated: c.truncated,
    readFrom: c.oldestDay ?? null,
  });
  return {
    procedure: procedureKey,
    period: { from, to, interval, source: source ?? null },
    previous,
    comments: read(current),
    previousComments: read(before),
    ...termLists(current, before, minAnswers),
    ...themeCounter.figures(current.read, from, to, minAnswers),
  };
}

/** Counts a period's comments, the `limit` most recent; one more is asked to know if there are more. */
async function readPeriod(
  store: Store,
  query: CommentQuery,
  counter: TermCounter,
  each?: (row: PeriodComment, folded: FoldedComment) => void,
): Promise<void> {
  for await (const row of store.readComments({ ...query, limit: query.limit + 1 })) {
    if (counter.read === query.limit) {
      counter.truncated = true;
      return;
    }
    const folded = counter.add(row);
    each?.(row, folded);
    // 5,000 comments are ~100 ms of folding: the loop turns every 250 (~5 ms), so that a
    // period's topics never hold up the other requests (issue 24).
    if (counter.read % 250 === 0) await nextTurn();
  }
}
