import { z } from 'zod';

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
