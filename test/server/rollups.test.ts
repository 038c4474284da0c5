import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../common/calendar-days.ts';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import {
  addTotals,
  countersOf,
  emptyTotals,
  endedMonthsBefore,
  headlineCounters,
  headlineTotalsFrom,
  keptFirstDays,
  keptMonthRange,
  RollupChanges,
  type RollupTotals,
  rollupCounters,
  type SignedPart,
  settledMonthsBefore,
  signedParts,
} from '../../server/src/store/rollups.ts';
import { validAnswer } from '../fixtures/valid-answer.ts';
import { readDatabase, startTestApp, uuidv7 } from '../helpers.ts';

const hour = 60 * 60 * 1000;

/** A step of a random session: a new submission, or a later step of an earlier one. */
const step = fc.record({
  replaces: fc.option(fc.nat(), { nil: undefined }),
  answer: validAnswer,
  hoursLater: fc.integer({ min: 0, max: 9 }),
});

describe('daily rollups', () => {
  it('always equal a recount of the submissions, after any mix of creates and updates', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        const { post, clock, config, store, procedure } = await startTestApp();
        const ids: string[] = [];
        const latest = new Map<string, Answer>();
        for (const { replaces, answer, hoursLater } of steps) {
          clock.advance(hoursLater * hour);
          const id =
            replaces === undefined || ids.length === 0
              ? uuidv7()
              : (ids[replaces % ids.length] as string);
          const response = await post({ id, ...answer });
          if (response.statusCode === 201) ids.push(id);
          if (response.statusCode === 201 || response.statusCode === 200) latest.set(id, answer);
          else expect(response.statusCode).toBe(409); // the 24 h window closed
        }

        // What the model of the API says the totals must be…
        const expected = emptyTotals();
        for (const answer of latest.values()) addTotals(expected, countersOf(answer));
        const totals = await store.sumRollups({
          procedureKey: procedure.key,
          fromDay: '2000-01-01',
          toDay: '2100-01-01',
        });
        expect(totals).toEqual(expected);

        // …and, day by day and source by source, a recount of the rows on disk.
        const sums = rollupCounters.map((c) => `SUM(${c}) AS ${c}`).join(', ');
        const [rollupRows, submissions] = readDatabase(config.databasePath, (db) => [
          db
            .prepare(
              `SELECT day, source, ${sums} FROM daily_rollups
               GROUP BY day, source HAVING SUM(answers) > 0 ORDER BY day, source`,
            )
            .all() as ({ day: string; source: string } & RollupTotals)[],
          db.prepare('SELECT id, day, source FROM submissions ORDER BY day, source').all() as {
            id: string;
            day: string;
            source: string;
          }[],
        ]);
        const recount = new Map<string, RollupTotals>();
        for (const { id, day, source } of submissions) {
          const saved = await store.findSubmission(id);
          if (!saved) throw new Error(`submission ${id} listed but not found`);
          const key = `${day}|${source}`;
          recount.set(key, addTotals(recount.get(key) ?? emptyTotals(), countersOf(saved.answer)));
        }
        expect(
          new Map(rollupRows.map(({ day, source, ...totals }) => [`${day}|${source}`, totals])),
        ).toEqual(recount);
      }),
      { numRuns: 40 },
    );
    // 40 sessions of up to 40 fsynced posts: 8 s alone, past the default 20 s beside the load tests.
  }, 60_000);
});

/** The last day of a month (`YYYY-MM`). */
const lastDayOf = (month: string) => addDays(`${addDays(`${month}-01`, 31).slice(0, 7)}-01`, -1);

describe('the Observatoire’s reading of a period', () => {
  it('counts every day of the period once and no other day, months read whole less the days left out', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 366 }),
        fc.integer({ min: 1, max: 800 }),
        // The months kept: every month, some, or none; older ones read from the database.
        fc.integer({ min: 0, max: 5 * 12 }),
        fc.integer({ min: 0, max: 40 }),
        (start, length, settledMonths, keptMonths) => {
          const from = addDays('2024-01-01', start);
          const to = addDays(from, length - 1);
          const range = keptMonthRange(
            Date.parse(`${addDays('2023-12-01', 31 * settledMonths).slice(0, 7)}-02T12:00:00Z`),
            keptMonths,
          );
          const isKept = (month: string) => month >= range.from && month <= range.to;
          const counted = new Map<string, number>();
          const { kept, parts } = signedParts(from, to, range);
          const count = (days: { from: string; to: string }, sign: number) => {
            for (let day = days.from; day <= days.to; day = addDays(day, 1))
              counted.set(day, (counted.get(day) ?? 0) + sign);
          };
          for (const { unit, from: first, to: last, sign } of parts)
            count(
              unit === 'day'
                ? { from: first, to: last }
                : { from: `${first}-01`, to: lastDayOf(last) },
              sign,
            );
          for (const { month, firstDays, sign } of kept)
            count(
              {
                from: `${month}-01`,
                to:
                  firstDays === undefined
                    ? lastDayOf(month)
                    : `${month}-${String(firstDays).padStart(2, '0')}`,
              },
              sign,
            );
          for (const [day, times] of counted)
            expect(times, day).toBe(day >= from && day <= to ? 1 : 0);
          for (let day = from; day <= to; day = addDays(day, 1))
            expect(counted.get(day), day).toBe(1);
          // Kept months from memory; the database's months are others, read first, each range
          // of months next to each other once.
          for (const { month, firstDays } of kept) {
            expect(isKept(month), month).toBe(true);
            // Only the first days a store keeps: four sets of sums a month at most.
            if (firstDays !== undefined) expect(keptFirstDays).toContain(firstDays);
          }
          const months = parts.filter((part) => part.unit === 'month');
          for (const part of months)
            for (let day = `${part.from}-01`; day <= lastDayOf(part.to); day = addDays(day, 28))
              expect(isKept(day.slice(0, 7)), day).toBe(false);
          for (const [n, part] of months.slice(1).entries())
            expect(addDays(lastDayOf(months[n]?.to as string), 1) < `${part.from}-01`).toBe(true);
          for (const part of parts.slice(months.length)) expect(part.unit).toBe('day');
          // The days read of a month: under a third of a month read whole from the database;
          // of a kept one, 4 at each end of the period inside it, and none of a month covered
          // whole.
          const read = new Map<string, number>();
          for (const { unit, from: first, to: last } of parts)
            if (unit === 'day')
              read.set(
                first.slice(0, 7),
                (read.get(first.slice(0, 7)) ?? 0) + daysBetween(first, last),
              );
          for (const [month, days] of read) {
            const monthDays = daysBetween(`${month}-01`, lastDayOf(month));
            expect(days, month).toBeLessThan(monthDays);
            const ends = Number(from.startsWith(month)) + Number(to.startsWith(month));
            if (isKept(month)) expect(days, month).toBeLessThanOrEqual(4 * ends);
            else if (parts.some((part) => part.sign < 0 && part.from.startsWith(month)))
              expect(3 * days, month).toBeLessThan(monthDays);
          }
        },
      ),
    );
  });

  it('tells readers of every write to a month they may keep, their clock up to a day ahead', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2024-01-01'), max: Date.parse('2030-01-01') }),
        fc.integer({ min: 0, max: 86_399_999 }),
        (writer, ahead) => {
          const reader = writer + ahead;
          expect(settledMonthsBefore(reader) <= endedMonthsBefore(writer)).toBe(true);
          const kept = keptMonthRange(reader, 36);
          expect(kept.to < endedMonthsBefore(writer)).toBe(true);
          expect(addDays(`${kept.from}-01`, 36 * 31).slice(0, 7) > kept.to).toBe(true);
        },
      ),
    );
    // Answers to the current month tell nobody; a deletion in the month before does.
    const changes = new RollupChanges();
    const answer: Answer = { satisfaction: 'good' };
    changes.add(1, '2026-12-01', '', answer, undefined);
    changes.add(2, '2026-11-30', '', answer, undefined, -1);
    changes.add(2, '2026-11-02', '', answer, undefined, -1);
    expect(changes.endedMonths(Date.parse('2026-12-01T00:00:00Z'))).toEqual(['2026-11']);
    expect(changes.endedMonths(Date.parse('2026-11-30T23:59:59Z'))).toEqual([]);
  });

  it('reads the days of the month a period shares with the one before it once for both', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 366 }),
        fc.integer({ min: 1, max: 400 }),
        (start, length) => {
          const from = addDays('2024-01-01', start);
          const month = from.slice(0, 7);
          const [to, first] = [addDays(from, length - 1), addDays(from, -length)];
          // The month is between them: the period ends after it, the one before starts before.
          fc.pre(!from.endsWith('-01') && to.slice(0, 7) > month && first.slice(0, 7) < month);
          const every = { from: '2000-01', to: '2099-12' };
          const period = signedParts(from, to, every);
          const before = signedParts(first, addDays(from, -1), every);
          const daysIn = (parts: SignedPart[]) =>
            parts
              .filter((part) => part.from.startsWith(month))
              .map((part) => `${part.from} ${part.to}`)
              .sort();
          expect(daysIn(period.parts)).toEqual(daysIn(before.parts));
        },
      ),
    );
  });

  it('reads the headline sums in the order the queries list them', () => {
    const names = Object.keys(headlineCounters);
    const totals = headlineTotalsFrom([-1, ...names.map((_, i) => i)], 1);
    expect(Object.keys(totals)).toEqual(names);
    for (const [i, name] of names.entries()) expect(totals[name as keyof typeof totals]).toBe(i);
  });
});
