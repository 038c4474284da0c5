import { seedAnswers } from '../../server/src/features/answers/seed.ts';
import type { ProgressReport } from '../../server/src/progress-report.ts';
import type { Store } from '../../server/src/store/store.ts';

/** Two years of answers, as the benches at scale seed them. */
export const seedDays = 730;
// seedAnswers gives weekends 0.4 of a weekday: a week holds 5.8 weekdays' worth of answers.
const weekdayShare = 7 / 5.8;

/** The share of all answers the first of `count` Zipf-skewed procedures gets: 1 / H(count). */
export function largestShare(count: number): number {
  let harmonic = 0;
  for (let n = 1; n <= count; n++) harmonic += 1 / n;
  return 1 / harmonic;
}

/**
 * About `total` answers over the `seedDays` days before `end`, Zipf-skewed (the n-th procedure
 * gets 1/n of the first's answers), each procedure with a quality of its own; seeded in one pass
 * in time order, as answers arrive. Resolves to the number written.
 */
export function seedZipf(
  store: Store,
  keys: string[],
  total: number,
  end: Date,
  onProgress?: (progress: ProgressReport) => void,
): Promise<number> {
  const first = total * largestShare(keys.length);
  return seedAnswers(store, {
    procedures: keys.map((procedureKey, i) => ({
      procedureKey,
      perDay: (first / (i + 1) / seedDays) * weekdayShare,
      quality: 0.3 + (0.5 * ((i * 7) % 10)) / 10,
    })),
    days: seedDays,
    end,
    timeZone: 'Europe/Paris',
    onProgress,
  });
}
