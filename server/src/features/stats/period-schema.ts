import { z } from 'zod';
import { reportDay } from '../answers/report-day.ts';
import { addDays } from './procedure-stats.ts';

/** A calendar day `YYYY-MM-DD` that exists (no 2025-02-30). */
export const calendarDay = z.iso.date();

/** An inclusive period of calendar days in the reporting time zone, optionally one placement. */
export const periodQuery = z
  .object({
    from: calendarDay,
    to: calendarDay,
    source: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/)
      .optional(),
  })
  .refine((p) => p.from <= p.to, { path: ['to'], message: 'must not be before from' });

export type PeriodQuery = z.infer<typeof periodQuery>;

/**
 * The period a route was asked for: `to` defaults to today in the reporting time zone, `from` to
 * the 30 days ending there; a `from` after `to` (only `from` given) shrinks to that one day.
 */
export function askedPeriod(
  query: { from?: string; to?: string },
  now: Date,
  reportTimeZone: string,
): { from: string; to: string } {
  const to = query.to ?? reportDay(now, reportTimeZone);
  const from = query.from ?? addDays(to, -29);
  return { from: from <= to ? from : to, to };
}
