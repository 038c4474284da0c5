import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import type { AuditEntry, LoggedAuditEntry } from '../../server/src/store/audit.ts';
import type { OutboxMail } from '../../server/src/store/mail.ts';
import { openPostgresStore } from '../../server/src/store/postgres/postgres-store.ts';
import type { Procedure } from '../../server/src/store/procedures.ts';
import {
  addTotals,
  countersOf,
  emptyTotals,
  headlineTotalsOf,
  keptFirstDays,
} from '../../server/src/store/rollups.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type {
  AskableQuestion,
  AuditAction,
  DailySatisfaction,
  IncomingSubmission,
  Store,
} from '../../server/src/store/store.ts';
import { onDatabase, refuseRename } from '../fixtures/on-database.ts';
import { createDatabase } from '../fixtures/postgres-cluster.ts';
import { validAnswer } from '../fixtures/valid-answer.ts';
import { temporaryDirectory, uuidv7 } from '../helpers.ts';

/**
 * One suite, run against both implementations of `Store`: whatever the API and the dashboard
 * rely on behaves the same on SQLite and on PostgreSQL.
 */
const postgresUrl = inject('postgresUrl');

type Implementation = {
  name: string;
  available: boolean;
  /** A new, empty, migrated database; `location` reopens the same one. */
  open: (location?: string) => Promise<{ store: Store; location: string }>;
  /** Copies `backup`'s file into a new database and opens it. */
  restore: (file: string) => Promise<Store>;
};

const implementations: Implementation[] = [
  {
    name: 'SQLite',
    available: true,
    async open(location = join(temporaryDirectory(), 'avis.sqlite')) {
      return { store: openSqliteStore({ path: location }), location };
    },
    async restore(file) {
      return openSqliteStore({ path: file });
    },
  },
  {
    name: 'PostgreSQL',
    available: postgresUrl !== '',
    async open(location?: string) {
      const url = location ?? (await createDatabase(postgresUrl));
      return { store: await openPostgresStore({ url }), location: url };
    },
    async restore(file) {
      const url = await createDatabase(postgresUrl);
      execFileSync('pg_restore', ['--no-owner', `--dbname=${url}`, file]);
      return openPostgresStore({ url });
    },
  },
];

const hour = 60 * 60 * 1000;
const start = new Date('2026-03-10T10:00:00Z');

/** Entries as written: the ids the store gives them set aside. */
async function unnumbered(read: Promise<LoggedAuditEntry[]>): Promise<AuditEntry[]> {
  return (await read).map(({ id, ...entry }) => entry);
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : 1);

/** A full answer, different from one `n` to the next: every headline sum has some. */
function validAnswerOf(n: number): Answer {
  return {
    satisfaction: (['good', 'medium', 'bad'] as const)[n % 3] ?? 'good',
    clarity: ((n % 5) + 1) as Answer['clarity'],
    help: n % 4 === 0 ? ['none'] : ['phone', 'email'],
    ...(n % 4 !== 0 && {
      reached: { phone: n % 2 === 0, email: true },
      helpQuality: { email: ((n % 5) + 1) as 1 },
    }),
  };
}

function answerAt(procedureKey: string, answer: Answer, at = start, id = uuidv7(at.getTime())) {
  return {
    id,
    procedureKey,
    answer,
    receivedAt: at,
    day: at.toISOString().slice(0, 10),
  } satisfies IncomingSubmission;
}

describe.each(implementations)('$name store', (implementation) => {
  const openStore = async () => {
    const opened = await implementation.open();
    onTestFinished(() => opened.store.close());
    return opened;
  };
  const withProcedure = async () => {
    const { store, location } = await openStore();
    const procedure = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
    return { store, location, key: procedure.key };
  };

  describe.skipIf(!implementation.available)('(runs)', () => {
    it('keeps procedures: random keys, default questions, case-blind name order, changes, archive', async () => {
      const { store } = await openStore();
      const keys = new Set<string>();
      for (const name of ['b', 'A', 'c', 'B2']) {
        keys.add(
          (await store.createProcedure({ name, allowedOrigins: ['https://a.gouv.fr'] })).key,
        );
      }
      for (const key of keys) expect(key).toMatch(/^[a-z0-9]{10}$/);
      expect((await store.listProcedures()).map((p) => p.name)).toEqual(['A', 'b', 'B2', 'c']);
      const [first] = [...keys] as [string];
      expect(await store.findProcedure(first)).toMatchObject({
        allowedOrigins: ['https://a.gouv.fr'],
        questions: ['clarity', 'help', 'comment'],
        archivedAt: undefined,
      });
      // The questions asked change by publishing a questionnaire version (issue 27).
      await store.publishQuestionnaire(
        first,
        { questions: ['comment'], intro: undefined, thanks: undefined },
        () => ({
          at: new Date(),
          actor: 'cli',
          action: 'questionnaire.publish',
          target: first,
          details: {},
        }),
      );
      const archived = await store.updateProcedure(first, { name: 'Renamed', archived: true });
      expect(archived).toMatchObject({ name: 'Renamed', questions: ['comment'] });
      expect(archived?.archivedAt).toBeInstanceOf(Date);
      expect(await store.updateProcedure(first, { archived: false })).toMatchObject({
        name: 'Renamed',
        archivedAt: undefined,
      });
      expect(await store.updateProcedure('nothere00', { name: 'x' })).toBeUndefined();
      expect(await store.findProcedure('nothere00')).toBeUndefined();
      expect(await store.findSubmission(uuidv7())).toBeUndefined();
    });

    it('sees a procedure changed or deleted at once, in reads and in answers', async () => {
      const { store, key } = await withProcedure();
      // Both read, so both keep the procedure in memory (procedure-cache.ts).
      expect(await store.findProcedure(key)).toMatchObject({ name: 'Passeport' });
      expect(await store.saveSubmission(answerAt(key, { satisfaction: 'good' }))).toBe('created');
      await store.updateProcedure(key, { name: 'Visa' });
      expect(await store.findProcedure(key)).toMatchObject({ name: 'Visa' });
      expect(await store.deleteProcedure(key)).toBe(true);
      expect(await store.findProcedure(key)).toBeUndefined();
      expect(await store.saveSubmission(answerAt(key, { satisfaction: 'good' }))).toBe(
        'unknown-procedure',
      );
    });

    it('creates, updates within 24 hours, then refuses; never across procedures', async () => {
      const { store, key } = await withProcedure();
      const other = await store.createProcedure({ name: 'Impôts', allowedOrigins: [] });
      const first = answerAt(key, { satisfaction: 'bad', source: 'confirmation' });
      expect(await store.saveSubmission(first)).toBe('created');
      const later = { ...first, receivedAt: new Date(start.getTime() + 2 * hour) };
      later.answer = { satisfaction: 'good', clarity: 4, comment: 'Très clair' };
      expect(await store.saveSubmission(later)).toBe('updated');
      expect(await store.findSubmission(first.id)).toEqual({
        id: first.id,
        procedureKey: key,
        receivedAt: start,
        updatedAt: later.receivedAt,
        day: '2026-03-10',
        source: '',
        answer: later.answer,
        redactions: 0,
        suspect: false,
        version: 1,
      });
      const tooLate = { ...first, receivedAt: new Date(start.getTime() + 25 * hour) };
      expect(await store.saveSubmission(tooLate)).toBe('conflict');
      expect(await store.saveSubmission({ ...first, procedureKey: other.key })).toBe('conflict');
      expect(await store.saveSubmission({ ...first, procedureKey: 'nothere00' })).toBe(
        'unknown-procedure',
      );
      const totals = await store.sumRollups({
        procedureKey: key,
        fromDay: '2026-03-10',
        toDay: '2026-03-10',
      });
      expect(totals).toEqual(addTotals(emptyTotals(), countersOf(later.answer)));
    });

    it('publishes a questionnaire and the procedure’s other changes in one transaction: both or neither', async () => {
      const { store, location, key } = await withProcedure();
      // The database itself refuses one name, as a failure between the two writes would.
      await onDatabase(implementation.name, location, refuseRename);
      const entry = (action: AuditAction) => ({
        at: new Date(),
        actor: 'owner@example.gouv.fr',
        action,
        target: key,
        details: {},
      });
      const publishWith = (name: string) =>
        store.publishQuestionnaire(
          key,
          { questions: ['comment'], intro: undefined, thanks: undefined },
          () => entry('questionnaire.publish'),
          { procedureChanges: { changes: { name }, audit: () => entry('procedure.update') } },
        );
      await expect(publishWith('Refusé')).rejects.toThrow(/refused/);
      expect(await store.publishedQuestionnaire(key)).toMatchObject({ number: 1 });
      expect(await store.findProcedure(key)).toMatchObject({
        name: 'Passeport',
        questions: ['clarity', 'help', 'comment'],
      });
      expect(await publishWith('Passeport, en ligne')).toMatchObject({ number: 2 });
      expect(await store.findProcedure(key)).toMatchObject({
        name: 'Passeport, en ligne',
        questions: ['comment'],
      });
      expect((await unnumbered(store.listAudit(10))).map((e) => e.action)).toEqual([
        'procedure.update',
        'questionnaire.publish',
      ]);
    });

    it('gives an answer the published questionnaire version, which it keeps through its later steps', async () => {
      const { store, key } = await withProcedure();
      const publish = (questions: AskableQuestion[]) =>
        store.publishQuestionnaire(
          key,
          { questions, intro: { fr: 'Deux minutes suffisent.' }, thanks: undefined },
          (version) => ({
            at: new Date(),
            actor: 'owner@example.gouv.fr',
            action: 'questionnaire.publish',
            target: key,
            details: { version: version.number },
          }),
        );
      const underOne = answerAt(key, { satisfaction: 'good' });
      expect(await store.saveSubmission(underOne)).toBe('created');
      // Version 2 no longer asks clarity: version 1's answer keeps its version and its clarity.
      expect(await publish(['help', 'comment'])).toMatchObject({
        number: 2,
        questions: ['help', 'comment'],
        intro: { fr: 'Deux minutes suffisent.' },
        publishedBy: 'owner@example.gouv.fr',
      });
      expect(await publish(['comment', 'help'])).toBe('unchanged');
      const laterStep = { ...underOne, receivedAt: new Date(start.getTime() + hour) };
      laterStep.answer = { satisfaction: 'good', clarity: 5, comment: 'Clair' };
      expect(await store.saveSubmission(laterStep)).toBe('updated');
      expect(await store.findSubmission(underOne.id)).toMatchObject({
        version: 1,
        answer: { clarity: 5, comment: 'Clair' },
      });
      // A widget still showing version 1 sends clarity under version 2: not kept.
      const underTwo = answerAt(key, { satisfaction: 'bad', clarity: 1, comment: 'Long' });
      expect(await store.saveSubmission(underTwo)).toBe('created');
      expect(await store.findSubmission(underTwo.id)).toMatchObject({
        version: 2,
        answer: { satisfaction: 'bad', comment: 'Long' },
      });
      expect((await store.findSubmission(underTwo.id))?.answer.clarity).toBeUndefined();
      const day = { procedureKey: key, fromDay: '2026-03-10', toDay: '2026-03-10' };
      expect(await store.sumRollups(day)).toMatchObject({
        answers: 2,
        asked_clarity: 1,
        asked_help: 2,
        asked_comment: 2,
        clarity_5: 1,
        clarity_1: 0,
      });
      // Deleted, an answer takes what it was asked out with it.
      const audit = {
        at: new Date(),
        actor: 'cli',
        action: 'answer.delete' as const,
        target: key,
        details: {},
      };
      expect(await store.deleteSubmission(underOne.id, key, audit)).toBe(true);
      expect(await store.sumRollups(day)).toMatchObject({ answers: 1, asked_clarity: 0 });
      expect(
        (await store.listQuestionnaireVersions(key))?.map((v) => [v.number, v.questions]),
      ).toEqual([
        [2, ['help', 'comment']],
        [1, ['clarity', 'help', 'comment']],
      ]);
      expect((await store.findProcedure(key))?.questions).toEqual(['help', 'comment']);
      expect(await store.listQuestionnaireVersions('nothere00')).toBeUndefined();
    });

    it('acknowledges 300 answers sent at once, each stored once, in as many rollups', async () => {
      const { store, key } = await withProcedure();
      const answers = Array.from({ length: 300 }, (_, i) =>
        answerAt(
          key,
          { satisfaction: i % 3 === 0 ? 'good' : 'medium' },
          new Date(start.getTime() + i),
        ),
      );
      const replays = answers
        .slice(0, 50)
        .map((a) => ({ ...a, answer: { satisfaction: 'bad' as const } }));
      const outcomes = await Promise.all(
        [...answers, ...replays].map((a) => store.saveSubmission(a)),
      );
      expect(outcomes.filter((o) => o === 'created')).toHaveLength(300);
      expect(outcomes.filter((o) => o === 'updated')).toHaveLength(50);
      const totals = await store.sumRollups({
        procedureKey: key,
        fromDay: '2026-03-10',
        toDay: '2026-03-10',
      });
      expect(totals).toMatchObject({ answers: 300, satisfaction_bad: 50 });
    });

    it('tells its observers each commit of answers: how many went together, how long it took', async () => {
      const { store, key } = await withProcedure();
      const commits: { answers: number; seconds: number }[] = [];
      const stop = store.observeCommits((answers, seconds) => commits.push({ answers, seconds }));
      const answered = (n: number) => commits.reduce((sum, c) => sum + c.answers, 0) === n;
      const outcomes = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          store.saveSubmission(
            answerAt(key, { satisfaction: 'good' }, new Date(start.getTime() + i)),
          ),
        ),
      );
      expect(outcomes.every((outcome) => outcome === 'created')).toBe(true);
      // Sent at once, they share transactions (group commit): fewer commits than answers.
      expect(answered(100)).toBe(true);
      expect(commits.length).toBeLessThan(100);
      for (const { seconds } of commits) expect(seconds).toBeGreaterThan(0);
      for (const { seconds } of commits) expect(seconds).toBeLessThan(10);

      await store.saveSubmissions([
        answerAt(key, { satisfaction: 'bad' }),
        answerAt(key, { satisfaction: 'bad' }),
      ]);
      expect(commits.at(-1)?.answers).toBe(2);
      stop();
      await store.saveSubmission(answerAt(key, { satisfaction: 'medium' }));
      expect(answered(102)).toBe(true);
    });

    // Alone, each step is its own transaction; together, steps share one (group commit), and
    // steps of one id in one transaction apply one after the other.
    it.each([
      ['one at a time', false],
      ['in batches', true],
    ])(
      'keeps the rollups equal to a recount after any mix of creates and updates, sent %s',
      async (_, batched) => {
        const { store } = await openStore();
        const step = fc.record({
          replaces: fc.option(fc.nat(), { nil: undefined }),
          answer: validAnswer,
          hoursLater: fc.integer({ min: 0, max: 9 }),
          endsBatch: fc.boolean(),
        });
        await fc.assert(
          fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
            const { key } = await store.createProcedure({ name: 'P', allowedOrigins: [] });
            const firstSeen = new Map<string, number>();
            const latest = new Map<string, Answer>();
            let batch: IncomingSubmission[] = [];
            const save = async () => {
              const outcomes = await store.saveSubmissions(batch);
              for (const [i, outcome] of outcomes.entries()) {
                const { id, receivedAt, answer } = batch[i] as IncomingSubmission;
                const time = receivedAt.getTime();
                if (outcome === 'created') firstSeen.set(id, time);
                if (outcome !== 'conflict') latest.set(id, answer);
                else expect(time - (firstSeen.get(id) as number)).toBeGreaterThan(24 * hour);
              }
              batch = [];
            };
            /** Ids made so far, saved or waiting in the batch. */
            const ids: string[] = [];
            let time = start.getTime();
            for (const { replaces, answer, hoursLater, endsBatch } of steps) {
              time += hoursLater * hour;
              let id = uuidv7(time);
              if (replaces !== undefined && ids.length > 0)
                id = ids[replaces % ids.length] as string;
              else ids.push(id);
              batch.push(answerAt(key, answer, new Date(time), id));
              if (!batched || endsBatch) await save();
            }
            if (batch.length > 0) await save();
            const expected = emptyTotals();
            for (const answer of latest.values()) addTotals(expected, countersOf(answer));
            const range = { procedureKey: key, fromDay: '2000-01-01', toDay: '2100-01-01' };
            expect(await store.sumRollups(range)).toEqual(expected);
            const days = await store.satisfactionByDay(range);
            expect(days.reduce((sum, d) => sum + d.answers, 0)).toBe(latest.size);
            expect(days.map((d) => d.day)).toEqual([...days.map((d) => d.day)].sort());
          }),
          { numRuns: 25 },
        );
      },
    );

    it('sums any period, and its monthly series, its whole months read apart, as its days one by one, after creates, updates and deletions', async () => {
      const { store } = await openStore();
      const first = Date.parse('2026-01-20T10:00:00Z');
      const dayOf = (n: number) => new Date(first + n * 24 * hour).toISOString().slice(0, 10);
      const entry = fc.record({
        day: fc.integer({ min: 0, max: 100 }),
        answer: validAnswer,
        later: fc.option(validAnswer, { nil: undefined }),
        deleted: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(entry, { minLength: 1, maxLength: 25 }),
          fc.integer({ min: 0, max: 100 }),
          fc.integer({ min: 0, max: 100 }),
          async (entries, a, b) => {
            const { key } = await store.createProcedure({ name: 'Mois', allowedOrigins: [] });
            for (const { day, answer, later, deleted } of entries) {
              const at = new Date(first + day * 24 * hour);
              const incoming = answerAt(key, answer, at);
              await store.saveSubmission(incoming);
              const sameDay = new Date(at.getTime() + hour);
              if (later)
                await store.saveSubmission({ ...incoming, answer: later, receivedAt: sameDay });
              if (deleted) {
                const audit = {
                  at,
                  actor: 'cli',
                  action: 'answer.delete' as const,
                  target: incoming.id,
                  details: {},
                };
                await store.deleteSubmission(incoming.id, key, audit);
              }
            }
            const [from, to] = a <= b ? [a, b] : [b, a];
            const period = { procedureKey: key, fromDay: dayOf(from), toDay: dayOf(to) };
            // One day never holds a whole month: it is read from the daily rollups alone.
            const dayByDay = emptyTotals();
            for (let n = from; n <= to; n++) {
              const day = { procedureKey: key, fromDay: dayOf(n), toDay: dayOf(n) };
              addTotals(dayByDay, await store.sumRollups(day));
            }
            expect(await store.sumRollups(period)).toEqual(dayByDay);
            // The monthly series: the daily one summed per month.
            const byMonth = new Map<string, DailySatisfaction>();
            for (const { day, ...counts } of await store.satisfactionByDay(period)) {
              const month = `${day.slice(0, 7)}-01`;
              const sum = byMonth.get(month) ?? {
                day: month,
                answers: 0,
                satisfaction_bad: 0,
                satisfaction_medium: 0,
                satisfaction_good: 0,
              };
              sum.answers += counts.answers;
              sum.satisfaction_bad += counts.satisfaction_bad;
              sum.satisfaction_medium += counts.satisfaction_medium;
              sum.satisfaction_good += counts.satisfaction_good;
              byMonth.set(month, sum);
            }
            // The stats route's read: the same figures, the period before being any other.
            const before = { fromDay: dayOf(0), toDay: dayOf(to - from) };
            for (const series of ['day', 'month'] as const)
              expect(
                await store.statsRollups({
                  procedureKey: key,
                  current: { fromDay: period.fromDay, toDay: period.toDay },
                  previous: before,
                  series,
                }),
              ).toEqual({
                current: dayByDay,
                previous: await store.sumRollups({ procedureKey: key, ...before }),
                points:
                  series === 'day' ? await store.satisfactionByDay(period) : [...byMonth.values()],
              });
          },
        ),
        { numRuns: 12 },
      );
    }, 60_000);

    it('sums every procedure over a period as each one’s own sums, its settled months kept in memory until any process writes to them', async () => {
      const { store, location } = await openStore();
      const other = (await implementation.open(location)).store;
      onTestFinished(() => other.close());
      const ministry = await store.createOrganisation({ name: 'Intérieur', domains: [] });
      const keys: string[] = [];
      for (const n of [1, 2, 3])
        keys.push(
          (
            await store.createProcedure({
              name: `Démarche ${n}`,
              allowedOrigins: [],
              ...(n === 2 && { organisationId: ministry.id }),
            })
          ).key,
        );
      // Months long past whatever the clock (settledMonthsBefore): kept once read.
      const first = Date.parse('2025-01-03T10:00:00Z');
      const answers = Array.from({ length: 90 }, (_, n) =>
        answerAt(
          keys[n % 3] as string,
          { ...validAnswerOf(n), lang: 'fr' },
          new Date(first + n * 1.3 * 24 * hour),
          uuidv7(first + n),
        ),
      );
      await store.saveSubmissions(answers);
      // Read together: whole months, partial ones, periods that share a month (April split in
      // two halves of 15 days), and ends near each of a kept month's first 7, 15 and 23 days.
      const periods = [
        { fromDay: '2025-01-01', toDay: '2025-03-31' },
        { fromDay: '2025-01-05', toDay: '2025-04-10' },
        { fromDay: '2025-02-20', toDay: '2025-03-02' },
        { fromDay: '2025-01-15', toDay: '2025-02-19' },
        { fromDay: '2025-04-16', toDay: '2025-05-31' },
        { fromDay: '2025-03-01', toDay: '2025-04-15' },
        { fromDay: '2025-02-22', toDay: '2025-04-25' },
      ];
      /** What the Observatoire must read: each listed procedure's own sums, from the database. */
      const expectOwnSums = async (reader: Store, label: string) => {
        for (const organisationId of [undefined, ministry.id]) {
          const read = await reader.totalsByProcedure({
            periods: periods.map(({ fromDay, toDay }) => ({ from: fromDay, to: toDay })),
            organisationId,
          });
          for (const [n, period] of periods.entries()) {
            const expected = [];
            for (const procedure of await reader.listProcedures()) {
              if (organisationId !== undefined && procedure.organisationId !== organisationId)
                continue;
              const totals = headlineTotalsOf(
                await reader.sumRollups({ procedureKey: procedure.key, ...period }),
              );
              if (totals.answers > 0) expected.push({ key: procedure.key, totals });
            }
            expect(
              read[n]
                ?.map(({ procedureKey, totals }) => ({ key: procedureKey, totals }))
                .sort(byKey),
              `${label}: ${period.fromDay}–${period.toDay}, organisation ${organisationId}`,
            ).toEqual(expected.sort(byKey));
          }
        }
      };
      // As a server after its start: months read beforehand, their first days too (and a month not
      // yet settled left to each read).
      for (const month of ['2025-01', '2025-02', '2025-04', '2099-01'])
        for (const firstDays of [undefined, ...keptFirstDays])
          await store.keepSettledMonth(month, firstDays);
      await expectOwnSums(store, 'months read beforehand');
      await expectOwnSums(store, 'read again');
      // Another process writes to the kept months: an answer given, another deleted.
      await other.saveSubmission(
        answerAt(keys[0] as string, { satisfaction: 'bad' }, new Date('2025-02-14T10:00:00Z')),
      );
      const deleted = answers[40] as IncomingSubmission;
      const audit = {
        at: start,
        actor: 'cli',
        action: 'answer.delete' as const,
        target: deleted.id,
        details: {},
      };
      expect(await other.deleteSubmission(deleted.id, deleted.procedureKey, audit)).toBe(true);
      await expectOwnSums(store, 'after another process’s writes');
      // And this one: the last procedure deleted (SQLite may give its id again) and one created.
      const audit2 = { ...audit, target: (answers[10] as IncomingSubmission).id };
      expect(await store.deleteSubmission(audit2.target, keys[1] as string, audit2)).toBe(true);
      expect(await store.deleteProcedure(keys[2] as string)).toBe(true);
      await store.createProcedure({ name: 'Nouvelle', allowedOrigins: [] });
      await expectOwnSums(store, 'after its own writes');
      await expectOwnSums(other, 'another process');
    });

    it('sums the public procedures per calendar month, whole months and the days around them alike', async () => {
      const { store, key } = await withProcedure();
      await store.updateProcedure(key, { public: true });
      const hidden = (await store.createProcedure({ name: 'Caché', allowedOrigins: [] })).key;
      const answers = [];
      // Every fifth day from 20 January to 30 April, in both procedures.
      for (let n = 0; n <= 100; n += 5) {
        const at = new Date(Date.parse('2026-01-20T12:00:00Z') + n * 24 * hour);
        const satisfaction = n % 10 === 0 ? 'good' : 'bad';
        answers.push(answerAt(key, { satisfaction }, at), answerAt(hidden, { satisfaction }, at));
      }
      await store.saveSubmissions(answers);
      // 25 January to 10 April: days of January, two whole months, days of April.
      const rows = await store.publicMonthlyRollups({ fromDay: '2026-01-25', toDay: '2026-04-10' });
      const month = (from: string, to: string) =>
        store.sumRollups({ procedureKey: key, fromDay: from, toDay: to });
      expect(rows).toEqual([
        { procedureKey: key, month: '2026-01', totals: await month('2026-01-25', '2026-01-31') },
        { procedureKey: key, month: '2026-02', totals: await month('2026-02-01', '2026-02-28') },
        { procedureKey: key, month: '2026-03', totals: await month('2026-03-01', '2026-03-31') },
        { procedureKey: key, month: '2026-04', totals: await month('2026-04-01', '2026-04-10') },
      ]);
      expect(rows.map((r) => r.totals.answers)).toEqual([2, 5, 7, 2]);
    });

    it('sums rollups by period and source, and lists only the days that have answers', async () => {
      const { store, key } = await withProcedure();
      await store.saveSubmissions([
        answerAt(key, { satisfaction: 'good', source: 'a' }, new Date('2026-03-01T12:00:00Z')),
        answerAt(key, { satisfaction: 'bad', source: 'b' }, new Date('2026-03-01T13:00:00Z')),
        answerAt(key, { satisfaction: 'medium', source: 'a' }, new Date('2026-03-03T12:00:00Z')),
        answerAt(key, { satisfaction: 'good' }, new Date('2026-04-01T12:00:00Z')),
      ]);
      const march = { procedureKey: key, fromDay: '2026-03-01', toDay: '2026-03-31' };
      expect(await store.sumRollups(march)).toMatchObject({ answers: 3, satisfaction_good: 1 });
      expect(await store.sumRollups({ ...march, source: 'a' })).toMatchObject({ answers: 2 });
      expect(await store.satisfactionByDay(march)).toEqual([
        {
          day: '2026-03-01',
          answers: 2,
          satisfaction_bad: 1,
          satisfaction_medium: 0,
          satisfaction_good: 1,
        },
        {
          day: '2026-03-03',
          answers: 1,
          satisfaction_bad: 0,
          satisfaction_medium: 1,
          satisfaction_good: 0,
        },
      ]);
      expect(await store.sumRollups({ ...march, procedureKey: 'nothere00' })).toEqual(
        emptyTotals(),
      );
      // The stats route's read keeps to the source, and to the procedure, as well.
      const days = { fromDay: '2026-03-01', toDay: '2026-04-30' };
      const previous = { fromDay: '2026-03-01', toDay: '2026-03-31' };
      const point = (day: string, answers: number, medium: number, good: number) => ({
        day,
        answers,
        satisfaction_bad: 0,
        satisfaction_medium: medium,
        satisfaction_good: good,
      });
      const pointsOfA = {
        day: [point('2026-03-01', 1, 0, 1), point('2026-03-03', 1, 1, 0)],
        month: [point('2026-03-01', 2, 1, 1)],
      };
      for (const series of ['day', 'month'] as const) {
        const read = { procedureKey: key, current: days, previous, series };
        const ofA = await store.sumRollups({ ...march, source: 'a' });
        expect(await store.statsRollups({ ...read, source: 'a' })).toEqual({
          current: ofA,
          previous: ofA,
          points: pointsOfA[series],
        });
        expect(await store.statsRollups({ ...read, procedureKey: 'nothere00' })).toEqual({
          current: emptyTotals(),
          previous: emptyTotals(),
          points: [],
        });
      }
    });

    it('pages through answers newest first, with filters and an accent-blind comment search', async () => {
      const { store, key } = await withProcedure();
      const comments = [
        'La démarche était rapide',
        'Démarches trop longues',
        'Rien à dire',
        undefined,
      ];
      const saved = Array.from({ length: 12 }, (_, i) => {
        const comment = comments[i % 4];
        return {
          ...answerAt(
            key,
            { satisfaction: i % 2 ? 'good' : 'bad', ...(comment ? { comment } : {}) },
            new Date(start.getTime() + i * hour),
          ),
          suspect: i === 11,
        };
      });
      await store.saveSubmissions(saved);
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listSubmissions({ procedureKey: key, limit: 5, cursor });
        ids.push(...page.items.map((s) => s.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(ids).toEqual(saved.map((s) => s.id).reverse());

      const list = async (filters: object) =>
        (await store.listSubmissions({ procedureKey: key, limit: 50, ...filters })).items.map((s) =>
          saved.findIndex((x) => x.id === s.id),
        );
      expect(await list({ search: 'demarche' })).toEqual([9, 8, 5, 4, 1, 0]);
      expect(await list({ search: 'RAPID' })).toEqual([8, 4, 0]);
      expect(await list({ search: 'démarche longues' })).toEqual([9, 5, 1]);
      expect(await list({ search: '«»' })).toEqual([]);
      expect(await list({ satisfaction: 'good', withComment: false })).toEqual([11, 7, 3]);
      expect(await list({ suspect: true })).toEqual([11]);
      expect(
        await list({ fromDay: '2026-03-10', toDay: '2026-03-10', satisfaction: 'bad' }),
      ).toEqual([10, 8, 6, 4, 2, 0]);
      expect(await list({ fromDay: '2026-03-11' })).toEqual([]);
    });

    it('exports a period oldest first, however many pages it spans', async () => {
      const { store, key } = await withProcedure();
      const saved = Array.from({ length: 4500 }, (_, i) =>
        answerAt(key, { satisfaction: 'good' }, new Date(start.getTime() + i)),
      );
      await store.saveSubmissions(saved);
      const exported: string[] = [];
      for await (const s of store.exportSubmissions({
        procedureKey: key,
        fromDay: '2026-03-10',
        toDay: '2026-03-10',
      })) {
        exported.push(s.id);
      }
      expect(exported).toEqual(saved.map((s) => s.id));
    });

    it('deletes an answer with its counts and records who did it', async () => {
      const { store, key } = await withProcedure();
      const one = answerAt(key, { satisfaction: 'bad', comment: 'Nul' });
      const two = answerAt(key, { satisfaction: 'good' }, new Date(start.getTime() + 1));
      await store.saveSubmissions([one, two]);
      const audit = {
        at: start,
        actor: 'po@example.gouv.fr',
        action: 'answer.delete' as const,
        target: one.id,
        details: { reason: 'insulte' },
      };
      expect(await store.deleteSubmission(one.id, 'nothere00', audit)).toBe(false);
      expect(await store.deleteSubmission(one.id, key, audit)).toBe(true);
      expect(await store.deleteSubmission(one.id, key, audit)).toBe(false);
      expect(await store.findSubmission(one.id)).toBeUndefined();
      const day = { procedureKey: key, fromDay: '2026-03-10', toDay: '2026-03-10' };
      expect(await store.sumRollups(day)).toEqual(addTotals(emptyTotals(), countersOf(two.answer)));
      expect((await store.listSubmissions({ ...day, search: 'nul', limit: 5 })).items).toEqual([]);
      expect(await unnumbered(store.listAudit(10))).toEqual([audit]);
    });

    it('forgets old free text but keeps the ratings', async () => {
      const { store, key } = await withProcedure();
      const old = answerAt(key, {
        satisfaction: 'bad',
        comment: 'Ancien',
        help: ['other'],
        helpOther: 'Mon voisin',
      });
      const recent = answerAt(
        key,
        { satisfaction: 'good', comment: 'Récent' },
        new Date(start.getTime() + 48 * hour),
      );
      await store.saveSubmissions([old, recent]);
      expect(await store.purgeTextsBefore(new Date(start.getTime() + hour))).toBe(1);
      expect((await store.findSubmission(old.id))?.answer).toEqual({
        satisfaction: 'bad',
        help: ['other'],
      });
      expect((await store.findSubmission(recent.id))?.answer.comment).toBe('Récent');
      expect(await store.purgeTextsBefore(new Date(start.getTime() + hour))).toBe(0);
      const all = { procedureKey: key, fromDay: '2000-01-01', toDay: '2100-01-01' };
      expect((await store.sumRollups(all)).answers).toBe(2);
      expect((await store.listSubmissions({ ...all, search: 'ancien', limit: 5 })).items).toEqual(
        [],
      );
    });

    it('deleting a procedure takes its answers and roles with it', async () => {
      const { store, key } = await withProcedure();
      const user = await store.createUser({
        email: 'v@example.gouv.fr',
        passwordHash: 'h',
        isAdmin: false,
      });
      await store.setRole(user?.id as number, key, 'viewer');
      const answer = answerAt(key, { satisfaction: 'good' });
      await store.saveSubmission(answer);
      expect(await store.deleteProcedure(key)).toBe(true);
      expect(await store.deleteProcedure(key)).toBe(false);
      expect(await store.findSubmission(answer.id)).toBeUndefined();
      expect((await store.findUser(user?.id as number))?.roles).toEqual({});
    });

    it('creates, changes and deletes a procedure with its audit entry, or writes neither', async () => {
      const { store } = await openStore();
      const entry = (action: AuditAction, target: string) => ({
        at: start,
        actor: 'admin@example.gouv.fr',
        action,
        target,
        details: {},
      });
      const refused = () => {
        throw new Error('no audit entry');
      };
      await expect(
        store.createProcedure({ name: 'Sans trace', allowedOrigins: [] }, refused),
      ).rejects.toThrow('no audit entry');
      expect(await store.listProcedures()).toEqual([]);

      const procedure = await store.createProcedure(
        { name: 'Passeport', allowedOrigins: [] },
        (p) => entry('procedure.create', p.key),
      );
      const { key } = procedure;
      expect(await store.findProcedure(key)).toEqual(procedure);
      expect(
        await store.updateProcedure(key, { name: 'Visa' }, entry('procedure.update', key)),
      ).toMatchObject({ key, name: 'Visa' });
      expect(await store.deleteProcedure(key, entry('procedure.delete', key))).toBe(true);
      expect(await store.findProcedure(key)).toBeUndefined();
      const written = [
        // Filed under the organisation the procedure was in, read before it went.
        { ...entry('procedure.delete', key), organisationId: procedure.organisationId },
        entry('procedure.update', key),
        entry('procedure.create', key),
      ];
      expect(await unnumbered(store.listAudit(10))).toEqual(written);

      expect(
        await store.updateProcedure(key, { name: 'x' }, entry('procedure.update', key)),
      ).toBeUndefined();
      expect(await store.deleteProcedure(key, entry('procedure.delete', key))).toBe(false);
      expect(
        await store.updateProcedure(
          'nothere00',
          { archived: true },
          entry('procedure.update', 'nothere00'),
        ),
      ).toBeUndefined();
      expect(await store.deleteProcedure('nothere00', entry('procedure.delete', 'nothere00'))).toBe(
        false,
      );
      expect(await unnumbered(store.listAudit(10))).toEqual(written);
    });

    it('keeps accounts: unique e-mails whatever the case, roles, sessions, API keys, audit', async () => {
      const { store, key } = await withProcedure();
      const admin = await store.createUser({
        email: 'Admin@Example.gouv.fr',
        passwordHash: 'h1',
        isAdmin: true,
      });
      expect(
        await store.createUser({
          email: 'admin@example.gouv.fr',
          passwordHash: 'h2',
          isAdmin: false,
        }),
      ).toBeUndefined();
      const po = await store.createUser({
        email: 'po@example.gouv.fr',
        passwordHash: 'h3',
        isAdmin: false,
      });
      expect(await store.countUsers()).toBe(2);
      expect(await store.findUserByEmail('ADMIN@example.gouv.fr')).toMatchObject({
        id: admin?.id,
        isAdmin: true,
        passwordHash: 'h1',
      });
      const poId = po?.id as number;
      expect(await store.setRole(poId, key, 'owner')).toBe(true);
      expect((await store.findUser(poId))?.roles).toEqual({ [key]: 'owner' });
      expect(await store.setRole(poId, key, 'viewer')).toBe(true);
      expect((await store.listUsers()).map((u) => [u.email, u.roles])).toEqual([
        ['Admin@Example.gouv.fr', {}],
        ['po@example.gouv.fr', { [key]: 'viewer' }],
      ]);
      expect(await store.setRole(poId, key, undefined)).toBe(true);
      expect(await store.setRole(poId, 'nothere00', 'owner')).toBe(false);

      // A session and a key are read with their holder's roles and organisations.
      const { organisationId } = (await store.findProcedure(key)) as Procedure;
      await store.setRole(poId, key, 'viewer');
      const holder = {
        id: poId,
        email: 'po@example.gouv.fr',
        isAdmin: false,
        roles: { [key]: 'viewer' },
        organisations: { [organisationId]: 'member' },
        createdAt: expect.any(Date),
      };
      await store.createSession('session-hash', poId, start);
      const later = new Date(start.getTime() + hour);
      await store.touchSession('session-hash', later);
      expect(await store.findSession('session-hash')).toEqual({
        session: { userId: poId, createdAt: start, lastSeenAt: later },
        user: holder,
      });
      await store.deleteSession('session-hash');
      expect(await store.findSession('session-hash')).toBeUndefined();

      const apiKey = await store.createApiKey({
        userId: poId,
        name: 'export',
        keyHash: 'key-hash',
        organisationId,
      });
      expect(apiKey.organisationId).toBe(organisationId);
      expect(await store.findApiKey('key-hash')).toEqual({ key: apiKey, user: holder });
      expect(await store.revokeApiKey(apiKey.id, later)).toBe(true);
      expect(await store.revokeApiKey(apiKey.id, later)).toBe(false);
      expect(await store.findApiKey('key-hash')).toBeUndefined();
      expect(await store.listApiKeys()).toEqual([{ ...apiKey, revokedAt: later }]);

      await store.createSession('other', poId, start);
      expect(await store.deleteUser(poId)).toBe(true);
      expect(await store.findSession('other')).toBeUndefined();
      expect(await store.listApiKeys()).toEqual([]);

      const entries = [1, 2, 3].map((n) => ({
        at: new Date(start.getTime() + n),
        actor: 'cli',
        action: 'procedure.update' as const,
        target: `t${n}`,
        details: { n },
      }));
      for (const entry of entries) await store.appendAudit(entry);
      expect(await unnumbered(store.listAudit(2))).toEqual([entries[2], entries[1]]);
    });

    it('reads the audit log page by page, newest first, all of it or one action, one organisation', async () => {
      const { store } = await openStore();
      const organisation = await store.createOrganisation({ name: 'Intérieur', domains: [] });
      const written = Array.from({ length: 7 }, (_, n) => ({
        at: new Date(start.getTime() + n),
        actor: 'cli',
        action: n % 3 === 0 ? ('sign-in' as const) : ('procedure.update' as const),
        target: `t${n}`,
        details: {},
        ...(n % 2 === 0 && { organisationId: organisation.id }),
      }));
      await store.appendAudits(written);
      const targets = (entries: LoggedAuditEntry[]) => entries.map((e) => e.target);
      /** Every page of `size` until one comes back short, as a reader paging back would. */
      const pages = async (
        read: (before?: number) => Promise<LoggedAuditEntry[]>,
        size: number,
      ) => {
        const seen: string[][] = [];
        let before: number | undefined;
        for (;;) {
          const page = await read(before);
          seen.push(targets(page));
          if (page.length < size) return seen;
          before = page.at(-1)?.id;
        }
      };
      expect(await pages((before) => store.listAudit(3, { before }), 3)).toEqual([
        ['t6', 't5', 't4'],
        ['t3', 't2', 't1'],
        ['t0'],
      ]);
      expect(await pages((before) => store.listAudit(2, { before, action: 'sign-in' }), 2)).toEqual(
        [['t6', 't3'], ['t0']],
      );
      expect(
        await pages((before) => store.listOrganisationAudit(organisation.id, 2, { before }), 2),
      ).toEqual([['t6', 't4'], ['t2', 't0'], []]);
      expect(
        targets(await store.listOrganisationAudit(organisation.id, 9, { action: 'sign-in' })),
      ).toEqual(['t6', 't0']);
    });

    it("writes an API key's use once a day, with its audit entry, and a batch of entries at once", async () => {
      const { store } = await withProcedure();
      const user = await store.createUser({
        email: 'po@example.gouv.fr',
        passwordHash: 'h',
        isAdmin: false,
      });
      const organisation = await store.createOrganisation({ name: 'Intérieur', domains: [] });
      const apiKey = await store.createApiKey({
        userId: user?.id ?? 0,
        name: 'export',
        keyHash: 'key-hash',
        organisationId: organisation.id,
      });
      expect(apiKey.lastUsedOn).toBeUndefined();
      const use = (day: string) => ({
        at: new Date(`${day}T10:00:00Z`),
        actor: 'po@example.gouv.fr',
        action: 'api-key.use' as const,
        target: `api-key:${apiKey.id}`,
        details: { name: 'export', day },
        organisationId: organisation.id,
      });
      expect(await store.recordApiKeyUse(apiKey.id, '2026-03-10', use('2026-03-10'))).toBe(true);
      // Later the same day (another node, say): nothing written.
      expect(await store.recordApiKeyUse(apiKey.id, '2026-03-10', use('2026-03-10'))).toBe(false);
      // A node whose clock lags a day behind does not turn the day back.
      expect(await store.recordApiKeyUse(apiKey.id, '2026-03-09', use('2026-03-09'))).toBe(false);
      expect((await store.findApiKey('key-hash'))?.key.lastUsedOn).toBe('2026-03-10');
      expect(await store.recordApiKeyUse(apiKey.id, '2026-03-11', use('2026-03-11'))).toBe(true);
      expect(await store.listApiKeys()).toEqual([{ ...apiKey, lastUsedOn: '2026-03-11' }]);
      expect(await unnumbered(store.listOrganisationAudit(organisation.id, 10))).toEqual([
        use('2026-03-11'),
        use('2026-03-10'),
      ]);

      const batch = [organisation.id, undefined].map((organisationId, n) => ({
        at: new Date(start.getTime() + n),
        actor: 'po@example.gouv.fr',
        action: 'sign-in.refused' as const,
        target: 'po@example.gouv.fr',
        details: { method: 'password', reason: 'wrong-password' },
        ...(organisationId !== undefined && { organisationId }),
      }));
      await store.appendAudits(batch);
      await store.appendAudits([]);
      expect((await unnumbered(store.listOrganisationAudit(organisation.id, 1)))[0]).toEqual(
        batch[0],
      );
      expect((await store.listAudit(2)).map((e) => e.details)).toEqual(
        [batch[1], batch[0]].map((e) => e?.details),
      );
    });

    it('creates an account with its roles and audit entry at once, or writes nothing', async () => {
      const { store, key } = await withProcedure();
      const entry = (user: { id: number }) => ({
        at: start,
        actor: 'cli',
        action: 'user.create' as const,
        target: `user:${user.id}`,
        details: {},
      });
      const account = { email: 'po@example.gouv.fr', passwordHash: 'h', isAdmin: false };
      expect(
        await store.createUserWithRoles(account, { [key]: 'owner', nothere00: 'viewer' }, entry),
      ).toEqual({ refused: 'unknown-procedure', procedureKey: 'nothere00' });
      expect(await store.countUsers()).toBe(0);
      expect(await unnumbered(store.listAudit(10))).toEqual([]);

      const user = await store.createUserWithRoles(account, { [key]: 'owner' }, entry);
      expect(user).toMatchObject({ email: 'po@example.gouv.fr', roles: { [key]: 'owner' } });
      const id = (user as { id: number }).id;
      expect(await unnumbered(store.listAudit(10))).toEqual([entry({ id })]);
      expect(
        await store.createUserWithRoles({ ...account, email: 'PO@example.gouv.fr' }, {}, entry),
      ).toEqual({ refused: 'email-taken' });
      expect(await store.countUsers()).toBe(1);

      const noted = (action: AuditAction) => ({ ...entry({ id }), action });
      const apiKey = await store.createApiKey({ userId: id, name: 'k', keyHash: 'kh' }, (k) => ({
        ...noted('api-key.create'),
        target: `api-key:${k.id}`,
      }));
      expect(await store.revokeApiKey(apiKey.id, start, noted('api-key.revoke'))).toBe(true);
      expect(await store.revokeApiKey(apiKey.id, start, noted('api-key.revoke'))).toBe(false);
      expect(await store.setRole(id, key, undefined, noted('user.role'))).toBe(true);
      expect(await store.deleteUser(id, noted('user.delete'))).toBe(true);
      expect(await store.deleteUser(id, noted('user.delete'))).toBe(false);
      expect((await store.listAudit(10)).map((e) => [e.action, e.target])).toEqual([
        ['user.delete', `user:${id}`],
        ['user.role', `user:${id}`],
        ['api-key.revoke', `user:${id}`],
        ['api-key.create', `api-key:${apiKey.id}`],
        ['user.create', `user:${id}`],
      ]);
    });

    it('claims each due mail once, oldest due first, and again once its claim lapses', async () => {
      const { store } = await openStore();
      const mail = (subject: string, dedupeKey?: string) => ({
        kind: 'test',
        recipient: 'po@example.gouv.fr',
        subject,
        text: subject,
        html: `<p>${subject}</p>`,
        ...(dedupeKey && { dedupeKey }),
      });
      expect(await store.enqueueMail(mail('later'), new Date(start.getTime() + hour))).toBe(true);
      expect(await store.enqueueMail(mail('first', 'once'), start)).toBe(true);
      expect(await store.enqueueMail(mail('first again', 'once'), start)).toBe(false);
      const now = new Date(start.getTime() + 2 * hour);
      const sent = (mails: OutboxMail[]) => mails.map((m) => [m.subject, m.attempts]);
      expect(sent(await store.claimMails(now, hour, 10))).toEqual([
        ['first', 1],
        ['later', 1],
      ]);
      expect(await store.claimMails(now, hour, 10)).toEqual([]);
      const lapsed = new Date(now.getTime() + hour);
      expect(sent(await store.claimMails(lapsed, hour, 1))).toEqual([['first', 2]]);
      expect(await store.countOutbox()).toEqual({ waiting: 2, refused: 0 });

      // Two senders at once (two nodes, on PostgreSQL) share the due mails out, never one twice.
      for (let i = 0; i < 20; i++) await store.enqueueMail(mail(`mail ${i}`), start);
      const [one, other] = await Promise.all([
        store.claimMails(now, hour, 15),
        store.claimMails(now, hour, 15),
      ]);
      const ids = [...(one ?? []), ...(other ?? [])].map((m) => m.id);
      expect(ids).toHaveLength(20);
      expect(new Set(ids).size).toBe(20);
    });

    it('an invitation taken up by an address that has an account meanwhile writes nothing', async () => {
      const { store, key } = await withProcedure();
      const invitation = {
        email: 'new@example.gouv.fr',
        isAdmin: false,
        roles: { [key]: 'viewer' as const },
        invitedBy: 'cli',
        tokenHash: 'th',
        expiresAt: new Date(start.getTime() + hour),
        organisationId: undefined,
      };
      const entry = (target: string) => ({
        at: start,
        actor: 'cli',
        action: 'user.invite' as const,
        target,
        details: {},
      });
      const mail = {
        kind: 'invitation',
        recipient: invitation.email,
        subject: 's',
        text: 't',
        html: 'h',
      };
      expect(
        await store.createInvitation(invitation, () => mail, entry(invitation.email), start),
      ).toEqual({ outcome: 'invited' });
      await store.createUser({ email: 'NEW@example.gouv.fr', passwordHash: 'h', isAdmin: false });

      expect(
        await store.acceptInvitation({ tokenHash: 'th' }, 'h2', start, (user) =>
          entry(`user:${user.id}`),
        ),
      ).toEqual({ refused: 'email-taken' });
      expect(await store.findInvitation('th', start)).toMatchObject({ email: invitation.email });
      expect(await store.countUsers()).toBe(1);
      expect((await store.listAudit(10)).map((e) => e.target)).toEqual([invitation.email]);
    });

    it('reopens a migrated database as it was, and refuses one from a newer program', async () => {
      const { store, location, key } = await withProcedure();
      expect(await store.isReady()).toBe(true);
      await store.close();
      const again = await implementation.open(location);
      expect((await again.store.listProcedures()).map((p) => p.key)).toEqual([key]);
      await again.store.close();
      await markNewer(implementation.name, location);
      await expect(implementation.open(location)).rejects.toThrow(/newer than this program/);
    });

    it('makes a consistent backup that holds the data', async () => {
      const { store, key } = await withProcedure();
      const answer = answerAt(key, { satisfaction: 'good', comment: 'Sauvé' });
      await store.saveSubmission(answer);
      const file = join(temporaryDirectory(), 'copies', 'backup');
      await store.backup(file);
      const copy = await implementation.restore(file);
      onTestFinished(() => copy.close());
      expect(await copy.findSubmission(answer.id)).toMatchObject({ answer: answer.answer });
      expect(
        (await copy.listSubmissions({ procedureKey: key, search: 'sauve', limit: 5 })).items,
      ).toHaveLength(1);
    });
  });
});

/** Pretends a newer program migrated the database further. */
async function markNewer(implementation: string, location: string) {
  await onDatabase(implementation, location, {
    sqlite: 'PRAGMA user_version = 999',
    postgres: 'INSERT INTO schema_migrations (version) VALUES (999)',
  });
}
