import { setImmediate as nextTurn } from 'node:timers/promises';
import { periodLimits } from '../../http/period-schema.ts';
import type { Improvement } from '../../store/improvements.ts';
import { placeholderOrganisationName } from '../../store/organisations.ts';
import type { Procedure } from '../../store/procedures.ts';
import { addTotals, emptyTotals, type RollupTotals } from '../../store/rollups.ts';
import type { MonthlyRollup, Store } from '../../store/store.ts';
import { computeIndicators, type Indicators } from '../stats/indicators.ts';
import { procedureStats } from '../stats/procedure-stats.ts';
import type { StatsResponse } from '../stats/stats-schema.ts';

/**
 * What the public pages and files show (docs/design.md §10), computed by the same functions as the
 * dashboard's stats (procedureStats, computeIndicators): a published figure is the figure its
 * owner sees for the same period. Hiding what rests on too few answers is the pages' business.
 */

/** The first day of the month `months` away from `day`'s month. */
export function monthStart(day: string, months = 0): string {
  const [year, month] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + months, 1)).toISOString().slice(0, 10);
}

/** 12 calendar months: this one (to today) and the 11 before, so each month is whole but this one. */
export function lastTwelveMonths(today: string) {
  return { from: monthStart(today, -11), to: today };
}

export type ProcedureResults = { stats: StatsResponse; improvements: Improvement[] };

/** A public procedure's page: its stats by month for the period, and its improvements. */
export async function procedureResults(
  store: Store,
  minAnswers: number,
  procedureKey: string,
  period: { from: string; to: string },
  timeZone: string,
): Promise<ProcedureResults> {
  const [stats, improvements] = await Promise.all([
    procedureStats(store, minAnswers, { procedureKey, ...period, interval: 'month', timeZone }),
    store.listImprovements(procedureKey),
  ]);
  return { stats, improvements };
}

/** How long the public procedures' monthly sums are reused: the pages are cached 5 min anyway. */
const reuseMs = 60_000;

/**
 * The monthly sums of every public procedure over a period are one query that reads every
 * day of every public procedure: kept a minute, and read again at once when the set of public
 * procedures changes (a procedure switched on shows its figures immediately; one switched off is
 * never shown, as callers list the public procedures afresh each time).
 */
export class PublicRollups {
  #kept: { key: string; at: number; publicKeys: string; rows: MonthlyRollup[] } | undefined;
  readonly #derived = new Map<string, { at: number; publicKeys: string; value: unknown }>();

  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  async read(period: { from: string; to: string }, publicProcedures: Procedure[]) {
    const key = `${period.from}/${period.to}`;
    const publicKeys = publicProcedures.map((p) => p.key).join(',');
    const at = this.now().getTime();
    const kept = this.#kept;
    if (kept && kept.key === key && kept.publicKeys === publicKeys && at - kept.at < reuseMs) {
      return kept.rows;
    }
    const rows = await this.store.publicMonthlyRollups({ fromDay: period.from, toDay: period.to });
    this.#kept = { key, at, publicKeys, rows };
    return rows;
  }

  /**
   * What is computed from those sums (the list's figures, the open data's rows), kept on the same
   * terms: measured, summing 24 months of 1,000 procedures for each request cost more than the
   * query it saved.
   */
  async derive<T>(name: string, publicProcedures: PublicProcedure[], compute: () => Promise<T>) {
    const publicKeys = publicProcedures
      .map((p) => `${p.key}:${p.name}:${p.organisation}`)
      .join(',');
    const at = this.now().getTime();
    const kept = this.#derived.get(name);
    if (kept && kept.publicKeys === publicKeys && at - kept.at < reuseMs) return kept.value as T;
    const value = await compute();
    // Names hold the day: what is past its minute goes, so the map never grows with the days.
    for (const [other, { at: made }] of this.#derived) {
      if (at - made >= reuseMs) this.#derived.delete(other);
    }
    this.#derived.set(name, { at, publicKeys, value });
    return value;
  }
}

/** A published procedure, with the name of the organisation that publishes it. */
export type PublicProcedure = Procedure & { organisation: string };

/** An organisation's name as the public pages and open data say it: the placeholder is no name. */
export const publicOrganisationName = (name: string): string =>
  name === placeholderOrganisationName ? '' : name;

/** The name of the organisation a procedure belongs to: what the public pages call its publisher. */
export async function organisationName(store: Store, procedure: Procedure): Promise<string> {
  return publicOrganisationName(
    (await store.findOrganisation(procedure.organisationId))?.name ?? '',
  );
}

/** The procedures whose results are published, by name. */
export async function publicProcedures(store: Store): Promise<PublicProcedure[]> {
  const [procedures, organisations] = await Promise.all([
    store.listProcedures(),
    store.listOrganisations(),
  ]);
  const names = new Map(organisations.map((o) => [o.id, publicOrganisationName(o.name)]));
  return procedures
    .filter((p) => p.public)
    .map((p) => ({ ...p, organisation: names.get(p.organisationId) ?? '' }));
}

export type ListedProcedure = {
  procedure: PublicProcedure;
  /** The last 12 months. */
  current: Indicators;
  /** The 12 months before, for the trend. */
  previous: Indicators;
};

/** Every public procedure with its last 12 months and the 12 before (the /resultats list). */
export async function publicList(
  store: Store,
  rollups: PublicRollups,
  minAnswers: number,
  today: string,
): Promise<ListedProcedure[]> {
  const procedures = await publicProcedures(store);
  return rollups.derive(`list ${today}`, procedures, async () => {
    const current = lastTwelveMonths(today);
    const rows = await rollups.read({ from: monthStart(today, -23), to: today }, procedures);
    const sums = new Map<string, { current: RollupTotals; previous: RollupTotals }>();
    for (const { procedureKey, month, totals } of rows) {
      const sum = sums.get(procedureKey) ?? { current: emptyTotals(), previous: emptyTotals() };
      sums.set(procedureKey, sum);
      addTotals(`${month}-01` >= current.from ? sum.current : sum.previous, totals);
    }
    return procedures.map((procedure) => {
      const sum = sums.get(procedure.key) ?? { current: emptyTotals(), previous: emptyTotals() };
      return {
        procedure,
        current: computeIndicators(sum.current, minAnswers),
        previous: computeIndicators(sum.previous, minAnswers),
      };
    });
  });
}

/** One row of the open data: a public procedure's month. */
export type OpenDataRow = {
  procedure_key: string;
  procedure_name: string;
  organisation: string;
  month: string;
  answers: number;
} & Record<
  `${'satisfaction' | 'clarity' | 'autonomy' | 'reached' | 'help_quality'}${'' | '_sample'}`,
  number | null
>;

/**
 * Every month of every public procedure (docs/design.md §10). A value resting on fewer than
 * `minAnswers` answers is left empty, its sample given: the same rule as the pages.
 */
export async function openDataRows(
  store: Store,
  rollups: PublicRollups,
  minAnswers: number,
  today: string,
): Promise<OpenDataRow[]> {
  const procedures = await publicProcedures(store);
  const byKey = new Map(procedures.map((p) => [p.key, p]));
  return rollups.derive(`open data ${today}`, procedures, async () => {
    const rows = await rollups.read({ from: periodLimits.firstDay, to: today }, procedures);
    const openData: OpenDataRow[] = [];
    for (const [n, { procedureKey, month, totals }] of rows.entries()) {
      // Every month of every public procedure is thousands of rows: the loop turns every 500
      // (a few ms), so that the file never holds up the other requests (issue 24).
      if (n % 500 === 499) await nextTurn();
      const procedure = byKey.get(procedureKey);
      if (!procedure) continue;
      const i = computeIndicators(totals, minAnswers);
      const shown = (indicator: Indicators['satisfaction']) =>
        indicator.insufficient ? null : indicator.value;
      openData.push({
        procedure_key: procedureKey,
        procedure_name: procedure.name,
        organisation: procedure.organisation,
        month,
        answers: i.answers,
        satisfaction: shown(i.satisfaction),
        satisfaction_sample: i.satisfaction.sample,
        clarity: shown(i.clarity),
        clarity_sample: i.clarity.sample,
        autonomy: shown(i.autonomy),
        autonomy_sample: i.autonomy.sample,
        reached: shown(i.reached),
        reached_sample: i.reached.sample,
        help_quality: shown(i.helpQuality),
        help_quality_sample: i.helpQuality.sample,
      });
    }
    return openData;
  });
}
