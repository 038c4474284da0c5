import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { runCli } from '../../server/src/cli/run-cli.ts';
import type { Answer } from '../../server/src/features/answers/answer-schema.ts';
import { scheduledEditions } from '../../server/src/features/observatoire/editions.ts';
import {
  type editionList,
  type editionResponse,
  observatoireIndicators,
  type observatoireResponse,
} from '../../server/src/features/observatoire/observatoire-schema.ts';
import type { StatsResponse } from '../../server/src/features/stats/stats-schema.ts';
import type { Store } from '../../server/src/store/store.ts';
import {
  startTestApp,
  testAuditEntry,
  testDatabases,
  testPasswordHash,
  uuidv7,
  widgetDir,
} from '../helpers.ts';

const good: Answer = {
  satisfaction: 'good',
  clarity: 5,
  help: ['phone', 'none'],
  reached: { phone: true },
  helpQuality: { phone: 4 },
};
const medium: Answer = { satisfaction: 'medium', clarity: 3, help: ['none'] };
const bad: Answer = {
  satisfaction: 'bad',
  clarity: 1,
  help: ['counter', 'email'],
  reached: { counter: false, email: true },
  helpQuality: { email: 1 },
};

/** `count` answers to `key`, spread over the days from `from`, cycling through `answers`. */
async function seed(
  store: Store,
  key: string,
  from: string,
  days: number,
  count: number,
  answers: Answer[],
) {
  const submissions = [];
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.parse(`${from}T12:00:00Z`) + (i % days) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const id = uuidv7(Date.parse(`${day}T10:00:00Z`) + i);
    submissions.push({
      id,
      procedureKey: key,
      answer: answers[i % answers.length] as Answer,
      receivedAt: new Date(`${day}T10:00:00Z`),
      day,
    });
  }
  await store.saveSubmissions(submissions);
  return submissions.map((s) => s.id);
}

type Table = z.infer<typeof observatoireResponse>;
type Row = Table['rows'][number];
type EditionView = z.infer<typeof editionResponse>;

type Caller = Awaited<ReturnType<Awaited<ReturnType<typeof startTestApp>>['as']>>;

/** Every row of `table` shows what its procedure's stats route says for the same periods. */
async function expectStatsRouteFigures(admin: Caller, table: Table) {
  const { from, to } = table.period;
  for (const row of table.rows) {
    const stats = (
      await admin({ url: `/api/v1/procedures/${row.procedure}/stats?from=${from}&to=${to}` })
    ).json() as StatsResponse;
    expect(row.answers).toBe(stats.indicators.answers);
    expect(row.previousAnswers).toBe(stats.previous.indicators.answers);
    for (const name of observatoireIndicators) {
      const { previous, change, significant, ...figure } = row[name];
      expect(figure, `${row.name} ${name}`).toEqual(stats.indicators[name]);
      expect(previous).toBe(stats.previous.indicators[name].value);
      const comparable =
        !stats.indicators[name].insufficient && !stats.previous.indicators[name].insufficient;
      expect(change).toBe(comparable ? stats.delta[name] : null);
      if (!comparable) expect(significant).toBe(false);
    }
  }
}

describe.each(testDatabases)('the Observatoire on $name', (database) => {
  describe.skipIf(!database.available)('(runs)', () => {
    it('shows each procedure’s figures and changes exactly as its stats route does', async () => {
      const t = await startTestApp({ ...(await database.env()), MIN_ANSWERS: '20' });
      const admin = await t.as('admin');
      const falling = t.procedure;
      const steady = await t.store.createProcedure({ name: 'Carte grise', allowedOrigins: [] });
      const few = await t.store.createProcedure({ name: 'Permis de pêche', allowedOrigins: [] });
      const silent = await t.store.createProcedure({ name: 'Sans réponse', allowedOrigins: [] });
      // The period is 2026-01-15 to 2026-03-09: partial months on both ends and whole ones
      // between, so both the daily and the monthly rollups are read; the previous period is
      // the 54 days before.
      const period = { from: '2026-01-15', to: '2026-03-09' };
      await seed(t.store, falling.key, '2025-11-25', 50, 120, [good, good, good, medium]);
      await seed(t.store, falling.key, '2026-01-15', 54, 150, [bad, bad, medium, good]);
      await seed(t.store, steady.key, '2025-11-22', 100, 200, [good, medium, bad, good]);
      await seed(t.store, few.key, '2026-02-01', 20, 7, [good, bad]);
      await seed(t.store, silent.key, '2025-12-01', 20, 40, [good]);

      const response = await admin({
        url: `/api/v1/observatoire?from=${period.from}&to=${period.to}`,
      });
      expect(response.statusCode).toBe(200);
      const table = response.json() as Table;
      expect(table.previous).toEqual({ from: '2025-11-22', to: '2026-01-14' });
      // One row per procedure with answers in the period: not the silent one.
      expect(table.rows.map((row: Row) => row.name).sort()).toEqual([
        'Carte grise',
        'Demande de passeport',
        'Permis de pêche',
      ]);
      await expectStatsRouteFigures(admin, table);
      // «Plus fortes évolutions»: the significant fall first.
      expect(table.rows[0]?.name).toBe('Demande de passeport');
      expect(table.rows[0]?.satisfaction.significant).toBe(true);
      expect(table.rows[0]?.satisfaction.change).toBeLessThan(0);
      // «Nombre d'avis insuffisant» under 20 answers, and no change to speak of.
      const fewRow = table.rows.find((row: Row) => row.name === 'Permis de pêche');
      expect(fewRow?.satisfaction.insufficient).toBe(true);
      expect(fewRow?.satisfaction.change).toBe(null);

      // Sorted by a column, filtered by level and words.
      const byAnswers = (
        await admin({
          url: `/api/v1/observatoire?from=${period.from}&to=${period.to}&sort=answers&order=asc`,
        })
      ).json() as Table;
      expect(byAnswers.rows.map((row: Row) => row.answers)).toEqual([7, 92, 150]);
      const insufficient = (
        await admin({
          url: `/api/v1/observatoire?from=${period.from}&to=${period.to}&level=insufficient`,
        })
      ).json() as Table;
      expect(insufficient.rows.map((row: Row) => row.name)).toEqual(['Permis de pêche']);
      const searched = (
        await admin({ url: `/api/v1/observatoire?from=${period.from}&to=${period.to}&q=peche` })
      ).json() as Table;
      expect(searched.total).toBe(1);
    });

    it('reads a month the period covers all but a few days of whole, less those days, with the stats route’s figures', async () => {
      const t = await startTestApp({ ...(await database.env()), MIN_ANSWERS: '20' });
      const admin = await t.as('admin');
      const other = await t.store.createProcedure({ name: 'Carte grise', allowedOrigins: [] });
      // Answers every day from October to March, so that each day left out of a month counts.
      await seed(t.store, t.procedure.key, '2025-10-01', 182, 546, [good, medium, bad, good]);
      await seed(t.store, other.key, '2025-10-01', 182, 364, [bad, good, good]);
      for (const [from, to] of [
        // January less its first two days, February, March less its last three; compared with
        // October less its first nine days, November, December, and 1–2 January.
        ['2026-01-03', '2026-03-28'],
        // 16 days of January read as they are; compared with a week of December and nine days
        // of January.
        ['2026-01-10', '2026-01-25'],
      ]) {
        const response = await admin({ url: `/api/v1/observatoire?from=${from}&to=${to}` });
        expect(response.statusCode).toBe(200);
        const table = response.json() as Table;
        expect(table.rows).toHaveLength(2);
        await expectStatsRouteFigures(admin, table);
      }
    });

    it('sums a period once a minute: sorting and paging reuse the sums, new answers show after it', async () => {
      const t = await startTestApp({ ...(await database.env()), MIN_ANSWERS: '5' });
      const admin = await t.as('admin');
      await seed(t.store, t.procedure.key, '2026-02-01', 10, 10, [good]);
      let sums = 0;
      const totalsByProcedure = t.store.totalsByProcedure.bind(t.store);
      t.store.totalsByProcedure = (query) => {
        sums++;
        return totalsByProcedure(query);
      };
      const answers = async (query = '') =>
        (
          (
            await admin({ url: `/api/v1/observatoire?from=2026-02-01&to=2026-02-10${query}` })
          ).json() as Table
        ).rows.map((row: Row) => row.answers);
      expect(await answers()).toEqual([10]);
      // The period and the one before it, summed together.
      expect(sums).toBe(1);
      expect(await answers('&sort=name&order=desc&page=1&limit=10&q=passeport')).toEqual([10]);
      expect(sums).toBe(1);
      // Answers after the sums: the table is a minute late, then shows them.
      await seed(t.store, t.procedure.key, '2026-02-03', 1, 5, [good]);
      expect(await answers()).toEqual([10]);
      t.clock.current = new Date(t.clock.now().getTime() + 61_000);
      expect(await answers()).toEqual([15]);
      expect(sums).toBe(2);
    });

    it('shows a person only the procedures they may read, and nothing of another organisation', async () => {
      const t = await startTestApp(await database.env());
      // After T1, so that its editions may be made; sessions open at this time.
      t.clock.current = new Date('2026-04-02T10:00:00Z');
      const viewer = await t.as('viewer');
      const other = await t.store.createProcedure({ name: 'Autre démarche', allowedOrigins: [] });
      const elsewhere = await t.store.createOrganisation({ name: 'Ailleurs', domains: [] });
      const foreign = await t.store.createProcedure({
        name: 'Démarche d’ailleurs',
        allowedOrigins: [],
        organisationId: elsewhere.id,
      });
      for (const key of [t.procedure.key, other.key, foreign.key])
        await seed(t.store, key, '2026-02-01', 10, 10, [good]);
      const query = 'from=2026-02-01&to=2026-03-01';
      const mine = (await viewer({ url: `/api/v1/observatoire?${query}` })).json() as Table;
      expect(mine.rows.map((row: Row) => row.procedure)).toEqual([t.procedure.key]);
      const asked = await viewer({
        url: `/api/v1/observatoire?${query}&organisation=${elsewhere.id}`,
      });
      expect(asked.statusCode).toBe(404);
      const all = (
        await (
          await t.as('admin')
        )({ url: `/api/v1/observatoire?${query}` })
      ).json() as Table;
      expect(all.total).toBe(3);

      // Its editions too: another organisation's is not found, and its rows are those it reads.
      const admin = await t.as('admin');
      const made = await admin({
        method: 'POST',
        url: '/api/v1/observatoire/editions',
        payload: { quarter: '2026-T1', organisation: elsewhere.id },
      });
      expect(made.statusCode).toBe(201);
      const { id } = made.json() as EditionView;
      expect((await viewer({ url: `/api/v1/observatoire/editions/${id}` })).statusCode).toBe(404);
      expect(
        (await viewer({ url: `/api/v1/observatoire/editions/${id}/export.csv` })).statusCode,
      ).toBe(404);
      const ours = await admin({
        method: 'POST',
        url: '/api/v1/observatoire/editions',
        payload: { quarter: '2026-T1', organisation: t.procedure.organisationId },
      });
      const edition = (
        await viewer({ url: `/api/v1/observatoire/editions/${(ours.json() as EditionView).id}` })
      ).json() as EditionView;
      expect(edition.rows.map((row: Row) => row.procedure)).toEqual([t.procedure.key]);
      const list = (await viewer({ url: '/api/v1/observatoire/editions' })).json() as z.infer<
        typeof editionList
      >;
      expect(list.editions.map((e) => e.organisation?.id)).toEqual([t.procedure.organisationId]);
      // A viewer makes no edition; nor anybody the platform's but its administrators.
      const refused = await viewer({
        method: 'POST',
        url: '/api/v1/observatoire/editions',
        payload: { quarter: '2025-T4', organisation: t.procedure.organisationId },
      });
      expect(refused.statusCode).toBe(403);

      // Their role taken away, they belong to no organisation: an empty table, every field there.
      const person = await t.store.findUserByEmail('viewer@example.gouv.fr');
      await t.store.setRole(person?.id as number, t.procedure.key, undefined);
      const none = await viewer({ url: `/api/v1/observatoire?${query}` });
      expect(none.statusCode).toBe(200);
      expect(none.json()).toMatchObject({
        period: { from: '2026-02-01', to: '2026-03-01' },
        previous: mine.previous,
        rows: [],
        total: 0,
      });
    });

    it('keeps an edition as it was made; only a platform administrator regenerates it, journaled', async () => {
      const t = await startTestApp({ ...(await database.env()), MIN_ANSWERS: '5' });
      // After T1, so that its editions may be made; sessions open at this time.
      t.clock.current = new Date('2026-04-02T10:00:00Z');
      const admin = await t.as('admin');
      const owner = await t.as('owner');
      const ids = await seed(t.store, t.procedure.key, '2026-01-05', 30, 40, [good, medium]);
      const made = await admin({
        method: 'POST',
        url: '/api/v1/observatoire/editions',
        payload: { quarter: '2026-T1', organisation: null },
      });
      expect(made.statusCode).toBe(201);
      const { id } = made.json() as EditionView;
      const read = async () =>
        (await admin({ url: `/api/v1/observatoire/editions/${id}` })).json() as EditionView;
      const before = await read();
      expect(before.rows[0]?.answers).toBe(40);
      const csv = (await admin({ url: `/api/v1/observatoire/editions/${id}/export.csv` })).body;
      expect(csv.split('\r\n')[1]).toContain(`${t.procedure.key};Demande de passeport;`);

      // Later answers, a deleted answer, a renamed procedure: the edition stays as made.
      await seed(t.store, t.procedure.key, '2026-02-01', 5, 20, [bad]);
      await t.store.deleteSubmission(
        ids[0] as string,
        t.procedure.key,
        testAuditEntry('answer.delete'),
      );
      await t.store.updateProcedure(t.procedure.key, { name: 'Passeport biométrique' });
      expect(await read()).toEqual(before);
      expect((await admin({ url: `/api/v1/observatoire/editions/${id}/export.csv` })).body).toBe(
        csv,
      );

      // Made once: asking again is a conflict.
      const again = await admin({
        method: 'POST',
        url: '/api/v1/observatoire/editions',
        payload: { quarter: '2026-T1', organisation: null },
      });
      expect(again.statusCode).toBe(409);

      const byOwner = await owner({
        method: 'POST',
        url: `/api/v1/observatoire/editions/${id}/regenerate`,
      });
      expect(byOwner.statusCode).toBe(403);
      expect(await read()).toEqual(before);
      const regenerated = await admin({
        method: 'POST',
        url: `/api/v1/observatoire/editions/${id}/regenerate`,
      });
      expect(regenerated.statusCode).toBe(204);
      const after = await read();
      expect(after.rows[0]).toMatchObject({ name: 'Passeport biométrique', answers: 59 });
      expect(after.regeneratedBy).toBe('admin@example.gouv.fr');
      const journal = await t.store.listAudit(20);
      expect(journal.map((entry) => entry.action)).toEqual(
        expect.arrayContaining(['observatoire.edition.create', 'observatoire.edition.regenerate']),
      );
    });

    it('notify run makes the quarter’s editions on its first day, once', async () => {
      const t = await startTestApp(await database.env());
      await seed(t.store, t.procedure.key, '2026-01-05', 30, 10, [good]);
      const notify = async (now: string) => {
        const out: string[] = [];
        const io = { out: (text: string) => out.push(text), err: () => {} };
        expect(await runCli(['notify', 'run', '--now', now], t.config, io, widgetDir)).toBe(0);
        return (JSON.parse(out.join('\n')) as { editions: unknown }).editions;
      };
      expect(await notify('2026-03-31T20:00:00+02:00')).toEqual([]);
      expect(await notify('2026-04-01T00:05:00+02:00')).toEqual([
        { quarter: '2026-T1', organisation: null },
        { quarter: '2026-T1', organisation: t.procedure.organisationId },
      ]);
      expect(await notify('2026-04-01T00:20:00+02:00')).toEqual([]);
      expect(await notify('2026-04-02T00:05:00+02:00')).toEqual([]);
      const editions = await t.store.listEditions();
      expect(editions.map((e) => [e.quarter, e.madeBy, e.procedures])).toEqual([
        ['2026-T1', 'notify run', 1],
        ['2026-T1', 'notify run', 1],
      ]);
    });

    it('an organisation’s administrator publishes its editions, and the journal says so', async () => {
      const t = await startTestApp(await database.env());
      const passwordHash = await testPasswordHash('une phrase de passe assez longue');
      const chief = await t.store.createUser({
        email: 'chef@example.gouv.fr',
        passwordHash,
        isAdmin: false,
      });
      await t.store.setMembership(chief?.id as number, t.procedure.organisationId, 'admin');
      const admin = await t.as('admin');
      const viewer = await t.as('viewer');
      const url = `/api/v1/organisations/${t.procedure.organisationId}/observatoire`;
      expect((await viewer({ method: 'PUT', url, payload: { publishes: true } })).statusCode).toBe(
        403,
      );
      expect((await admin({ method: 'PUT', url, payload: { publishes: true } })).json()).toEqual({
        publishes: true,
      });
      expect((await t.store.observatoirePublishers()).has(t.procedure.organisationId)).toBe(true);
      const journal = await t.store.listOrganisationAudit(t.procedure.organisationId, 10);
      expect(journal.map((entry) => entry.action)).toContain('observatoire.publish');
    });

    it('lists the editions a page at a time, with their publication read once', async () => {
      const t = await startTestApp(await database.env());
      const admin = await t.as('admin');
      for (const quarter of ['2025-T2', '2025-T3', '2025-T4'])
        await t.store.createEdition(
          {
            quarter,
            organisationId: t.procedure.organisationId,
            rows: [],
            madeAt: t.clock.now(),
            madeBy: 'test',
          },
          () => testAuditEntry('observatoire.edition.create'),
        );
      await t.store.setPublishesObservatoire(
        t.procedure.organisationId,
        true,
        testAuditEntry('observatoire.publish'),
      );
      type List = z.infer<typeof editionList>;
      const first = (await admin({ url: '/api/v1/observatoire/editions?limit=2' })).json() as List;
      expect(first.editions.map((e) => [e.quarter, e.published])).toEqual([
        ['2025-T4', true],
        ['2025-T3', true],
      ]);
      expect([first.total, first.page, first.limit]).toEqual([3, 1, 2]);
      const second = (
        await admin({ url: '/api/v1/observatoire/editions?limit=2&page=2' })
      ).json() as List;
      expect(second.editions.map((e) => e.quarter)).toEqual(['2025-T2']);
      const all = (await admin({ url: '/api/v1/observatoire/editions' })).json() as List;
      expect([all.editions.length, all.limit]).toEqual([3, 100]);
      expect(all.organisations.find((o) => o.id === t.procedure.organisationId)?.publishes).toBe(
        true,
      );
      const tooMany = await admin({ url: '/api/v1/observatoire/editions?limit=501' });
      expect(tooMany.statusCode).toBe(400);
    });

    it('makes no edition of a quarter until it has ended, nor of an unknown organisation', async () => {
      const t = await startTestApp(await database.env());
      // The last day of T1: the quarter is not over, its edition would miss that day for good.
      t.clock.current = new Date('2026-03-31T20:00:00Z');
      const admin = await t.as('admin');
      const make = (quarter: string, organisation: number | null) =>
        admin({
          method: 'POST',
          url: '/api/v1/observatoire/editions',
          payload: { quarter, organisation },
        });
      for (const organisation of [null, t.procedure.organisationId]) {
        const early = await make('2026-T1', organisation);
        expect(early.statusCode).toBe(400);
        expect(early.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(early.json().detail).toBe(
          '2026-T1 has not ended yet: make its edition once it has.',
        );
      }
      expect((await make('2026-T2', null)).statusCode).toBe(400);
      expect((await t.store.listEditions()).length).toBe(0);
      // An organisation that does not exist: the same 404 as one the caller does not belong to.
      const unknown = await make('2025-T4', 2_000_000_000);
      expect(unknown.statusCode).toBe(404);
      const viewer = await t.as('viewer');
      const elsewhere = await t.store.createOrganisation({ name: 'Ailleurs', domains: [] });
      const foreign = await viewer({
        method: 'POST',
        url: '/api/v1/observatoire/editions',
        payload: { quarter: '2025-T4', organisation: elsewhere.id },
      });
      expect(foreign.statusCode).toBe(404);
      const { detail, ...body } = unknown.json();
      expect(foreign.json()).toMatchObject(body);
      expect(detail).toBe('There is no organisation with the id 2000000000.');
      // Half past midnight on 1 April in Paris (the report time zone): T1 has ended.
      t.clock.current = new Date('2026-03-31T22:30:00Z');
      expect((await make('2026-T1', null)).statusCode).toBe(201);
    });

    it('compares an edition with the previous calendar quarter, the live table with the same number of days', async () => {
      const t = await startTestApp({ ...(await database.env()), MIN_ANSWERS: '5' });
      t.clock.current = new Date('2026-04-02T10:00:00Z');
      const admin = await t.as('admin');
      // 2 October is in T4 2025, not in the 90 days before T1 2026 (3 October to 31 December).
      await seed(t.store, t.procedure.key, '2025-10-02', 1, 8, [good]);
      await seed(t.store, t.procedure.key, '2025-11-10', 1, 6, [good]);
      await seed(t.store, t.procedure.key, '2026-02-10', 1, 10, [good]);
      const made = await admin({
        method: 'POST',
        url: '/api/v1/observatoire/editions',
        payload: { quarter: '2026-T1', organisation: null },
      });
      const edition = (
        await admin({ url: `/api/v1/observatoire/editions/${(made.json() as EditionView).id}` })
      ).json() as EditionView;
      expect(edition.period).toEqual({ from: '2026-01-01', to: '2026-03-31' });
      expect(edition.previous).toEqual({ from: '2025-10-01', to: '2025-12-31' });
      expect(edition.rows[0]?.previousAnswers).toBe(14);
      const live = (
        await admin({ url: '/api/v1/observatoire?from=2026-01-01&to=2026-03-31' })
      ).json() as Table;
      expect(live.previous).toEqual({ from: '2025-10-03', to: '2025-12-31' });
      expect(live.rows[0]?.previousAnswers).toBe(6);
    });

    it('notify run makes each missing edition, whoever made the others, and reads no sums once all are made', async () => {
      const t = await startTestApp(await database.env());
      const elsewhere = await t.store.createOrganisation({ name: 'Ailleurs', domains: [] });
      const foreign = await t.store.createProcedure({
        name: 'Démarche d’ailleurs',
        allowedOrigins: [],
        organisationId: elsewhere.id,
      });
      for (const key of [t.procedure.key, foreign.key])
        await seed(t.store, key, '2026-02-01', 10, 10, [good]);
      // The platform's edition was made, then the run stopped (or a person made it on demand).
      t.clock.current = new Date('2026-04-01T06:00:00Z');
      const admin = await t.as('admin');
      expect(
        (
          await admin({
            method: 'POST',
            url: '/api/v1/observatoire/editions',
            payload: { quarter: '2026-T1', organisation: null },
          })
        ).statusCode,
      ).toBe(201);
      // What `notify run` does at that time; the sums it reads, counted.
      let sums = 0;
      const totalsByProcedure = t.store.totalsByProcedure.bind(t.store);
      t.store.totalsByProcedure = (query) => {
        sums++;
        return totalsByProcedure(query);
      };
      const run = (now: string) =>
        scheduledEditions(
          t.store,
          { reportTimeZone: 'Europe/Paris', minAnswers: 5 },
          new Date(now),
        );
      const byOrganisation = (made: { organisation: number | null }[]) =>
        made.map((e) => e.organisation).sort();
      const organisations = [t.procedure.organisationId, elsewhere.id].sort();
      expect(byOrganisation(await run('2026-04-01T08:05:00+02:00'))).toEqual(organisations);
      const editions = await t.store.listEditions({ quarter: '2026-T1' });
      expect(editions.map((e) => [e.madeBy, e.procedures])).toEqual([
        ['admin@example.gouv.fr', 2],
        ['notify run', 1],
        ['notify run', 1],
      ]);
      // Every edition made: the day's other runs read the list of editions, no sums.
      sums = 0;
      expect(await run('2026-04-01T08:20:00+02:00')).toEqual([]);
      expect(sums).toBe(0);

      // A run that made the platform's edition of T2, then stopped before the organisations':
      // the next run makes theirs.
      await seed(t.store, foreign.key, '2026-05-01', 10, 10, [good]);
      await seed(t.store, t.procedure.key, '2026-05-01', 10, 10, [good]);
      await t.store.createEdition(
        {
          quarter: '2026-T2',
          organisationId: undefined,
          rows: [{}, {}],
          madeAt: new Date('2026-07-01T00:00:00Z'),
          madeBy: 'notify run',
        },
        () => testAuditEntry('observatoire.edition.create'),
      );
      expect(byOrganisation(await run('2026-07-01T02:20:00+02:00'))).toEqual(organisations);
      expect((await t.store.listEditions({ quarter: '2026-T2' })).length).toBe(3);
    });
  });
});
