import { z } from 'zod';
import { askableQuestions, helpChannels } from '../../../../common/questionnaire.ts';
import { calendarDay, periodFields, periodLimits, refinePeriod } from '../../http/period-schema.ts';
import { type RollupChannel, rollupChannels } from '../../store/rollups.ts';

export const levels = ['bad', 'medium', 'good'] as const;

export const indicator = z.object({
  label: z
    .string()
    .meta({ description: 'Its name as JDMA writes it, e.g. «Satisfaction usager».' }),
  value: z
    .number()
    .nullable()
    .meta({ description: 'Score out of 10, or percentage; null with no answer.' }),
  unit: z.enum(['/10', '%']),
  level: z.enum(levels).nullable(),
  levelLabel: z.string().nullable().meta({
    description:
      'The level in JDMA’s words: «Pas bien», «Moyen», «Bien» for scores; «Faible», «Moyen», «Optimal» for «Aide joignable».',
  }),
  sample: z.int().meta({ description: 'Number of answers the value rests on.' }),
  margin: z
    .number()
    .nullable()
    .meta({ description: 'Half-width of the 95 % confidence interval.' }),
  insufficient: z.boolean().meta({ description: 'Fewer answers than MIN_ANSWERS.' }),
});

const helpIndicators = z.object({ reached: indicator, helpQuality: indicator });

export const indicators = z.object({
  answers: z.int(),
  satisfaction: indicator,
  clarity: indicator,
  autonomy: indicator,
  reached: indicator.meta({
    description: '«Aide joignable» over every channel answer: the sample counts channel answers.',
  }),
  helpQuality: indicator.meta({
    description: '«Aide efficace» over every channel answer: the sample counts channel answers.',
  }),
  channels: z
    .object(
      Object.fromEntries(rollupChannels.map((c) => [c, helpIndicators])) as Record<
        RollupChannel,
        typeof helpIndicators
      >,
    )
    .meta({
      description:
        'The same two per administration channel; unknown: answers in the earlier shape (one for all channels).',
    }),
});

const counts = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.int()])) as Record<K, z.ZodInt>);

const channelDistribution = z.object({
  reached: counts(['yes', 'no']),
  helpQuality: counts(['1', '2', '3', '4', '5']),
});

export const distribution = z.object({
  satisfaction: counts(levels),
  clarity: counts(['1', '2', '3', '4', '5']),
  help: counts(helpChannels),
  reached: counts(['yes', 'no']).meta({
    description: 'Answers to «avez-vous réussi à joindre l’administration ?», one per channel.',
  }),
  helpQuality: counts(['1', '2', '3', '4', '5']).meta({
    description: 'Ratings of the help obtained (1 to 5), one per channel reached.',
  }),
  channels: z
    .object(
      Object.fromEntries(rollupChannels.map((c) => [c, channelDistribution])) as Record<
        RollupChannel,
        typeof channelDistribution
      >,
    )
    .meta({
      description:
        'reached and helpQuality per administration channel (they sum to the two above); unknown: answers in the earlier shape.',
    }),
});

export const intervals = ['day', 'week', 'month'] as const;

export const statsQuery = z
  .object({
    ...periodFields,
    interval: z
      .enum([...intervals, 'auto'])
      .default('auto')
      .meta({
        description: `One series point per day, week (from Monday) or month; \`auto\`: day up to 31 days, week up to 62, month beyond. \`day\` covers at most ${periodLimits.longestDailyDays} days.`,
      }),
    source: z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/)
      .optional(),
  })
  .superRefine(refinePeriod);

const period = z.object({ from: calendarDay, to: calendarDay });

/**
 * The questionnaire versions behind a period's figures (docs/design.md §2, «Versions»): a step's
 * figures rest only on the answers that were asked it.
 */
export const periodQuestionnaire = z.object({
  versions: z
    .array(
      z.object({
        number: z.int(),
        questions: z.array(z.enum(askableQuestions)),
        publishedAt: z.iso.datetime(),
      }),
    )
    .meta({
      description:
        'The versions published during the period or before it and still in use at its start, oldest first.',
    }),
  asked: counts(askableQuestions).meta({
    description:
      'Answers of the period that were asked each optional step: «Simplicité du langage» rests on clarity’s, the help indicators on help’s.',
  }),
  partlyAsked: z.array(z.enum(askableQuestions)).meta({
    description:
      'Steps some answers of the period were asked and others not: the period spans versions that asked different steps.',
  }),
});

export const statsResponse = z.object({
  procedure: z.string(),
  period: period.extend({ interval: z.enum(intervals), source: z.string().nullable() }),
  indicators,
  distribution,
  questionnaire: periodQuestionnaire,
  previous: period.extend({ indicators }),
  delta: z.object(
    Object.fromEntries(
      (['answers', 'satisfaction', 'clarity', 'autonomy', 'reached', 'helpQuality'] as const).map(
        (k) => [k, z.number().nullable()],
      ),
    ) as Record<
      'answers' | 'satisfaction' | 'clarity' | 'autonomy' | 'reached' | 'helpQuality',
      z.ZodNullable<z.ZodNumber>
    >,
  ),
  series: z.array(
    z.object({
      start: calendarDay,
      answers: z.int(),
      satisfaction: z.number().nullable(),
    }),
  ),
});

export type StatsResponse = z.infer<typeof statsResponse>;
