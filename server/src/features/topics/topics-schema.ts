import { z } from 'zod';
import { calendarDay, periodFields, refinePeriod } from '../../http/period-schema.ts';
import { indicator, intervals } from '../stats/stats-schema.ts';

export const topicsQuery = z
  .object({
    ...periodFields,
    source: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/)
      .optional(),
  })
  .superRefine(refinePeriod);

const commentsRead = z.object({
  read: z.int().meta({ description: 'Comments read (suspect ones, flagged as spam, left out).' }),
  truncated: z.boolean().meta({
    description:
      'The period holds more comments than are read in time: only the `read` most recent ones were.',
  }),
  readFrom: calendarDay.nullable().meta({ description: 'Day of the oldest comment read.' }),
});

export const term = z.object({
  key: z.string().meta({
    description:
      'The folded form (stems without accents, `demarch`, `piec justif`): the `term` filter of the answer list takes it.',
  }),
  label: z.string().meta({ description: 'The way people write it most often («démarches»).' }),
  kind: z.enum(['word', 'phrase']),
  comments: z.int().meta({ description: 'Comments that hold it.' }),
  share: z.number().meta({ description: 'Percentage of the comments read.' }),
  satisfaction: indicator.meta({ description: '«Satisfaction usager» of the answers holding it.' }),
  previous: z.object({ comments: z.int(), share: z.number() }),
  change: z.number().meta({ description: 'Share now minus share before, in percentage points.' }),
  z: z.number().nullable().meta({
    description:
      'Two-proportion z statistic of the change (null without a previous period); rising from 3 with at least 10 comments.',
  }),
});

const themeFigures = z.object({
  comments: z.int(),
  share: z.number().meta({ description: 'Percentage of the comments read.' }),
  satisfaction: indicator,
  series: z.array(
    z.object({
      start: calendarDay,
      comments: z.int(),
      satisfaction: z.number().nullable(),
    }),
  ),
});

export const topicsResponse = z.object({
  procedure: z.string(),
  period: z.object({
    from: calendarDay,
    to: calendarDay,
    interval: z.enum(intervals),
    source: z.string().nullable(),
  }),
  previous: z.object({ from: calendarDay, to: calendarDay }),
  comments: commentsRead,
  previousComments: commentsRead,
  terms: z.array(term).meta({ description: 'The most frequent words and phrases.' }),
  rising: z.array(term).meta({
    description: 'Terms whose share grew significantly against the previous period, most first.',
  }),
  themes: z.array(
    themeFigures.extend({ id: z.int(), name: z.string(), keywords: z.array(z.string()) }),
  ),
  noTheme: themeFigures.meta({ description: 'Comments that match no theme («Sans thème»).' }),
});

export type TopicsResponse = z.infer<typeof topicsResponse>;
export type Term = z.infer<typeof term>;
