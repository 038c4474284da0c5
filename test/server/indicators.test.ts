import { describe, expect, it } from 'vitest';
import { computeIndicators } from '../../server/src/features/stats/indicators.ts';
import { emptyTotals, type RollupTotals } from '../../server/src/store/rollups.ts';

function totals(counts: Partial<RollupTotals>): RollupTotals {
  return { ...emptyTotals(), ...counts };
}

describe('JDMA indicators', () => {
  it('computes satisfaction as (10·good + 5·medium) / answers, with its 95 % margin', () => {
    const s = computeIndicators(
      totals({ answers: 5, satisfaction_good: 3, satisfaction_medium: 1, satisfaction_bad: 1 }),
      100,
    ).satisfaction;
    // mean 35/5 = 7; sample variance ((3·9 + 4 + 49) / 4) = 20; margin 1.96·√(20/5) = 3.92
    expect(s).toEqual({
      label: 'Satisfaction usager',
      value: 7,
      unit: '/10',
      level: 'medium',
      levelLabel: 'Moyen',
      sample: 5,
      margin: 3.9,
      insufficient: true,
    });
  });

  it('counts «Aide joignable» and «Aide efficace» over every channel, and each channel alone', () => {
    const i = computeIndicators(
      totals({
        reached_counter_yes: 3,
        reached_phone_no: 1,
        reached_chat_yes: 2,
        reached_unknown_no: 2,
        help_quality_counter_5: 2,
        help_quality_email_1: 1,
        help_quality_unknown_3: 1,
      }),
      1,
    );
    // 5 reached of 8 channel answers; ratings 10, 10, 0, 5: 25 / 4 = 6.25, shown 6.3.
    expect([i.reached.value, i.reached.sample]).toEqual([62.5, 8]);
    expect([i.helpQuality.value, i.helpQuality.sample]).toEqual([6.3, 4]);
    expect([i.channels.counter.reached.value, i.channels.counter.helpQuality.value]).toEqual([
      100, 10,
    ]);
    expect([i.channels.phone.reached.value, i.channels.email.helpQuality.value]).toEqual([0, 0]);
    expect([i.channels.unknown.reached.sample, i.channels.chat.helpQuality.sample]).toEqual([2, 0]);
  });

  it('maps clarity and help quality 1→0, 2→2.5, 3→5, 4→7.5, 5→10', () => {
    const i = computeIndicators(
      totals({
        clarity_1: 1,
        clarity_5: 1,
        clarity_4: 2,
        help_quality_unknown_2: 1,
        help_quality_unknown_3: 1,
      }),
      1,
    );
    expect(i.clarity.value).toBe(6.3); // (0 + 10 + 7.5 + 7.5) / 4 = 6.25, shown with one decimal
    expect(i.helpQuality.value).toBe(3.8); // 3.75, shown with one decimal
  });

  it('computes autonomy as the share of help answers that are "none"', () => {
    const a = computeIndicators(
      totals({ help_answered: 8, help_none: 2, help_phone: 6 }),
      1,
    ).autonomy;
    expect(a).toMatchObject({ value: 25, unit: '%', level: null, sample: 8 });
  });

  it('computes "reached" over those who tried, with its thresholds 70 and 85 %', () => {
    const at = (yes: number, no: number) =>
      computeIndicators(totals({ reached_unknown_yes: yes, reached_unknown_no: no }), 1).reached;
    expect(at(7, 3)).toMatchObject({ value: 70, level: 'medium', levelLabel: 'Moyen', sample: 10 });
    expect(at(17, 3)).toMatchObject({ value: 85, level: 'good', levelLabel: 'Optimal' });
    expect(at(699, 301)).toMatchObject({ value: 69.9, level: 'bad', levelLabel: 'Faible' });
  });

  it('takes the level from the value as shown, so 7.96 (shown 8.0) reads «Bien»', () => {
    // (10·174 + 5·50) / 250 = 7.96
    const s = computeIndicators(
      totals({ satisfaction_good: 174, satisfaction_medium: 50, satisfaction_bad: 26 }),
      100,
    ).satisfaction;
    expect(s).toMatchObject({ value: 8, level: 'good', levelLabel: 'Bien' });
  });

  it('has no value and no level when nobody answered', () => {
    const i = computeIndicators(emptyTotals(), 100);
    expect(i.answers).toBe(0);
    for (const indicator of [i.satisfaction, i.clarity, i.autonomy, i.reached, i.helpQuality]) {
      expect(indicator).toMatchObject({
        value: null,
        level: null,
        sample: 0,
        margin: null,
        insufficient: true,
      });
    }
  });

  it('has no margin for a single answer', () => {
    const s = computeIndicators(totals({ answers: 1, satisfaction_good: 1 }), 100).satisfaction;
    expect(s).toMatchObject({ value: 10, margin: null, sample: 1, insufficient: true });
  });

  it('flags fewer than MIN_ANSWERS as insufficient, and exactly MIN_ANSWERS as enough', () => {
    const withAnswers = (n: number) =>
      computeIndicators(totals({ answers: n, satisfaction_good: n }), 100).satisfaction
        .insufficient;
    expect(withAnswers(99)).toBe(true);
    expect(withAnswers(100)).toBe(false);
  });

  it('names indicators and levels in the words of the government service’s back office', () => {
    const i = computeIndicators(
      totals({
        answers: 10,
        satisfaction_good: 10,
        clarity_1: 10,
        help_answered: 10,
        help_none: 5,
        reached_unknown_yes: 10,
        help_quality_unknown_3: 10,
      }),
      1,
    );
    expect(
      Object.fromEntries(
        (['satisfaction', 'clarity', 'autonomy', 'reached', 'helpQuality'] as const).map((k) => [
          k,
          [i[k].label, i[k].levelLabel],
        ]),
      ),
    ).toEqual({
      satisfaction: ['Satisfaction usager', 'Bien'],
      clarity: ['Simplicité du langage', 'Pas bien'],
      autonomy: ['Niveau d’autonomie', null],
      reached: ['Aide joignable', 'Optimal'],
      helpQuality: ['Aide efficace', 'Moyen'],
    });
  });
});
