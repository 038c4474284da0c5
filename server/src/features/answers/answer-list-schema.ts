import { z } from 'zod';
import { calendarDay } from '../stats/period-schema.ts';
import { helpQualityAnswer, reachedAnswer, satisfactionLevels } from './answer-schema.ts';

/** A theme's id, or `none` for the comments in no theme. */
export const themeFilter = z
  .union([z.literal('none'), z.coerce.number().int().positive()])
  .meta({ description: 'Only comments of this theme (its id), or of none (`none`).' });

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Filters and paging of the answer list. */
export const answersQuery = z.object({
  from: calendarDay.optional(),
  to: calendarDay.optional(),
  satisfaction: z.enum(satisfactionLevels).optional(),
  withComment: flag.optional(),
  suspect: flag.optional(),
  q: z
    .string()
    .max(200)
    .optional()
    .meta({ description: 'Words to find in comments (accents ignored).' }),
  term: z.string().min(1).max(100).optional().meta({
    description:
      'Only comments holding this term: its `key` in the topics route (`demarch`, `piec justif`).',
  }),
  theme: themeFilter.optional(),
  cursor: z
    .string()
    .regex(/^\d+\.\d+$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** An answer as the private API shows it. */
export const answerView = z.object({
  id: z.string(),
  receivedAt: z.iso.datetime(),
  day: z.string(),
  source: z.string(),
  satisfaction: z.enum(satisfactionLevels),
  clarity: z.int().optional(),
  help: z.array(z.string()).optional(),
  helpOther: z.string().optional(),
  reached: reachedAnswer.optional(),
  helpQuality: helpQualityAnswer.optional(),
  comment: z.string().optional(),
  themes: z
    .array(z.string())
    .optional()
    .meta({ description: 'Names of the themes the comment belongs to.' }),
  lang: z.string().optional(),
  redactions: z.int(),
  suspect: z.boolean(),
});

/** One page of the answer list, and where the next one starts. */
export const answerPage = z.object({
  items: z.array(answerView),
  nextCursor: z.string().nullable(),
});
