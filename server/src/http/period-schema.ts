import { z } from 'zod';
import { addDays, daysBetween, reportDay } from '../../../common/calendar-days.ts';
import { HttpProblem } from './problem.ts';

/**
 * What one request may ask for (issue 24, bounded work per request). The days a query may name
 * cover the service's life with room on both sides, and keep every sum on them inside what
 * `Date` computes (`from=1000-01-01` made the previous period land before year 0, a 500). Five
 * years is what the public pages always allowed; a daily series is one year, as a chart of more
 * than 366 points is unreadable anyway (a week or a month is then the interval).
 */
export const periodLimits = {
  firstDay: '2000-01-01',
  lastDay: '2099-12-31',
  /** Five years of 366 days, both ends counted: any five calendar years (1,827 days) fit. */
  longestDays: 5 * 366,
  /** `interval=day`: one point a day for a year at most. */
  longestDailyDays: 366,
} as const;

/** A calendar day `YYYY-MM-DD` that exists (no 2025-02-30): what answers carry. */
export const calendarDay = z.iso.date();

/** A calendar day a request may name: one that exists, from 2000-01-01 to 2099-12-31. */
export const queryDay = calendarDay
  .refine((day) => day >= periodLimits.firstDay && day <= periodLimits.lastDay, {
    message: `must be from ${periodLimits.firstDay} to ${periodLimits.lastDay}`,
  })
  .meta({
    description: `A calendar day YYYY-MM-DD, from ${periodLimits.firstDay} to ${periodLimits.lastDay}.`,
  });

const longestText = `at most ${periodLimits.longestDays} days (5 years), both ends counted`;

/** `from` and `to` of a query, documented with the longest period they may span. */
export const periodFields = {
  from: queryDay.optional().meta({
    description: `First day, YYYY-MM-DD from ${periodLimits.firstDay} to ${periodLimits.lastDay} (default: 29 days before \`to\`). The period is ${longestText}.`,
  }),
  to: queryDay.optional().meta({
    description: `Last day, included, YYYY-MM-DD from ${periodLimits.firstDay} to ${periodLimits.lastDay} (default: today in the reporting time zone).`,
  }),
};

/** Why a period may not be read, or `undefined` when it may. */
export function periodRefusal(
  period: { from: string; to: string },
  interval?: string,
): string | undefined {
  if (period.from > period.to) return 'must not be before from';
  const days = daysBetween(period.from, period.to);
  if (days > periodLimits.longestDays) return `the period is longer than ${longestText}`;
  if (interval === 'day' && days > periodLimits.longestDailyDays)
    return `a daily series covers at most ${periodLimits.longestDailyDays} days: ask for interval=week or month`;
  return undefined;
}

/**
 * The schema-level check of a query's period, when it names both ends (one end alone is checked
 * by `askedPeriod`, which knows today).
 */
export function refinePeriod(
  query: { from?: string | undefined; to?: string | undefined; interval?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (query.from === undefined || query.to === undefined) return;
  const message = periodRefusal({ from: query.from, to: query.to }, query.interval);
  if (message) ctx.addIssue({ code: 'custom', path: ['to'], message });
}

/**
 * An inclusive period of calendar days in the reporting time zone, optionally one placement: the
 * CLI's. It sums the daily rollups in one query, so an operator may ask for all of them at once.
 */
export const periodQuery = z
  .object({
    from: queryDay,
    to: queryDay,
    source: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/)
      .optional(),
  })
  .refine((p) => p.from <= p.to, { path: ['to'], message: 'must not be before from' });

export type PeriodQuery = z.infer<typeof periodQuery>;

/**
 * The period a route was asked for: `to` defaults to today in the reporting time zone, `from` to
 * the 30 days (or `defaultDays`) ending there; a `from` after `to` (only `from` given) shrinks to that one day.
 * A period the schema could not check (one end left to today) and that is too long is a 400.
 */
export function askedPeriod(
  query: { from?: string | undefined; to?: string | undefined; interval?: string | undefined },
  now: Date,
  reportTimeZone: string,
  defaultDays = 30,
): { from: string; to: string } {
  const to = query.to ?? reportDay(now, reportTimeZone);
  const from = query.from ?? addDays(to, 1 - defaultDays);
  const period = { from: from <= to ? from : to, to };
  const refusal = periodRefusal(period, query.interval);
  if (refusal) throw new HttpProblem(400, `from ${period.from} to ${period.to}: ${refusal}.`);
  return period;
}
