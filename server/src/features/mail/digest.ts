import { addDays, reportDay } from '../../../../common/calendar-days.ts';
import type { User } from '../../store/accounts.ts';
import type { Procedure } from '../../store/procedures.ts';
import type { Store } from '../../store/store.ts';
import { computeIndicators, type Indicators } from '../stats/indicators.ts';

export type DigestPeriod = {
  rhythm: 'weekly' | 'monthly';
  from: string;
  to: string;
  /** What it is compared with: the four weeks (weekly) or the month (monthly) before. */
  previous: { from: string; to: string };
};

/** The hour of Monday (`TZ_REPORT`) from which digests are due (docs/design.md §9: 08:00). */
const digestHour = 8;

/**
 * The digests due at `now`: weekly every Monday from 08:00 (the 7 days before), monthly on the
 * first Monday of a month (the month before). The outbox's keys make each go once.
 */
export function dueDigests(now: Date, timeZone: string): DigestPeriod[] {
  const today = reportDay(now, timeZone);
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone }).format(now),
  );
  if (new Date(`${today}T00:00:00Z`).getUTCDay() !== 1 || hour < digestHour) return [];
  const due: DigestPeriod[] = [
    {
      rhythm: 'weekly',
      from: addDays(today, -7),
      to: addDays(today, -1),
      previous: { from: addDays(today, -35), to: addDays(today, -8) },
    },
  ];
  if (Number(today.slice(8)) <= 7) {
    const lastMonthEnd = addDays(`${today.slice(0, 7)}-01`, -1);
    const lastMonthStart = `${lastMonthEnd.slice(0, 7)}-01`;
    const monthBeforeEnd = addDays(lastMonthStart, -1);
    due.push({
      rhythm: 'monthly',
      from: lastMonthStart,
      to: lastMonthEnd,
      previous: { from: `${monthBeforeEnd.slice(0, 7)}-01`, to: monthBeforeEnd },
    });
  }
  return due;
}

export type ProcedureDigest = {
  key: string;
  name: string;
  indicators: Indicators;
  previous: Indicators;
  /** Answers by satisfaction, for the bar chart. */
  distribution: { good: number; medium: number; bad: number };
  comments: number;
  /** The newest comments of the period, already scrubbed when stored; spam left out. */
  excerpts: string[];
};

/** A procedure's part of the digests of a period, computed once for everyone who follows it. */
export type DigestParts = Map<string, ProcedureDigest | undefined>;

/**
 * One person's digest: every procedure they own (an admin: every procedure) that had answers in
 * the period, with the stats route's own formulas over the rollups. `parts` keeps each
 * procedure's part for the next person of the same run.
 */
export async function digestOf(
  store: Store,
  user: User,
  period: DigestPeriod,
  minAnswers: number,
  procedures: readonly Procedure[],
  parts: DigestParts,
): Promise<ProcedureDigest[]> {
  const digests: ProcedureDigest[] = [];
  for (const procedure of procedures) {
    if (procedure.archivedAt || !(user.isAdmin || user.roles[procedure.key] === 'owner')) continue;
    if (!parts.has(procedure.key)) {
      parts.set(procedure.key, await procedurePart(store, procedure, period, minAnswers));
    }
    const part = parts.get(procedure.key);
    if (part) digests.push(part);
  }
  return digests;
}

async function procedurePart(
  store: Store,
  procedure: Procedure,
  period: DigestPeriod,
  minAnswers: number,
): Promise<ProcedureDigest | undefined> {
  const totals = await store.sumRollups({
    procedureKey: procedure.key,
    fromDay: period.from,
    toDay: period.to,
  });
  if (totals.answers === 0) return undefined;
  const previous = await store.sumRollups({
    procedureKey: procedure.key,
    fromDay: period.previous.from,
    toDay: period.previous.to,
  });
  const { items } = await store.listSubmissions({
    procedureKey: procedure.key,
    fromDay: period.from,
    toDay: period.to,
    withComment: true,
    suspect: false,
    limit: 3,
  });
  return {
    key: procedure.key,
    name: procedure.name,
    indicators: computeIndicators(totals, minAnswers),
    previous: computeIndicators(previous, minAnswers),
    distribution: {
      good: totals.satisfaction_good,
      medium: totals.satisfaction_medium,
      bad: totals.satisfaction_bad,
    },
    comments: totals.comments,
    excerpts: items.map((item) => item.answer.comment ?? '').filter((text) => text !== ''),
  };
}
