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

export const term = z.object({
  key: z.string().meta({
    description:
      'The folded form (stems without accents, `demarch`, `piec justif`): the `term` filter of the answer list takes it.',
  }),
  label: z.string().meta({ description: 'The way people write it most often («démarches»).' }),
  kind: z.enum(['word', 'phrase']),
  comments: z.int().meta({ description: 'Comments that hold it.' }),
  share: z.number().meta({ description: 'Percentage of the period’s comments.' }),
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
  share: z.number().meta({ description: 'Percentage of the period’s comments.' }),
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
  comments: z.int().meta({
    description:
      'Comments of the period, every one counted (those flagged as spam, suspect, left out).',
  }),
  previousComments: z.int().meta({ description: 'Comments of the previous period.' }),
  pending: z.int().meta({
    description:
      'Changes of this procedure’s comments (new, edited, deleted, purged, or all of them after a theme edit) not counted yet: the figures are exact when it is 0. A moment later they are counted.',
  }),
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
