import { computeIndicators, type Indicators } from './indicators.ts';
import type { PeriodQuery } from './schemas/period.ts';
import type { Store } from './store/store.ts';

export type PeriodStats = { procedure: string } & PeriodQuery & Indicators;

/**
 * The indicators of one procedure over a period, read from the daily rollups only (DESIGN §6).
 * Shared by the CLI and the private API. `undefined` when the procedure does not exist.
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
