import { z } from 'zod';
import { periodLimits, queryDay, refinePeriod } from '../../http/period-schema.ts';
import { commentScanLimit } from '../../store/store.ts';
import { helpQualityAnswer, reachedAnswer, satisfactionLevels } from './answer-schema.ts';

/** A theme's id, or `none` for the comments in no theme. */
export const themeFilter = z
  .union([z.literal('none'), z.coerce.number().int().positive().max(2_147_483_647)])
  .meta({ description: 'Only comments of this theme (its id), or of none (`none`).' });

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** The most answers one page holds. */
export const longestPage = 200;

/**
 * Filters and paging of the answer list. Its work is bounded by the page, not the period: at most
 * `longestPage` answers, and at most `commentScanLimit` comments read for a `term` or `theme`.
 */
export const answersQuery = z
  .object({
    from: queryDay.optional().meta({
      description: `First day, YYYY-MM-DD from ${periodLimits.firstDay} to ${periodLimits.lastDay}; with \`to\`, a period of at most ${periodLimits.longestDays} days (5 years).`,
    }),
    to: queryDay.optional().meta({
      description: `Last day, included, YYYY-MM-DD from ${periodLimits.firstDay} to ${periodLimits.lastDay}.`,
    }),
    satisfaction: z.enum(satisfactionLevels).optional(),
    withComment: flag.optional(),
    suspect: flag.optional(),
    q: z.string().max(200).optional().meta({
      description: 'Words to find in comments (accents ignored), 200 characters at most.',
    }),
    term: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .meta({
        description: `Only comments holding this term: its \`key\` in the topics route (\`demarch\`, \`piec justif\`), 100 characters at most. A page then reads at most ${commentScanLimit.toLocaleString('en')} comments and may hold fewer than \`limit\` answers: \`nextCursor\` goes on.`,
      }),
    theme: themeFilter.optional(),
    cursor: z
      .string()
      .max(31)
      .regex(/^\d{1,15}\.\d{1,15}$/)
      .optional()
      .meta({ description: 'The `nextCursor` of the page before.' }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(longestPage)
      .default(50)
      .meta({ description: `Answers a page holds, ${longestPage} at most.` }),
  })
  .superRefine(refinePeriod);

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
