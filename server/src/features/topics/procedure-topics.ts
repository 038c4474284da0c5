import { previousPeriod } from '../../../../common/calendar-days.ts';
import type { Store } from '../../store/store.ts';
import { rareTermComments, type TermSum } from '../../store/terms.ts';
import { autoInterval } from '../stats/procedure-stats.ts';
import { countQueuedTerms, termCounting } from './count-terms.ts';
import {
  comparedTerms,
  describeTerms,
  listedKeys,
  mayListRareTerms,
  type PeriodTerms,
  rankTerms,
  themeFigures,
  topicLimits,
} from './count-topics.ts';
import { starterThemes } from './starter-themes.ts';
import type { TopicsResponse } from './topics-schema.ts';

export type TopicsRequest = {
  procedureKey: string;
  from: string;
  to: string;
  source?: string | undefined;
  /** Changes of the procedure counted at most before answering; tests make it small to cross it. */
  countBound?: number;
};

/**
 * Terms, rising terms and themes of every comment of a period against the previous period
 * (docs/design.md §12), from the counts of store/terms.ts. The procedure's own queued changes
 * are counted first, up to a bound, so that an owner reads what was just written; past the bound
 * the answer says how many still wait (`pending`).
 */
export async function procedureTopics(
  store: Store,
  minAnswers: number,
  request: TopicsRequest,
): Promise<TopicsResponse> {
  const { procedureKey, from, to, source, countBound = termCounting.routeBound } = request;
  const previous = previousPeriod({ from, to });
  const interval = autoInterval(from, to);
  // First: the starter set, given on the first reading, restarts the theme counts.
  const themes = await store.listThemes(procedureKey, starterThemes);
  // Waits for the batches of this procedure another node is counting (PostgreSQL).
  await countQueuedTerms(store, { procedureKey, limit: countBound, wait: true });
  const pending = await store.pendingTermChanges(procedureKey);

  const period = { procedureKey, source };
  const sumOfPeriod = (rare: boolean) =>
    store.sumTerms({
      ...period,
      fromDay: from,
      toDay: to,
      minComments: topicLimits.minComments,
      rare,
    });
  // The terms of 10 comments or more first; the rare ones too only when one of them may be
  // listed (a short period, a small procedure).
  let rare = false;
  let current = periodTerms(await sumOfPeriod(rare));
  if (mayListRareTerms(current, rareTermComments)) {
    rare = true;
    current = periodTerms(await sumOfPeriod(rare));
  }
  const before = periodTerms(
    await store.sumTerms({
      ...period,
      fromDay: previous.from,
      toDay: previous.to,
      minComments: 0,
      // A term's rows are all rare or all not: the ones compared are among those read now.
      rare,
      terms: ['', ...comparedTerms(current)],
    }),
  );
  const ranked = rankTerms(current, before);
  const labels = await store.termLabels(procedureKey, listedKeys(ranked));
  const days = await store.themeDays({ ...period, fromDay: from, toDay: to });
  return {
    procedure: procedureKey,
    period: { from, to, interval, source: source ?? null },
    previous,
    comments: current.total,
    previousComments: before.total,
    pending,
    ...describeTerms(ranked, { now: current.total, before: before.total }, labels, minAnswers),
    ...themeFigures(themes, days, { from, to, interval }, current.total, minAnswers),
  };
}

function periodTerms(sums: readonly TermSum[]): PeriodTerms {
  const tallies = new Map(sums.map(({ term, ...counts }) => [term, counts]));
  return { total: tallies.get('')?.comments ?? 0, tallies };
}
