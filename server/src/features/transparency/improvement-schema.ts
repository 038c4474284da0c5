import { z } from 'zod';
import { improvementTextMax, improvementTitleMax } from '../../../../common/improvement-limits.ts';
import { freeText, safeLink } from '../../http/free-text.ts';
import { calendarDay } from '../../http/period-schema.ts';
import { procedureParams } from '../../http/procedure-params.ts';

/**
 * Text only, never HTML (docs/design.md §10): pages escape it anyway, but a tag written here would
 * show as a tag to citizens, so the owner is told at once. The title is one line, the text has
 * lines.
 */
const plainText = (max: number, lines: boolean) =>
  freeText({ max, lines }).refine((text) => !/<[a-z!/?]/i.test(text), {
    message: 'must be plain text: no HTML tags',
  });

/** A link shown to citizens (http/free-text.ts: http or https, no credentials, ASCII host). */
const link = safeLink;

export const newImprovement = z.object({
  date: calendarDay.meta({ description: 'When the change was made, YYYY-MM-DD.' }),
  title: plainText(improvementTitleMax, false),
  text: plainText(improvementTextMax, true),
  link: link.optional(),
});

export const improvementChanges = z.object({
  date: calendarDay.optional(),
  title: plainText(improvementTitleMax, false).optional(),
  text: plainText(improvementTextMax, true).optional(),
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

export const improvementParams = procedureParams.extend({
  id: z.coerce.number().int().positive(),
});
