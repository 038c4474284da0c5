import { previousPeriod } from '../../../../common/calendar-days.ts';
import { previousQuarter, quarterDays } from '../../../../common/quarters.ts';
import { emptyTotals, headlineTotalsOf } from '../../store/rollups.ts';
import type { Store } from '../../store/store.ts';
import { beyondCombinedMargin, headlineIndicators, type Indicator } from '../stats/indicators.ts';
import type { ObservatoireIndicator, ObservatoireRow } from './observatoire-schema.ts';

export type Period = { from: string; to: string };

export type ObservatoireTable = { period: Period; previous: Period; rows: ObservatoireRow[] };

/**
 * What an edition shows and compares it with: its calendar quarter against the previous one
 * (T2 against T1, not the 91 days before 1 April).
 */
export function editionPeriods(quarter: string): { period: Period; previous: Period } {
  return { period: quarterDays(quarter), previous: quarterDays(previousQuarter(quarter)) };
}

/**
 * The Observatoire's table (docs/design.md §13): one row per procedure with answers in the
 * period, its five indicators through the stats feature's own functions, and each one's change
 * against `previous`: by default the period of the same length ending the day before (the live
 * table), an edition's previous quarter (editionPeriods). A few queries for both periods' sums
 * and the procedures' names, whatever their number (store.totalsByProcedure), and one for the
 * organisations' names: 10,000 procedures cost as many queries as ten.
 */
export async function observatoireTable(
  store: Store,
  minAnswers: number,
  period: Period,
  organisationId?: number,
  previous: Period = previousPeriod(period),
): Promise<ObservatoireTable> {
  const [[current = [], before = []], organisations] = await Promise.all([
    store.totalsByProcedure({ periods: [period, previous], organisationId }),
    store.listOrganisations(),
  ]);
  const organisationNames = new Map(organisations.map((o) => [o.id, o.name]));
  const none = headlineTotalsOf(emptyTotals());
  const previousTotals = new Map(before.map((p) => [p.procedureKey, p.totals]));
  const rows: ObservatoireRow[] = current.map((procedure) => {
    const now = headlineIndicators(procedure.totals, minAnswers);
    const then = headlineIndicators(previousTotals.get(procedure.procedureKey) ?? none, minAnswers);
    return {
      procedure: procedure.procedureKey,
      name: procedure.name,
      organisation: {
        id: procedure.organisationId,
        name: organisationNames.get(procedure.organisationId) ?? '',
      },
      public: procedure.public,
      answers: now.answers,
      previousAnswers: then.answers,
      satisfaction: figure(now.satisfaction, then.satisfaction),
      clarity: figure(now.clarity, then.clarity),
      autonomy: figure(now.autonomy, then.autonomy),
      reached: figure(now.reached, then.reached),
      helpQuality: figure(now.helpQuality, then.helpQuality),
    };
  });
  return { period, previous, rows };
}

/**
 * A figure and its change. A change is given only between two figures that each rest on enough
 * answers: a move from «Nombre d'avis insuffisant» says nothing the Observatoire would print.
 */
function figure(now: Indicator, before: Indicator): ObservatoireRow[ObservatoireIndicator] {
  const comparable =
    now.value !== null && before.value !== null && !now.insufficient && !before.insufficient;
  // Field by field: V8 copied `...now` and its three added fields ten times slower, and a table
  // of 10,000 procedures makes 50,000 of them.
  return {
    label: now.label,
    value: now.value,
    unit: now.unit,
    level: now.level,
    levelLabel: now.levelLabel,
    sample: now.sample,
    margin: now.margin,
    insufficient: now.insufficient,
    previous: before.value,
    change: comparable
      ? Math.round(((now.value as number) - (before.value as number)) * 10) / 10
      : null,
    significant: comparable && beyondCombinedMargin(now, before),
  };
}
