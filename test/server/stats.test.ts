import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { addDays, reportDay } from '../../common/calendar-days.ts';
import { newSecret, secretHash } from '../../server/src/auth/secrets.ts';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import { computeIndicators } from '../../server/src/features/stats/indicators.ts';
import {
  autoInterval,
  bucketStart,
  procedureStats,
} from '../../server/src/features/stats/procedure-stats.ts';
import { statsResponse } from '../../server/src/features/stats/stats-schema.ts';
import { sessionCookie } from '../../server/src/http/authentication.ts';
import { openStore } from '../../server/src/store/open-store.ts';
import { addTotals, countersOf, emptyTotals } from '../../server/src/store/rollups.ts';
import type { Store } from '../../server/src/store/store.ts';
import { startTestApp, testConfig, testDatabases, uuidv7 } from '../helpers.ts';

type Database = (typeof testDatabases)[number];

/** A new, empty store on `database`, closed when the test ends. */
async function emptyStore(database: Database) {
  const store = await openStore(testConfig(await database.env()));
  onTestFinished(() => store.close());
  return store;
}

/** A store holding the given answers, on the given days. */
async function storeWith(
  database: Database,
  answers: [day: string, answer: Answer][],
  minutes = 0,
) {
  const store = await emptyStore(database);
  return { store, key: await procedureWith(store, answers, minutes) };
}

/** A new procedure of `store` holding the given answers, and nothing else: its key. */
async function procedureWith(
  store: Store,
  answers: [day: string, answer: Answer][],
  minutes = 0,
): Promise<string> {
  const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
  await store.saveSubmissions(
    answers.map(([day, answer]) => ({
      id: uuidv7(),
      procedureKey: key,
      answer,
      receivedAt: new Date(`${day}T12:${String(minutes).padStart(2, '0')}:00Z`),
      day,
    })),
  );
  return key;
}

const stats = (
  store: Store,
  key: string,
  from: string,
  to: string,
  interval: 'auto' | 'day' | 'week' | 'month' = 'auto',
  minAnswers = 100,
) =>
  procedureStats(store, minAnswers, {
    procedureKey: key,
    from,
    to,
    interval,
    timeZone: 'Europe/Paris',
  });

describe.each(testDatabases)('on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    describe('a period asked of the stats route (issue 24, finding 1)', () => {
      /**
       * The app, and a viewer of its procedure asking for its stats with `query`; `prepare` gives
       * the procedure its answers first.
       */
      async function asViewer(prepare?: (t: Awaited<ReturnType<typeof startTestApp>>) => unknown) {
        const t = await startTestApp(await database.env());
        await prepare?.(t);
        const viewer = await t.store.createUser({
          email: 'viewer@example.gouv.fr',
          passwordHash: 'x',
          isAdmin: false,
        });
        await t.store.setRole(viewer?.id as number, t.procedure.key, 'viewer');
        const token = newSecret();
        await t.store.createSession(secretHash(token), viewer?.id as number, t.clock.now());
        return async (query: string) => {
          const started = performance.now();
          const response = await t.app.inject({
            url: `/api/v1/procedures/${t.procedure.key}/stats?${query}`,
            headers: { cookie: `${sessionCookie}=${token}` },
          });
          return { response, ms: performance.now() - started };
        };
      }

      it('a thousand years by day is refused at once with a 400 problem, not computed', async () => {
        const ask = await asViewer();
        const { response, ms } = await ask('from=2026-01-01&to=3000-12-31&interval=day');
        expect(response.statusCode).toBe(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.json().errors).toContainEqual({
          path: 'to',
          message: 'must be from 2000-01-01 to 2099-12-31',
        });
        expect(ms).toBeLessThan(500);
      });

      it('the last day of year 9999 and the first of year 1000 are 400 problems, never 500', async () => {
        const ask = await asViewer();
        for (const query of [
          'from=2026-01-01&to=9999-12-31',
          'to=9999-12-31',
          'from=1000-01-01',
          'from=1000-01-01&to=1000-12-31&interval=month',
        ]) {
          const { response } = await ask(query);
          expect(response.statusCode, `${query}: ${response.body}`).toBe(400);
          expect(response.headers['content-type']).toContain('application/problem+json');
        }
      });

      it('five years is the longest period, and a daily series covers one year at most', async () => {
        const ask = await asViewer();
        const status = async (query: string) => (await ask(query)).response.statusCode;
        // 2020 and 2024 are leap years: 1,827 days, any five calendar years fit.
        expect(await status('from=2020-01-01&to=2024-12-31')).toBe(200);
        expect(await status('from=2020-01-01&to=2025-01-03')).toBe(200); // 1,830 days
        expect(await status('from=2020-01-01&to=2025-01-04')).toBe(400);
        expect(await status('from=2020-01-01&to=2024-12-31&interval=week')).toBe(200);
        expect(await status('from=2024-01-01&to=2024-12-31&interval=day')).toBe(200); // 366
        expect(await status('from=2024-01-01&to=2025-01-01&interval=day')).toBe(400);
        // One end alone: the other is today (2026-03-10 on the test clock), then the same bound.
        expect(await status('from=2021-03-07')).toBe(200);
        expect(await status('from=2021-03-05')).toBe(400);
        expect(await status('from=2026-01-01&interval=day')).toBe(200);
        expect(await status('from=2025-01-01&interval=day')).toBe(400);
      });

      it('the oldest and newest days accepted compute, at both ends of the range', async () => {
        const ask = await asViewer();
        for (const query of [
          'from=2000-01-01&to=2000-12-31&interval=day',
          'from=2095-01-02&to=2099-12-31&interval=week',
          'from=2095-01-02&to=2099-12-31&interval=month',
          'from=2099-12-31&to=2099-12-31',
          'to=2000-01-01',
        ]) {
          const { response } = await ask(query);
          expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
        }
        const { response } = await ask('from=2095-01-02&to=2099-12-31&interval=month');
        expect(response.json().series).toHaveLength(60);
        expect(response.json().previous).toMatchObject({ to: '2095-01-01' });
      });

      it('sends the response its schema describes, field for field and nothing more, though zod does not encode it', async () => {
        const ask = await asViewer(async (t) => {
          const key = t.procedure.key;
          const answer = (day: string, answer: Answer) => ({
            id: uuidv7(),
            procedureKey: key,
            answer,
            receivedAt: new Date(`${day}T12:00:00Z`),
            day,
          });
          await t.store.saveSubmissions([
            answer('2026-02-03', { satisfaction: 'bad', clarity: 2 }),
            answer('2026-03-02', {
              source: 'widget',
              satisfaction: 'good',
              clarity: 5,
              help: ['phone', 'counter'],
              reached: { phone: false, counter: true },
              helpQuality: { counter: 5 },
            }),
          ]);
          await t.store.publishQuestionnaire(
            key,
            { questions: ['help', 'comment'], intro: undefined, thanks: undefined },
            () => ({
              at: new Date(),
              actor: 'cli',
              action: 'questionnaire.publish',
              target: key,
              details: {},
            }),
          );
          await t.store.saveSubmissions([
            answer('2026-03-09', { satisfaction: 'medium', help: ['none'], comment: 'Long.' }),
          ]);
        });
        // Both versions were published today, by the real clock: the last period holds them
        // (and no answer), the others the answers (and no version).
        const today = reportDay(new Date(), 'Europe/Paris');
        const sent = [];
        for (const query of [
          'from=2026-03-01&to=2026-03-10',
          'from=2026-01-01&to=2026-03-10&interval=week',
          'from=2025-03-11&to=2026-03-10',
          'from=2026-03-01&to=2026-03-10&source=widget',
          `from=${addDays(today, -29)}&to=${today}`,
        ]) {
          const { response } = await ask(query);
          expect(response.statusCode, `${query}: ${response.body}`).toBe(200);
          const body = response.json();
          // What zod's own serializer would have sent: the same fields, valid, and no other.
          expect(statsResponse.parse(body), query).toEqual(body);
          sent.push(body);
        }
        expect(sent.slice(0, 4).map((body) => body.indicators.answers)).toEqual([2, 3, 3, 1]);
        expect(sent[4].indicators.satisfaction.value).toBeNull();
        expect(sent[4].questionnaire.versions).toEqual([
          expect.objectContaining({ number: 1, publishedAt: expect.any(String) }),
          expect.objectContaining({ number: 2, questions: ['help', 'comment'] }),
        ]);
      });
    });

    describe('stats', () => {
      it('on a hand-computed dataset: indicators, distribution, previous period and delta', async () => {
        const { store, key } = await storeWith(database, [
          // previous period (February)
          ['2026-02-10', { satisfaction: 'bad' }],
          ['2026-02-11', { satisfaction: 'medium' }],
          // the period (March)
          ['2026-03-01', { satisfaction: 'good', clarity: 5, help: ['none'] }],
          [
            '2026-03-02',
            { satisfaction: 'good', clarity: 4, help: ['phone'], reached: true, helpQuality: 4 },
          ],
          [
            '2026-03-02',
            { satisfaction: 'medium', clarity: 2, help: ['phone', 'relative'], reached: false },
          ],
          ['2026-03-31', { satisfaction: 'bad' }],
        ]);
        const s = await stats(store, key, '2026-03-01', '2026-03-31');
        expect(s.period).toEqual({
          from: '2026-03-01',
          to: '2026-03-31',
          interval: 'day',
          source: null,
        });
        expect(s.indicators.answers).toBe(4);
        expect(s.indicators.satisfaction).toMatchObject({
          value: 6.3,
          level: 'medium',
          sample: 4,
          insufficient: true,
        }); // 25/4
        expect(s.indicators.clarity).toMatchObject({ value: 6.7, sample: 3 }); // (10 + 7.5 + 2.5) / 3
        expect(s.indicators.autonomy).toMatchObject({ value: 33.3, sample: 3 });
        expect(s.indicators.reached).toMatchObject({ value: 50, level: 'bad', sample: 2 });
        expect(s.indicators.helpQuality).toMatchObject({ value: 7.5, sample: 1, margin: null });
        expect(s.distribution).toMatchObject({
          satisfaction: { bad: 1, medium: 1, good: 2 },
          clarity: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 },
          reached: { yes: 1, no: 1 },
        });
        expect(s.distribution.help).toMatchObject({ none: 1, phone: 2, relative: 1, counter: 0 });
        expect(s.previous).toMatchObject({ from: '2026-01-29', to: '2026-02-28' });
        expect(s.previous.indicators.satisfaction.value).toBe(2.5);
        expect(s.delta).toMatchObject({ answers: 2, satisfaction: 3.8, clarity: null });
        expect(s.series).toHaveLength(31);
        expect(s.series[0]).toEqual({ start: '2026-03-01', answers: 1, satisfaction: 10 });
        expect(s.series[1]).toEqual({ start: '2026-03-02', answers: 2, satisfaction: 7.5 });
        expect(s.series[2]).toEqual({ start: '2026-03-03', answers: 0, satisfaction: null });
      });

      it('reads clarity only over the answers of the versions that asked it, and says the period spans versions', async () => {
        const store = await emptyStore(database);
        const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
        const today = reportDay(new Date(), 'Europe/Paris');
        const save = (answers: Answer[]) =>
          store.saveSubmissions(
            answers.map((answer) => ({
              id: uuidv7(),
              procedureKey: key,
              answer,
              receivedAt: new Date(),
              day: today,
            })),
          );
        // Version 1 asks clarity: two answers rate it 5.
        await save([
          { satisfaction: 'good', clarity: 5 },
          { satisfaction: 'good', clarity: 5 },
          { satisfaction: 'bad' },
        ]);
        await store.publishQuestionnaire(
          key,
          { questions: ['help', 'comment'], intro: undefined, thanks: undefined },
          () => ({
            at: new Date(),
            actor: 'owner@example.gouv.fr',
            action: 'questionnaire.publish',
            target: key,
            details: {},
          }),
        );
        // Version 2 does not: a stale widget's clarity of 1 is not counted, nor asked.
        await save([{ satisfaction: 'medium', clarity: 1 }, { satisfaction: 'medium' }]);
        const s = await stats(store, key, today, today);
        expect(s.indicators.answers).toBe(5);
        expect(s.indicators.clarity).toMatchObject({ value: 10, sample: 2 });
        expect(s.questionnaire.asked).toEqual({ clarity: 3, help: 5, comment: 5 });
        expect(s.questionnaire.partlyAsked).toEqual(['clarity']);
        expect(s.questionnaire.versions).toEqual([
          expect.objectContaining({ number: 1, questions: ['clarity', 'help', 'comment'] }),
          expect.objectContaining({ number: 2, questions: ['help', 'comment'] }),
        ]);
      });

      it('per channel, on a hand-computed dataset with earlier-shape answers and an update', async () => {
        const { store, key } = await storeWith(database, [
          // The earlier shape: one answer for all channels, counted under unknown.
          ['2026-03-02', { satisfaction: 'good', help: ['phone'], reached: true, helpQuality: 4 }],
          ['2026-03-02', { satisfaction: 'bad', help: ['chat'], reached: false }],
          [
            '2026-03-03',
            {
              satisfaction: 'good',
              help: ['phone', 'counter'],
              reached: { phone: false, counter: true },
              helpQuality: { counter: 5 },
            },
          ],
          [
            '2026-03-04',
            {
              satisfaction: 'medium',
              help: ['phone', 'email', 'relative'],
              reached: { phone: true, email: false },
              helpQuality: { phone: 2 },
            },
          ],
        ]);
        // A submission whose later step changes its counter answer and drops that rating.
        const id = uuidv7();
        const help: Answer['help'] = ['counter', 'chat'];
        const step = (answer: Answer, at: string) => ({
          id,
          procedureKey: key,
          answer,
          receivedAt: new Date(at),
          day: '2026-03-05',
        });
        await store.saveSubmissions([
          step(
            {
              satisfaction: 'good',
              help,
              reached: { counter: true, chat: true },
              helpQuality: { counter: 1, chat: 5 },
            },
            '2026-03-05T10:00:00Z',
          ),
        ]);
        await store.saveSubmissions([
          step(
            {
              satisfaction: 'good',
              help,
              reached: { counter: false, chat: true },
              helpQuality: { chat: 4 },
            },
            '2026-03-05T10:05:00Z',
          ),
        ]);

        const s = await stats(store, key, '2026-03-01', '2026-03-31');
        const { channels, reached, helpQuality } = s.indicators;
        // By hand: yes = unknown 1, counter 1, phone 1, chat 1; no = unknown 1, counter 1,
        // phone 1, email 1 → 4 / 8 channel answers. Ratings 4, 5, 2, 4 → 7.5, 10, 2.5, 7.5.
        expect(reached).toMatchObject({ value: 50, sample: 8, margin: 34.6, insufficient: true });
        expect(helpQuality).toMatchObject({ value: 6.9, sample: 4, margin: 3.1 });
        expect(s.distribution.reached).toEqual({ yes: 4, no: 4 });
        expect(s.distribution.helpQuality).toEqual({ 1: 0, 2: 1, 3: 0, 4: 2, 5: 1 });
        // Per channel, by hand: the update moved counter from yes to no and took back its 1.
        const none = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
        expect(s.distribution.channels).toEqual({
          counter: { reached: { yes: 1, no: 1 }, helpQuality: { ...none, 5: 1 } },
          phone: { reached: { yes: 1, no: 1 }, helpQuality: { ...none, 2: 1 } },
          email: { reached: { yes: 0, no: 1 }, helpQuality: none },
          chat: { reached: { yes: 1, no: 0 }, helpQuality: { ...none, 4: 1 } },
          unknown: { reached: { yes: 1, no: 1 }, helpQuality: { ...none, 4: 1 } },
        });
        const figures = Object.fromEntries(
          Object.entries(channels).map(([channel, c]) => [
            channel,
            [c.reached.value, c.reached.sample, c.helpQuality.value, c.helpQuality.sample],
          ]),
        );
        expect(figures).toEqual({
          counter: [50, 2, 10, 1],
          phone: [50, 2, 2.5, 1],
          email: [0, 1, null, 0],
          chat: [100, 1, 7.5, 1],
          unknown: [50, 2, 7.5, 1],
        });
        expect(channels.phone.reached).toMatchObject({ margin: 69.3, insufficient: true });
        expect(channels.email.helpQuality).toMatchObject({ margin: null, insufficient: true });
        // The previous period has no answer: every channel is empty there.
        expect(s.previous.indicators.channels.chat.reached).toMatchObject({
          value: null,
          sample: 0,
        });
      });

      it('with no answers: every value null, every indicator insufficient, every day present', async () => {
        const { store, key } = await storeWith(database, []);
        const s = await stats(store, key, '2026-03-01', '2026-03-07');
        expect(s.indicators.satisfaction).toMatchObject({
          value: null,
          level: null,
          sample: 0,
          insufficient: true,
        });
        expect(s.series.map((p) => p.answers)).toEqual([0, 0, 0, 0, 0, 0, 0]);
        expect(s.delta.satisfaction).toBeNull();
      });

      it('with one answer, and with exactly MIN_ANSWERS', async () => {
        const one = await storeWith(database, [['2026-03-05', { satisfaction: 'good' }]]);
        expect(
          (await stats(one.store, one.key, '2026-03-01', '2026-03-31')).indicators.satisfaction,
        ).toMatchObject({
          value: 10,
          sample: 1,
          margin: null,
          insufficient: true,
        });
        const hundred = await storeWith(
          database,
          Array.from(
            { length: 100 },
            () => ['2026-03-05', { satisfaction: 'good' }] as [string, Answer],
          ),
        );
        expect(
          (await stats(hundred.store, hundred.key, '2026-03-01', '2026-03-31')).indicators
            .satisfaction,
        ).toMatchObject({
          sample: 100,
          insufficient: false,
        });
      });

      it('groups by Monday-started weeks and calendar months', async () => {
        expect(bucketStart('2026-03-29', 'week')).toBe('2026-03-23'); // a Sunday → its Monday
        expect(bucketStart('2026-03-30', 'week')).toBe('2026-03-30'); // a Monday
        expect(bucketStart('2026-02-28', 'month')).toBe('2026-02-01');
        expect(autoInterval('2026-01-01', '2026-01-31')).toBe('day');
        expect(autoInterval('2026-01-01', '2026-03-03')).toBe('week'); // 62 days
        expect(autoInterval('2026-01-01', '2026-03-04')).toBe('month'); // 63 days
        const { store, key } = await storeWith(database, [
          ['2026-01-31', { satisfaction: 'good' }],
          ['2026-02-01', { satisfaction: 'bad' }],
          ['2026-02-28', { satisfaction: 'bad' }],
        ]);
        const monthly = await stats(store, key, '2026-01-15', '2026-03-10', 'month');
        expect(monthly.series).toEqual([
          { start: '2026-01-01', answers: 1, satisfaction: 10 },
          { start: '2026-02-01', answers: 2, satisfaction: 0 },
          { start: '2026-03-01', answers: 0, satisfaction: null },
        ]);
        const weekly = await stats(store, key, '2026-01-26', '2026-02-08', 'week');
        expect(weekly.series.map((p) => [p.start, p.answers])).toEqual([
          ['2026-01-26', 2], // Saturday 31 and Sunday 1 share a week
          ['2026-02-02', 0],
        ]);
      });

      it('counts the day of the DST change once, in Paris time', async () => {
        // 29 March 2026: clocks go from 02:00 to 03:00 in Paris. Answers at 00:30 and 23:30 local.
        const store = await emptyStore(database);
        const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
        const { reportDay } = await import('../../common/calendar-days.ts');
        for (const instant of [
          '2026-03-28T23:30:00Z',
          '2026-03-29T21:30:00Z',
          '2026-03-29T22:30:00Z',
        ]) {
          const receivedAt = new Date(instant);
          await store.saveSubmission({
            id: uuidv7(),
            procedureKey: key,
            answer: { satisfaction: 'good' },
            receivedAt,
            day: reportDay(receivedAt, 'Europe/Paris'),
          });
        }
        const s = await stats(store, key, '2026-03-28', '2026-03-30');
        expect(s.series.map((p) => [p.start, p.answers])).toEqual([
          ['2026-03-28', 0],
          ['2026-03-29', 2], // 00:30 (UTC+1) and 23:30 (UTC+2)
          ['2026-03-30', 1], // 00:30 (UTC+2)
        ]);
      });

      it('from the rollups equal the same figures recomputed from the raw answers', async () => {
        const answer = fc.record(
          {
            satisfaction: fc.constantFrom('bad', 'medium', 'good'),
            clarity: fc.integer({ min: 1, max: 5 }),
            help: fc.constantFrom(['none'], ['phone'], ['relative', 'chat']),
          },
          { requiredKeys: ['satisfaction'] },
        ) as fc.Arbitrary<Answer>;
        const dated = fc.tuple(
          fc.integer({ min: 1, max: 28 }).map((d) => `2026-02-${String(d).padStart(2, '0')}`),
          answer,
        );
        // One database for all runs, each run on a procedure of its own (rollups are kept per
        // procedure): a database created and migrated per run made this take 17 s on PostgreSQL.
        const store = await emptyStore(database);
        await fc.assert(
          fc.asyncProperty(
            fc.array(dated, { maxLength: 60 }),
            fc.integer({ min: 1, max: 28 }),
            async (answers, fromDay) => {
              const key = await procedureWith(store, answers);
              const from = `2026-02-${String(fromDay).padStart(2, '0')}`;
              const s = await stats(store, key, from, '2026-02-28', 'auto', 10);
              const recount = emptyTotals();
              for (const [day, a] of answers) if (day >= from) addTotals(recount, countersOf(a));
              expect(s.indicators).toEqual(computeIndicators(recount, 10));
              expect(s.series.reduce((n, p) => n + p.answers, 0)).toBe(recount.answers);
            },
          ),
          { numRuns: 60 },
        );
      });
    });
  });
});
