import { addDays, daysBetween } from '../../../common/calendar-days.ts';
import {
  type AskableQuestion,
  askableQuestions,
  administrationChannels as channels,
  helpChannels,
  isAdministrationChannel,
} from '../../../common/questionnaire.ts';
import type { Answer } from '../../../common/wire.ts';

/**
 * The channels «Aide joignable» and «Aide efficace» are counted under (docs/design.md §6): the four
 * administration channels, and `unknown` for an answer in the earlier shape (one boolean and one
 * rating for all channels), which API v1 accepts for ever.
 */
export const rollupChannels = [...channels, 'unknown'] as const;
export type RollupChannel = (typeof rollupChannels)[number];

const levels = [1, 2, 3, 4, 5] as const;

/**
 * The counters kept per procedure, day and source (docs/design.md §6). Every indicator and every
 * distribution is a function of these sums, so stats cost one row a day whatever the traffic.
 * The order is the column order of the `daily_rollups` table.
 */
export const rollupCounters = [
  'answers',
  'satisfaction_bad',
  'satisfaction_medium',
  'satisfaction_good',
  'clarity_1',
  'clarity_2',
  'clarity_3',
  'clarity_4',
  'clarity_5',
  'help_answered',
  ...helpChannels.map((channel) => `help_${channel}` as const),
  // The earlier shape's counters, renamed in place by migration 005: they became channel unknown.
  'reached_unknown_yes',
  'reached_unknown_no',
  ...levels.map((n) => `help_quality_unknown_${n}` as const),
  'comments',
  // Added by migration 005 after the others (SQLite appends a column, it cannot insert one).
  ...channels.flatMap((c) => [`reached_${c}_yes`, `reached_${c}_no`] as const),
  ...channels.flatMap((c) => levels.map((n) => `help_quality_${c}_${n}` as const)),
  // Added by migration 016 (PostgreSQL 013): the answers that were asked each optional step, by
  // the questionnaire version they were given under (docs/design.md §2, «Versions»), the
  // denominators a step's figures are read against.
  ...askableQuestions.map((question) => `asked_${question}` as const),
] as const;

export type RollupCounter = (typeof rollupCounters)[number];
export type RollupTotals = Record<RollupCounter, number>;

const zeroTotals = Object.freeze(
  Object.fromEntries(rollupCounters.map((name) => [name, 0])) as RollupTotals,
);

/** The columns of a satisfaction series (DailySatisfaction): four counters, not all 58. */
export const satisfactionColumns =
  'answers, satisfaction_bad, satisfaction_medium, satisfaction_good';

/** A fresh set of counters at zero (a copy of a template: this runs for every answer). */
export function emptyTotals(): RollupTotals {
  return { ...zeroTotals };
}

/**
 * The sums the five headline indicators read (docs/design.md §6), each the total of some
 * counters: «Aide joignable» and «Aide efficace» over every channel at once. The Observatoire
 * sums these 18 for thousands of procedures, not the 58 counters (a third of the work).
 */
export const headlineCounters = {
  answers: ['answers'],
  satisfaction_bad: ['satisfaction_bad'],
  satisfaction_medium: ['satisfaction_medium'],
  satisfaction_good: ['satisfaction_good'],
  ...(Object.fromEntries(levels.map((n) => [`clarity_${n}`, [`clarity_${n}`]])) as Record<
    `clarity_${(typeof levels)[number]}`,
    [RollupCounter]
  >),
  help_none: ['help_none'],
  help_answered: ['help_answered'],
  reached_yes: rollupChannels.map((c) => `reached_${c}_yes` as const),
  reached_no: rollupChannels.map((c) => `reached_${c}_no` as const),
  ...(Object.fromEntries(
    levels.map((n) => [`help_quality_${n}`, rollupChannels.map((c) => `help_quality_${c}_${n}`)]),
  ) as Record<`help_quality_${(typeof levels)[number]}`, RollupCounter[]>),
} satisfies Record<string, readonly RollupCounter[]>;

export type HeadlineTotals = Record<keyof typeof headlineCounters, number>;

const headlineEntries = Object.entries(headlineCounters) as [
  keyof HeadlineTotals,
  readonly RollupCounter[],
][];

/**
 * The headline sums read from a row of numbers in headlineCounters' order, from `offset` on (the
 * Observatoire's sums, read as arrays). Written out as one literal: thousands of objects of one
 * shape, read field by field, where the row objects better-sqlite3 builds were about twice as
 * slow to read.
 */
export function headlineTotalsFrom(values: ArrayLike<number>, offset: number): HeadlineTotals {
  const at = (index: number) => values[offset + index] as number;
  return {
    answers: at(0),
    satisfaction_bad: at(1),
    satisfaction_medium: at(2),
    satisfaction_good: at(3),
    clarity_1: at(4),
    clarity_2: at(5),
    clarity_3: at(6),
    clarity_4: at(7),
    clarity_5: at(8),
    help_none: at(9),
    help_answered: at(10),
    reached_yes: at(11),
    reached_no: at(12),
    help_quality_1: at(13),
    help_quality_2: at(14),
    help_quality_3: at(15),
    help_quality_4: at(16),
    help_quality_5: at(17),
  };
}

/** The headline sums of a set of counters. */
export function headlineTotalsOf(t: RollupTotals): HeadlineTotals {
  return Object.fromEntries(
    headlineEntries.map(([name, counters]) => [name, counters.reduce((sum, c) => sum + t[c], 0)]),
  ) as HeadlineTotals;
}

/**
 * How one answer adds to the counters: 1 for each counter it falls in, 0 elsewhere; `asked`, the
 * optional steps of the version it was given under.
 */
export function countersOf(
  answer: Answer,
  asked: readonly AskableQuestion[] = askableQuestions,
): RollupTotals {
  return countInto(emptyTotals(), answer, 1, asked);
}

/**
 * The answer without what its questionnaire version did not ask (a widget loaded before a new
 * version was published may still send a step it no longer asks): a figure never counts an
 * answer to a question its version did not ask (docs/design.md §2, «Versions»). The same object
 * when nothing is dropped, which is the common case.
 */
export function askedPartOf(answer: Answer, asked: readonly AskableQuestion[]): Answer {
  const dropClarity = answer.clarity !== undefined && !asked.includes('clarity');
  const dropHelp = answer.help !== undefined && !asked.includes('help');
  const dropComment = answer.comment !== undefined && !asked.includes('comment');
  // Checked before anything is copied: this runs for every answer stored.
  if (!dropClarity && !dropHelp && !dropComment) return answer;
  const kept = { ...answer };
  if (dropClarity) delete kept.clarity;
  if (dropHelp) {
    delete kept.help;
    delete kept.helpOther;
    delete kept.reached;
    delete kept.helpQuality;
  }
  if (dropComment) delete kept.comment;
  return kept;
}

/** Whether the part of an answer its version asked (askedPartOf) leaves out the comment sent. */
export function dropsComment(sent: { answer: Answer }, kept: Answer): boolean {
  return sent.answer.comment !== undefined && kept.comment === undefined;
}

/**
 * Adds one answer (sign 1), or takes it out (-1), of `totals`: only the few counters it falls in
 * are touched. This runs for every answer stored: building its 58 counters, then adding them all,
 * was a twentieth of an answer's CPU (BENCHMARKS.md, ingestion).
 */
function countInto(
  totals: RollupTotals,
  answer: Answer,
  sign: 1 | -1,
  asked: readonly AskableQuestion[] | undefined,
): RollupTotals {
  totals.answers += sign;
  if (asked) for (const question of asked) totals[`asked_${question}`] += sign;
  totals[`satisfaction_${answer.satisfaction}`] += sign;
  if (answer.clarity !== undefined) totals[`clarity_${answer.clarity}` as RollupCounter] += sign;
  if (answer.help !== undefined && answer.help.length > 0) {
    totals.help_answered += sign;
    for (const channel of answer.help) totals[`help_${channel}`] += sign;
  }
  const help = answer.help ?? [];
  const { reached, helpQuality } = answer;
  // Each channel answered counts once (docs/design.md §6); a channel not ticked in help is never
  // counted (the schema refuses it, and an earlier-shape answer needs a ticked administration
  // channel).
  if (typeof reached === 'boolean') {
    if (help.some(isAdministrationChannel))
      totals[reached ? 'reached_unknown_yes' : 'reached_unknown_no'] += sign;
  } else if (reached !== undefined) {
    for (const channel of channels) {
      const yes = reached[channel];
      if (yes !== undefined && help.includes(channel))
        totals[`reached_${channel}_${yes ? 'yes' : 'no'}`] += sign;
    }
  }
  if (typeof helpQuality === 'number') {
    totals[`help_quality_unknown_${helpQuality}` as RollupCounter] += sign;
  } else if (helpQuality !== undefined) {
    for (const channel of channels) {
      const rating = helpQuality[channel];
      if (rating !== undefined)
        totals[`help_quality_${channel}_${rating}` as RollupCounter] += sign;
    }
  }
  if (answer.comment !== undefined && answer.comment.trim() !== '') totals.comments += sign;
  return totals;
}

export function addTotals(into: RollupTotals, from: RollupTotals, sign: 1 | -1 = 1): RollupTotals {
  for (const name of rollupCounters) into[name] += sign * from[name];
  return into;
}

export type RollupChange = {
  procedureId: number;
  day: string;
  source: string;
  counts: RollupTotals;
};

/**
 * The rollup changes of one transaction, summed per procedure, day and source, so that a store
 * writes each row once: forty answers of one day cost one upsert, not forty.
 */
export class RollupChanges {
  readonly #changes = new Map<string, RollupChange>();

  /**
   * Counts an answer in (sign 1), or out (-1) when it is deleted; `asked`, the optional steps of
   * the version it was given under.
   */
  add(
    procedureId: number,
    day: string,
    source: string,
    answer: Answer,
    asked: readonly AskableQuestion[] | undefined,
    sign: 1 | -1 = 1,
  ): void {
    const key = `${procedureId}|${day}|${source}`;
    let change = this.#changes.get(key);
    if (!change) {
      change = { procedureId, day, source, counts: emptyTotals() };
      this.#changes.set(key, change);
    }
    countInto(change.counts, answer, sign, asked);
  }

  /**
   * A later step of a submission: it keeps the day it was first received on (docs/design.md §6)
   * and its questionnaire version, whose steps are `asked`; its counts move from the earlier
   * answers to the new ones (and from its earlier source to its new one).
   */
  replace(
    procedureId: number,
    earlier: { day: string; source: string },
    earlierAnswer: Answer,
    answer: Answer,
    asked: readonly AskableQuestion[],
  ): void {
    this.add(procedureId, earlier.day, earlier.source, earlierAnswer, asked, -1);
    this.add(procedureId, earlier.day, answer.source ?? '', answer, asked);
  }

  /**
   * In key order, so that two writers lock the same rows in the same order (no deadlock). A store
   * writes every daily row first, then every monthly one (`inMonths`): one order for all writers.
   */
  inKeyOrder(): RollupChange[] {
    return [...this.#changes.keys()].sort().map((key) => this.#changes.get(key) as RollupChange);
  }

  /**
   * The months changed that have ended (endedMonthsBefore), each once, in order: a deletion, a
   * step given after its month's end.
   */
  endedMonths(now: number): string[] {
    const before = endedMonthsBefore(now);
    const months = new Set<string>();
    for (const { day } of this.#changes.values()) {
      const month = day.slice(0, 7);
      if (month < before) months.add(month);
    }
    return [...months].sort();
  }

  /** The same changes summed per calendar month (`day` is then `YYYY-MM`), in key order. */
  inMonths(): RollupChange[] {
    const months = new Map<string, RollupChange>();
    for (const { procedureId, day, source, counts } of this.#changes.values()) {
      const month = day.slice(0, 7);
      const key = `${procedureId}|${month}|${source}`;
      const sum = months.get(key);
      if (sum) addTotals(sum.counts, counts);
      else months.set(key, { procedureId, day: month, source, counts: { ...counts } });
    }
    return [...months.keys()].sort().map((key) => months.get(key) as RollupChange);
  }
}

/** Days of the calendar (`YYYY-MM-DD`), both ends included; `from` after `to` is empty. */
export type DayRange = { from: string; to: string };

/** An empty range that both databases take as days (PostgreSQL's `date`) and as months. */
const noDays: DayRange = { from: '2000-01-02', to: '2000-01-01' };
const noMonths: DayRange = { from: '2000-02', to: '2000-01' };

const monthStart = (day: string) => `${day.slice(0, 7)}-01`;

/**
 * A period as a store reads its rollups: the whole calendar months in it from the monthly
 * rollups (`months`, `YYYY-MM`), and the days before and after them from the daily ones. Twelve
 * months read 12 rows instead of 365, whatever the traffic (issue 26).
 */
export function monthsAndDays(fromDay: string, toDay: string) {
  const firstWhole = fromDay.endsWith('-01')
    ? fromDay
    : monthStart(addDays(monthStart(fromDay), 31));
  const dayAfter = addDays(toDay, 1);
  const afterLastWhole = dayAfter.endsWith('-01') ? dayAfter : monthStart(toDay);
  if (firstWhole >= afterLastWhole) {
    return { before: { from: fromDay, to: toDay }, months: noMonths, after: noDays };
  }
  return {
    before: fromDay < firstWhole ? { from: fromDay, to: addDays(firstWhole, -1) } : noDays,
    months: { from: firstWhole.slice(0, 7), to: addDays(afterLastWhole, -1).slice(0, 7) },
    after: afterLastWhole <= toDay ? { from: afterLastWhole, to: toDay } : noDays,
  };
}

/** Months `YYYY-MM`, both ends included; `from` after `to` is none. */
export type MonthRange = { from: string; to: string };

/**
 * The months a store keeps in memory at `now`, `count` of them: the last settled ones
 * (settledMonthsBefore).
 */
export function keptMonthRange(now: number, count: number): MonthRange {
  const before = settledMonthsBefore(now);
  const index = Number(before.slice(0, 4)) * 12 + Number(before.slice(5, 7)) - 1;
  const month = (n: number) => `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
  return { from: month(index - count), to: month(index - 1) };
}

/** A range of daily or monthly rollups, added to a period's sums or taken out of them. */
export type SignedPart = { unit: 'day' | 'month'; from: string; to: string; sign: 1 | -1 };

const monthEnd = (day: string) => addDays(monthStart(addDays(monthStart(day), 31)), -1);

/**
 * A part of a settled month the store keeps in memory (observatoire.ts): the whole month, or
 * its first `firstDays` days (keptFirstDays), added or taken out.
 */
export type KeptPart = { month: string; firstDays?: number | undefined; sign: 1 | -1 };

/**
 * The first days of a month a store keeps the sums of, beside the whole month's (KeptPart): its
 * first week, first half and first 23 days, so that no day of a kept month is more than 4 days
 * from a kept end.
 */
export const keptFirstDays = [7, 15, 23] as const;

/**
 * A period as the Observatoire reads it for thousands of procedures at once: like monthsAndDays,
 * but a month the period covers all but a few days of is read whole and those days taken out
 * (1 July to 28 September: July to September, less 29 and 30 September).
 *
 * A month in `kept` (keptMonthRange) costs nothing: the store keeps its sums, and those of its
 * first days (keptFirstDays), in memory; they come back in `kept`. Each end of the period inside
 * such a month is then read from the nearest of the month's 1st, 8th, 16th and 24th and the day
 * after its end (the earlier one when two are as near), whichever side of it the period lies: 4
 * days at most, and a period and the one before it read the same days of the month between
 * them. A month with both ends of the period in it, if fewer, is read day by day.
 *
 * Any other month's rollups are about as many rows as ten of its days': it is read whole when
 * the days it leaves out are under a third of it, months next to each other in one range, first
 * in `parts`.
 */
export function signedParts(
  fromDay: string,
  toDay: string,
  kept: MonthRange = noMonths,
): { kept: KeptPart[]; parts: SignedPart[] } {
  const fromMemory: KeptPart[] = [];
  const days: SignedPart[] = [];
  const months: SignedPart[] = [];
  for (let start = monthStart(fromDay); start <= toDay; start = addDays(monthEnd(start), 1)) {
    const end = monthEnd(start);
    const from = fromDay > start ? fromDay : start;
    const to = toDay < end ? toDay : end;
    const month = start.slice(0, 7);
    const length = daysBetween(start, end);
    const covered = daysBetween(from, to);
    if (month >= kept.from && month <= kept.to) {
      settledParts(month, length, Number(from.slice(8)), Number(to.slice(8)) + 1, fromMemory, days);
      continue;
    }
    if (3 * (length - covered) >= length) {
      days.push({ unit: 'day', from, to, sign: 1 });
      continue;
    }
    // Months next to each other make one range.
    const last = months.at(-1);
    if (last && monthStart(addDays(`${last.to}-01`, 31)) === `${month}-01`) last.to = month;
    else months.push({ unit: 'month', from: month, to: month, sign: 1 });
    if (from > start) days.push({ unit: 'day', from: start, to: addDays(from, -1), sign: -1 });
    if (to < end) days.push({ unit: 'day', from: addDays(to, 1), to: end, sign: -1 });
  }
  return { kept: fromMemory, parts: [...months, ...days] };
}

/**
 * Days `first` (included) to `after` (excluded), numbered in their month of `length` days, as
 * kept parts and days (signedParts).
 */
function settledParts(
  month: string,
  length: number,
  first: number,
  after: number,
  kept: KeptPart[],
  days: SignedPart[],
) {
  const breaks = [1, ...keptFirstDays.map((days) => days + 1), length + 1];
  const nearest = (day: number) =>
    breaks.reduce((best, at) => (Math.abs(at - day) < Math.abs(best - day) ? at : best));
  const from = nearest(first);
  const to = nearest(after);
  const dayOf = (n: number) => `${month}-${String(n).padStart(2, '0')}`;
  const range = (a: number, b: number, sign: 1 | -1) => {
    if (a < b) days.push({ unit: 'day', from: dayOf(a), to: dayOf(b - 1), sign });
  };
  if (from === to || Math.abs(first - from) + Math.abs(after - to) > after - first) {
    range(first, after, 1);
    return;
  }
  // The kept days from `from` to `to`: the days before `to` less those before `from`.
  const keptBefore = (at: number, sign: 1 | -1) => {
    if (at === length + 1) kept.push({ month, sign });
    else if (at > 1) kept.push({ month, firstDays: at - 1, sign });
  };
  keptBefore(to, 1);
  keptBefore(from, -1);
  // Then the days between each end and its break, added or taken out.
  if (first < from) range(first, from, 1);
  else range(from, first, -1);
  if (after > to) range(to, after, 1);
  else range(after, to, -1);
}

const dayMs = 86_400_000;
const monthOf = (time: number) => new Date(time).toISOString().slice(0, 7);

/**
 * The months a writer at `now` tells readers it changed (a revision in `closed_month_revisions`)
 * are those before the one returned: the months that have ended by its clock (UTC). Answers to
 * the current month, nearly all writes, tell nobody and wait on no shared row.
 */
export const endedMonthsBefore = (now: number) => monthOf(now);

/**
 * The months whose sums a store may keep in memory at `now` are those before the one returned: a
 * day past their end (UTC), so that a writer whose clock is up to a day behind this one's has
 * counted them ended (endedMonthsBefore). Both compare a rollup's month with their own clock:
 * the report time zone changes nothing.
 */
export const settledMonthsBefore = (now: number) => monthOf(now - dayMs);

/** One more revision of a month (endedMonths), in both databases' SQL. */
export const bumpMonthRevision = `INSERT INTO closed_month_revisions (month, revision) VALUES ($1, 1)
  ON CONFLICT (month) DO UPDATE SET revision = closed_month_revisions.revision + 1`;
