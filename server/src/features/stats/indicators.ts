import type { z } from 'zod';
import {
  type IndicatorName,
  indicatorLabels,
  type LevelWords,
} from '../../../../common/indicator-labels.ts';
import {
  type HeadlineTotals,
  headlineTotalsOf,
  type RollupChannel,
  type RollupCounter,
  type RollupTotals,
  rollupChannels,
} from '../../store/rollups.ts';
import type {
  indicator as indicatorSchema,
  indicators as indicatorsSchema,
  levels,
} from './stats-schema.ts';

/**
 * docs/design.md §6: the JDMA indicators, computed from rollup sums only, so that figures read the
 * same as those of the Observatoire de la qualité des démarches en ligne.
 */

export type Level = (typeof levels)[number];
export type Indicator = z.infer<typeof indicatorSchema>;
export type Indicators = z.infer<typeof indicatorsSchema>;
type HelpIndicators = Pick<Indicators, 'reached' | 'helpQuality'>;

const { names, scoreLevels, reachedLevels } = indicatorLabels.fr;

const z95 = 1.96;
/** 1→0, 2→2.5, 3→5, 4→7.5, 5→10 (docs/design.md §6). */
const fivePointScale = [0, 2.5, 5, 7.5, 10];
/** «Satisfaction usager»: bad 0, medium 5, good 10. */
const satisfactionPoints = [0, 5, 10];

export function computeIndicators(t: RollupTotals, minAnswers: number): Indicators {
  return {
    ...headlineIndicators(headlineTotalsOf(t), minAnswers),
    channels: Object.fromEntries(
      rollupChannels.map((c) => [
        c,
        helpIndicators(
          t[`reached_${c}_yes`],
          t[`reached_${c}_no`],
          [1, 2, 3, 4, 5].map((n) => t[`help_quality_${c}_${n}` as RollupCounter]),
          minAnswers,
        ),
      ]),
    ) as Record<RollupChannel, HelpIndicators>,
  };
}

/**
 * The five indicators and the number of answers, without the per-channel ones: the
 * Observatoire's row (issue 28), computed for thousands of procedures at once.
 */
export function headlineIndicators(
  t: HeadlineTotals,
  minAnswers: number,
): Omit<Indicators, 'channels'> {
  return {
    answers: t.answers,
    satisfaction: satisfactionIndicator(t, minAnswers),
    clarity: score(
      'clarity',
      fivePointScale,
      [t.clarity_1, t.clarity_2, t.clarity_3, t.clarity_4, t.clarity_5],
      minAnswers,
    ),
    autonomy: share('autonomy', t.help_none, t.help_answered, minAnswers, undefined),
    // Over every channel's answer (docs/design.md §6): the sample is a number of channel answers.
    ...helpIndicators(
      t.reached_yes,
      t.reached_no,
      [t.help_quality_1, t.help_quality_2, t.help_quality_3, t.help_quality_4, t.help_quality_5],
      minAnswers,
    ),
  };
}

/**
 * Whether a change between two periods is more than chance: the difference exceeds the two 95 %
 * margins combined, √(m₁² + m₂²) (docs/design.md §9, the drop alert's rule). A side without a
 * figure or a margin never makes a significant change.
 */
export function beyondCombinedMargin(now: Indicator, before: Indicator): boolean {
  if (now.value === null || before.value === null) return false;
  if (now.margin === null || before.margin === null) return false;
  return Math.abs(now.value - before.value) > Math.hypot(now.margin, before.margin);
}

/**
 * «Satisfaction usager» alone, from its three counters: a chart's points and a term's figures
 * need no other indicator (all of them, for each of a year's days, were a tenth of a stats call).
 */
export function satisfactionIndicator(
  t: Pick<RollupTotals, 'satisfaction_bad' | 'satisfaction_medium' | 'satisfaction_good'>,
  minAnswers: number,
): Indicator {
  return score(
    'satisfaction',
    satisfactionPoints,
    [t.satisfaction_bad, t.satisfaction_medium, t.satisfaction_good],
    minAnswers,
  );
}

/** «Aide joignable» and «Aide efficace» from their counts: reached or not, each rating 1 to 5. */
function helpIndicators(
  yes: number,
  no: number,
  ratings: number[],
  minAnswers: number,
): HelpIndicators {
  return {
    reached: share('reached', yes, yes + no, minAnswers, [70, 85]),
    helpQuality: score('helpQuality', fivePointScale, ratings, minAnswers),
  };
}

/**
 * Mean of weighted points out of 10, with the margin of the mean: `counts[i]` answers gave
 * `points[i]`. Plain loops: the Observatoire computes 100,000 of these for one table.
 */
function score(
  name: IndicatorName,
  points: readonly number[],
  counts: readonly number[],
  minAnswers: number,
): Indicator {
  let n = 0;
  let total = 0;
  for (let i = 0; i < points.length; i++) {
    n += counts[i] as number;
    total += (points[i] as number) * (counts[i] as number);
  }
  if (n === 0) return empty(name, '/10', minAnswers);
  const mean = total / n;
  let squares = 0;
  for (let i = 0; i < points.length; i++)
    squares += (counts[i] as number) * ((points[i] as number) - mean) ** 2;
  const margin = n > 1 ? z95 * Math.sqrt(squares / (n - 1) / n) : null;
  const value = round1(mean);
  return indicator(name, value, '/10', levelOf(value, [5, 8]), n, margin, minAnswers);
}

/** A percentage with the normal-approximation margin of a proportion. */
function share(
  name: IndicatorName,
  yes: number,
  n: number,
  minAnswers: number,
  thresholds: [number, number] | undefined,
): Indicator {
  if (n === 0) return empty(name, '%', minAnswers);
  const p = yes / n;
  const margin = n > 1 ? 100 * z95 * Math.sqrt((p * (1 - p)) / n) : null;
  const value = round1(100 * p);
  return indicator(
    name,
    value,
    '%',
    thresholds && levelOf(value, thresholds),
    n,
    margin,
    minAnswers,
  );
}

/** The level is taken from the value as shown, so a displayed 8.0 never reads «Moyen». */
function levelOf(value: number, [medium, good]: [number, number]): Level {
  if (value >= good) return 'good';
  return value >= medium ? 'medium' : 'bad';
}

/** «Aide joignable» has words of its own; every other graded indicator is a score. */
const levelWords = (name: IndicatorName): LevelWords =>
  name === 'reached' ? reachedLevels : scoreLevels;

function indicator(
  name: IndicatorName,
  value: number,
  unit: Indicator['unit'],
  level: Level | undefined,
  sample: number,
  margin: number | null,
  minAnswers: number,
): Indicator {
  return {
    label: names[name],
    value,
    unit,
    level: level ?? null,
    levelLabel: level ? levelWords(name)[level] : null,
    sample,
    margin: margin === null ? null : round1(margin),
    insufficient: sample < minAnswers,
  };
}

function empty(name: IndicatorName, unit: Indicator['unit'], minAnswers: number): Indicator {
  return {
    label: names[name],
    value: null,
    unit,
    level: null,
    levelLabel: null,
    sample: 0,
    margin: null,
    insufficient: minAnswers > 0,
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
