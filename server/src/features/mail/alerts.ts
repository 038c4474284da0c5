import { addDays, reportDay } from '../../../../common/calendar-days.ts';
import type { Store } from '../../store/store.ts';
import { beyondCombinedMargin, computeIndicators, type Indicator } from '../stats/indicators.ts';

/** docs/design.md §9: a drop needs this many answers in its 7 days; fewer say nothing reliable. */
export const dropMinimumAnswers = 30;
/** docs/design.md §9: a procedure is silent after this long without an answer… */
const silenceMs = 24 * 60 * 60 * 1000;
/** …when it had answers on each of this many days before. */
const busyDays = 14;

export type DropAlert = {
  kind: 'drop';
  /**
   * The 7 days ending now: today so far and the 6 days before (report days, inclusive), `until`
   * the instant it was judged at.
   */
  recent: { from: string; to: string; until: string; satisfaction: Indicator };
  /** The 28 whole days before them. */
  before: { from: string; to: string; satisfaction: Indicator };
};
export type SilenceAlert = {
  kind: 'silence';
  /** When the last answer came. */
  lastAnswerAt: string;
};
export type Alert = DropAlert | SilenceAlert;

/**
 * The situations an owner is alerted to (docs/design.md §9), as they stand at `now`, from the daily
 * rollups and `computeIndicators` (the stats route's own formulas).
 *
 * Drop: satisfaction over the 7 days ending now is below that of the 28 days before them by more
 * than the margin of the difference, √(m₇² + m₂₈²) (the two 95 % margins combined), with at least
 * 30 answers in the 7 days. Rollups are per report day, so "the 7 days ending now" is today so
 * far and the 6 days before: a fall that starts in the morning shows the same day, not the next.
 * A partial today weighs what it holds, each answer once like any other day's (nothing is
 * extrapolated to a whole day): satisfaction is a mean per answer, so the sides compare whatever
 * their volume, and the fewer answers the 7 days hold the wider their margin (a few answers this
 * morning move the figure little); the 30 answers are counted over the whole 7 days, today so far included.
 * Silence: no answer for 24 hours, after answers on each of the 14 days up to the last one.
 */
export async function currentAlerts(
  store: Store,
  procedureKey: string,
  now: Date,
  timeZone: string,
): Promise<Alert[]> {
  const alerts: Alert[] = [];
  const today = reportDay(now, timeZone);
  const recent = { from: addDays(today, -6), to: today };
  const before = { from: addDays(today, -34), to: addDays(today, -7) };
  const satisfactionOf = async (period: { from: string; to: string }) =>
    computeIndicators(
      await store.sumRollups({ procedureKey, fromDay: period.from, toDay: period.to }),
      // The threshold for «Nombre d'avis insuffisant» plays no part here.
      1,
    ).satisfaction;
  const recentSatisfaction = await satisfactionOf(recent);
  if (recentSatisfaction.sample >= dropMinimumAnswers) {
    const beforeSatisfaction = await satisfactionOf(before);
    if (isDrop(recentSatisfaction, beforeSatisfaction)) {
      alerts.push({
        kind: 'drop',
        recent: { ...recent, until: now.toISOString(), satisfaction: recentSatisfaction },
        before: { ...before, satisfaction: beforeSatisfaction },
      });
    }
  }

  const [last] = (await store.listSubmissions({ procedureKey, limit: 1 })).items;
  if (last && now.getTime() - last.receivedAt.getTime() >= silenceMs) {
    const lastDay = reportDay(last.receivedAt, timeZone);
    const days = await store.satisfactionByDay({
      procedureKey,
      fromDay: addDays(lastDay, 1 - busyDays),
      toDay: lastDay,
    });
    if (days.filter((day) => day.answers > 0).length === busyDays) {
      alerts.push({ kind: 'silence', lastAnswerAt: last.receivedAt.toISOString() });
    }
  }
  return alerts;
}

/** Lower by more than the margin of the difference; a side without a margin is never a drop. */
export function isDrop(recent: Indicator, before: Indicator): boolean {
  return (
    recent.value !== null &&
    before.value !== null &&
    recent.value < before.value &&
    beyondCombinedMargin(recent, before)
  );
}
