import type { PeriodQuery } from '../../http/period-schema.ts';
import type { Store } from '../../store/store.ts';
import { computeIndicators, type Indicators } from './indicators.ts';

export type PeriodStats = { procedure: string } & PeriodQuery & Indicators;

/**
 * The CLI's `stats`: the indicators of one procedure over a period, flat, read from the daily
 * rollups only (docs/design.md §6). The API's stats route gives more (previous period,
 * distribution, series: procedure-stats.ts); both compute with `computeIndicators`, so their
 * figures agree.
 * `undefined` when the procedure does not exist.
 */
export async function periodStats(
  store: Store,
  minAnswers: number,
  procedureKey: string,
  period: PeriodQuery,
): Promise<PeriodStats | undefined> {
  if (!(await store.findProcedure(procedureKey))) return undefined;
  const totals = await store.sumRollups({
    procedureKey,
    fromDay: period.from,
    toDay: period.to,
    source: period.source,
  });
  return { procedure: procedureKey, ...period, ...computeIndicators(totals, minAnswers) };
}
