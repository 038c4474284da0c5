import { z } from 'zod';
import { calendarDay } from '../stats/period-schema.ts';
import { improvementTextMax, improvementTitleMax } from './improvement-limits.ts';

/**
 * Text only, never HTML (DESIGN §10): pages escape it anyway, but a tag written here would show
 * as a tag to citizens, so the owner is told at once.
 */
const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => !/<[a-z!/?]/i.test(text), {
      message: 'must be plain text: no HTML tags',
    });

/** A link shown to citizens: http or https only, so never `javascript:` or `data:`. */
const link = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain })
  .max(500)
  .meta({ description: 'An http or https address, e.g. the page that explains the change.' });

export const newImprovement = z.object({
  date: calendarDay.meta({ description: 'When the change was made, YYYY-MM-DD.' }),
  title: plainText(improvementTitleMax),
  text: plainText(improvementTextMax),
  link: link.optional(),
});

export const improvementChanges = z.object({
  date: calendarDay.optional(),
  title: plainText(improvementTitleMax).optional(),
  text: plainText(improvementTextMax).optional(),
  link: link.nullable().optional().meta({ description: 'null removes the link.' }),
});

export const improvementView = z.object({
  id: z.int(),
  date: calendarDay,
  title: z.string(),
  text: z.string(),
  link: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const improvementParams = z.object({
  key: z.string().regex(/^[a-z0-9]{4,40}$/, 'is not a procedure key'),
  id: z.coerce.number().int().positive(),
});
