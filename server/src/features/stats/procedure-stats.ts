import {
  addDays,
  daysBetween,
  previousPeriod,
  reportDay,
} from '../../../../common/calendar-days.ts';
import { askableQuestions, helpChannels } from '../../../../common/questionnaire.ts';
import type { PublishedSteps } from '../../store/procedure-cache.ts';
import {
  type RollupChannel,
  type RollupCounter,
  type RollupTotals,
  rollupChannels,
} from '../../store/rollups.ts';
import type { DailySatisfaction, Store } from '../../store/store.ts';
import { computeIndicators, type Indicators, satisfactionIndicator } from './indicators.ts';
import type { StatsResponse } from './stats-schema.ts';

type Interval = StatsResponse['period']['interval'];
type ChannelDistribution = StatsResponse['distribution']['channels'][RollupChannel];

/** docs/design.md §6: by day up to 31 days, by week up to 62, by month beyond. */
export function autoInterval(from: string, to: string): Interval {
  const days = daysBetween(from, to);
  return days <= 31 ? 'day' : days <= 62 ? 'week' : 'month';
}

/** The first day of the bucket a day falls in: itself, its week's Monday, its month's 1st. */
export function bucketStart(day: string, interval: Interval): string {
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 8)}01`;
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(day, -weekday);
}

export function nextBucket(start: string, interval: Interval): string {
  if (interval === 'day') return addDays(start, 1);
  if (interval === 'week') return addDays(start, 7);
  const [year, month] = start.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
}

export type StatsRequest = {
  procedureKey: string;
  from: string;
  to: string;
  interval: Interval | 'auto';
  source?: string | undefined;
  /** TZ_REPORT: the day a questionnaire version was published on. */
  timeZone: string;
};

/**
 * Everything the dashboard shows for a period (docs/design.md §6): the indicators with their
 * samples and margins, the same for the previous period of equal length and the difference, the
 * distribution of every answer, and one point per day, week or month. Read from the rollups
 * only: the cost follows the number of days, not the number of answers.
 */
export async function procedureStats(
  store: Store,
  minAnswers: number,
  request: StatsRequest,
): Promise<StatsResponse> {
  const { procedureKey, from, to, source } = request;
  const interval = request.interval === 'auto' ? autoInterval(from, to) : request.interval;
  const previous = previousPeriod({ from, to });

  // Two sums and one lean series (per day, or per month from the monthly rollups: 12 rows for a
  // year instead of 365), read together: the query is about days, not answers, and reads only
  // the columns each part needs (31 counters a day for two years were 5 of the 7 ms a call took).
  // The versions come from the procedure cache the access check has just read, not from a
  // statement of their own (on PostgreSQL a round trip, a write to its socket and a parse).
  const [{ current, previous: before, points }, versions] = await Promise.all([
    store.statsRollups({
      procedureKey,
      source,
      current: { fromDay: from, toDay: to },
      previous: { fromDay: previous.from, toDay: previous.to },
      series: interval === 'month' ? 'month' : 'day',
    }),
    store.publishedSteps(procedureKey),
  ]);
  const indicators = computeIndicators(current, minAnswers);
  const previousIndicators = computeIndicators(before, minAnswers);

  return {
    procedure: procedureKey,
    period: { from, to, interval, source: source ?? null },
    indicators,
    distribution: distributionOf(current),
    questionnaire: questionnaireOf(current, versions ?? [], from, to, request.timeZone),
    previous: { ...previous, indicators: previousIndicators },
    delta: delta(indicators, previousIndicators),
    series: series(points, from, to, interval, minAnswers),
  };
}

/**
 * The versions in use during the period (each from the day it was published to the day the next
 * one was), and what the period's answers were asked, from the rollups.
 */
function questionnaireOf(
  t: RollupTotals,
  newestFirst: readonly PublishedSteps[],
  from: string,
  to: string,
  timeZone: string,
): StatsResponse['questionnaire'] {
  const oldestFirst = [...newestFirst].reverse();
  const publishedOn = (v: PublishedSteps) => reportDay(v.publishedAt, timeZone);
  const inUse = oldestFirst.filter((version, i) => {
    const next = oldestFirst[i + 1];
    return publishedOn(version) <= to && (next === undefined || publishedOn(next) >= from);
  });
  const asked = Object.fromEntries(
    askableQuestions.map((q) => [q, t[`asked_${q}`]]),
  ) as StatsResponse['questionnaire']['asked'];
  return {
    versions: inUse.map((v) => ({
      number: v.number,
      questions: v.questions,
      publishedAt: v.publishedAt.toISOString(),
    })),
    asked,
    partlyAsked: askableQuestions.filter((q) => asked[q] > 0 && asked[q] < t.answers),
  };
}

function distributionOf(t: RollupTotals): StatsResponse['distribution'] {
  const scale = (counter: (n: string) => string) =>
    Object.fromEntries(
      ['1', '2', '3', '4', '5'].map((n) => [n, t[counter(n) as RollupCounter]]),
    ) as StatsResponse['distribution']['clarity'];
  const channels = Object.fromEntries(
    rollupChannels.map((c) => [
      c,
      {
        reached: { yes: t[`reached_${c}_yes`], no: t[`reached_${c}_no`] },
        helpQuality: scale((n) => `help_quality_${c}_${n}`),
      },
    ]),
  ) as StatsResponse['distribution']['channels'];
  // Help answers are counted once per channel: the overall counts sum the channels.
  const overChannels = (count: (c: ChannelDistribution) => number) =>
    rollupChannels.reduce((total, c) => total + count(channels[c]), 0);
  return {
    satisfaction: {
      bad: t.satisfaction_bad,
      medium: t.satisfaction_medium,
      good: t.satisfaction_good,
    },
    clarity: scale((n) => `clarity_${n}`),
    help: Object.fromEntries(
      helpChannels.map((c) => [c, t[`help_${c}`]]),
    ) as StatsResponse['distribution']['help'],
    reached: {
      yes: overChannels((c) => c.reached.yes),
      no: overChannels((c) => c.reached.no),
    },
    helpQuality: Object.fromEntries(
      (['1', '2', '3', '4', '5'] as const).map((n) => [n, overChannels((c) => c.helpQuality[n])]),
    ) as StatsResponse['distribution']['helpQuality'],
    channels,
  };
}

function delta(now: Indicators, before: Indicators): StatsResponse['delta'] {
  const difference = (a: number | null, b: number | null) =>
    a === null || b === null ? null : Math.round((a - b) * 10) / 10;
  return {
    answers: now.answers - before.answers,
    satisfaction: difference(now.satisfaction.value, before.satisfaction.value),
    clarity: difference(now.clarity.value, before.clarity.value),
    autonomy: difference(now.autonomy.value, before.autonomy.value),
    reached: difference(now.reached.value, before.reached.value),
    helpQuality: difference(now.helpQuality.value, before.helpQuality.value),
  };
}

/** One point per bucket of the period, empty buckets included, so charts show the gaps. */
function series(
  points: DailySatisfaction[],
  from: string,
  to: string,
  interval: Interval,
  minAnswers: number,
): StatsResponse['series'] {
  const buckets = new Map<string, Omit<DailySatisfaction, 'day'>>();
  for (let start = bucketStart(from, interval); start <= to; start = nextBucket(start, interval)) {
    buckets.set(start, {
      answers: 0,
      satisfaction_bad: 0,
      satisfaction_medium: 0,
      satisfaction_good: 0,
    });
  }
  for (const point of points) {
    const bucket = buckets.get(bucketStart(point.day, interval)) as Omit<DailySatisfaction, 'day'>;
    bucket.answers += point.answers;
    bucket.satisfaction_bad += point.satisfaction_bad;
    bucket.satisfaction_medium += point.satisfaction_medium;
    bucket.satisfaction_good += point.satisfaction_good;
  }
  return [...buckets].map(([start, bucket]) => ({
    start,
    answers: bucket.answers,
    satisfaction: satisfactionIndicator(bucket, minAnswers).value,
  }));
}
