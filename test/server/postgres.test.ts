import { once } from 'node:events';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { buildApp } from '../../server/src/app.ts';
import { runCli } from '../../server/src/cli/run-cli.ts';
import { seedAnswers } from '../../server/src/features/answers/seed.ts';
import { countQueuedTerms } from '../../server/src/features/topics/count-terms.ts';
import type { ProgressReport } from '../../server/src/progress-report.ts';
import { openPostgresStore } from '../../server/src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import { adminApiKey } from '../fixtures/admin-api-key.ts';
import { killUnderLoad } from '../fixtures/load-generator.ts';
import { createDatabase } from '../fixtures/postgres-cluster.ts';
import { startServerProcess } from '../fixtures/server-process.ts';
import { temporaryDirectory, testConfig, uuidv7, widgetDir } from '../helpers.ts';

const postgresUrl = inject('postgresUrl');

describe.skipIf(!postgresUrl)('on PostgreSQL', () => {
  // First in the file: pg warns once a process, so an earlier test would hide the warning.
  it('a batch of answers sends its queries one after the other on its connection', async () => {
    // pg queues a query sent while its client runs another, with a deprecation warning; pg 9
    // refuses it.
    const warnings: string[] = [];
    const listen = (warning: Error) => warnings.push(warning.message);
    process.on('warning', listen);
    onTestFinished(() => {
      process.off('warning', listen);
    });
    const store = await openPostgresStore({ url: await createDatabase(postgresUrl) });
    onTestFinished(() => store.close());
    const keys = [];
    for (const name of ['Passeport', 'Carte grise', 'Permis']) {
      keys.push((await store.createProcedure({ name, allowedOrigins: [] })).key);
    }
    const answer = (procedureKey: string) => ({
      id: uuidv7(),
      procedureKey,
      receivedAt: new Date(),
      day: '2026-03-10',
      answer: { satisfaction: 'good' as const },
    });
    // Procedures the store has not read yet: the batch looks each one up.
    const outcomes = await store.saveSubmissions([...keys, ...keys, 'nosuchkey'].map(answer));
    expect(outcomes).toEqual([...Array(6).fill('created'), 'unknown-procedure']);
    expect(warnings.filter((message) => /already executing a query/.test(message))).toEqual([]);
  });

  it('two server processes on one database store every answer once and agree on the stats', async () => {
    const url = await createDatabase(postgresUrl);
    const store = await openPostgresStore({ url });
    const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
    const secret = await adminApiKey(store);
    const nodes = await Promise.all(
      [1, 2].map(() => startServerProcess({ DATABASE_URL: url, RATE_LIMIT_PER_HOUR: '1000000' })),
    );
    onTestFinished(async () => {
      for (const { child } of nodes) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      await store.close();
    });
    const post = (node: number, body: object) =>
      fetch(`${nodes[node % 2]?.url}/api/v1/procedures/${key}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(body),
      });

    // 200 answers, alternately to each node, 20 at a time.
    const ids = Array.from({ length: 200 }, () => uuidv7());
    for (let i = 0; i < ids.length; i += 20) {
      const statuses = await Promise.all(
        ids
          .slice(i, i + 20)
          .map((id, j) => post(i + j, { id, satisfaction: 'medium' }).then((r) => r.status)),
      );
      expect(statuses.every((s) => s === 201)).toBe(true);
    }
    // A later step sent to the other node; then the same later step to both nodes at once.
    const later = await Promise.all(
      ids
        .slice(0, 40)
        .map((id, i) =>
          post(i + 1, { id, satisfaction: 'good', clarity: 5 }).then((r) => r.status),
        ),
    );
    expect(later.every((s) => s === 200)).toBe(true);
    const raced = await Promise.all(
      ids
        .slice(40, 60)
        .flatMap((id) =>
          [0, 1].map((node) => post(node, { id, satisfaction: 'bad' }).then((r) => r.status)),
        ),
    );
    expect(raced.every((s) => s === 200)).toBe(true);

    for (const id of ids) expect(await store.findSubmission(id)).toBeDefined();
    // The answers are stamped now: three calendar years around it (a period is 5 years at most).
    const year = new Date().getUTCFullYear();
    const stats = await Promise.all(
      nodes.map(async (node) => {
        const response = await fetch(
          `${node.url}/api/v1/procedures/${key}/stats?from=${year - 1}-01-01&to=${year + 1}-12-31`,
          {
            headers: { authorization: `Bearer ${secret}` },
          },
        );
        return (await response.json()) as {
          distribution: unknown;
          indicators: { answers: number };
        };
      }),
    );
    expect(stats[0]?.indicators.answers).toBe(200);
    expect(stats[1]).toEqual(stats[0]);
    const totals = await store.sumRollups({
      procedureKey: key,
      fromDay: '2000-01-01',
      toDay: '2100-01-01',
    });
    expect(totals).toMatchObject({
      answers: 200,
      satisfaction_good: 40,
      satisfaction_bad: 20,
      satisfaction_medium: 140,
      clarity_5: 40,
    });
  });

  it('npm run cli -- migrate-to-postgres copies a SQLite database whole, and only into an empty one', async () => {
    const sqlitePath = join(temporaryDirectory(), 'avis.sqlite');
    const sqlite = openSqliteStore({ path: sqlitePath });
    const procedures = [];
    for (const name of ['Passeport', 'Impôts']) {
      procedures.push(
        await sqlite.createProcedure({ name, allowedOrigins: ['https://a.gouv.fr'] }),
      );
    }
    await seedAnswers(sqlite, {
      procedures: procedures.map(({ key }, i) => ({
        procedureKey: key,
        perDay: 30 + i * 20,
        quality: 0.5,
      })),
      days: 60,
      end: new Date('2026-03-01T00:00:00Z'),
      timeZone: 'Europe/Paris',
    });
    const user = await sqlite.createUser({
      email: 'po@example.gouv.fr',
      passwordHash: 'h',
      isAdmin: false,
    });
    await sqlite.setRole(user?.id as number, procedures[0]?.key as string, 'owner');
    // Per-channel answers (JSON columns) are copied too, and their rollups checked.
    const perChannel = uuidv7();
    await sqlite.saveSubmission({
      id: perChannel,
      procedureKey: procedures[0]?.key as string,
      answer: {
        satisfaction: 'good',
        help: ['phone', 'counter'],
        reached: { phone: false, counter: true },
        helpQuality: { counter: 4 },
      },
      receivedAt: new Date('2026-02-20T10:00:00Z'),
      day: '2026-02-20',
    });
    const apiKey = await sqlite.createApiKey({
      userId: user?.id as number,
      name: 'export',
      keyHash: 'key-hash',
    });
    await sqlite.updateProcedure(procedures[1]?.key as string, { archived: true });
    const [someAnswer] = (
      await sqlite.listSubmissions({
        procedureKey: procedures[0]?.key as string,
        withComment: true,
        limit: 1,
      })
    ).items;
    await sqlite.close();

    const url = await createDatabase(postgresUrl);
    const config = testConfig({ DATABASE_PATH: sqlitePath, DATABASE_URL: url });
    const out: string[] = [];
    const progress: ProgressReport[] = [];
    const io = {
      out: (t: string) => out.push(t),
      err: () => {},
      progress: () => ({ report: (p: ProgressReport) => progress.push({ ...p }), end: () => {} }),
    };
    expect(await runCli(['migrate-to-postgres'], config, io)).toBe(0);
    const report = JSON.parse(out.join(''));
    // Progress counts every row once, up to the total it announced from the start.
    const rows = Object.values(report.copied as Record<string, number>).reduce((a, b) => a + b);
    expect(progress.at(-1)).toMatchObject({ done: rows, total: rows, unit: 'rows' });
    expect(new Set(progress.map((p) => p.total))).toEqual(new Set([rows]));
    expect(report.copied).toMatchObject({
      procedures: 2,
      users: 1,
      procedure_roles: 1,
      api_keys: 1,
    });
    expect(report.copied.submissions).toBeGreaterThan(2000);

    const sqliteAgain = openSqliteStore({ path: sqlitePath });
    const postgres = await openPostgresStore({ url });
    onTestFinished(async () => {
      await sqliteAgain.close();
      await postgres.close();
    });
    expect(await postgres.listProcedures()).toEqual(await sqliteAgain.listProcedures());
    expect(await postgres.findUserByEmail('po@example.gouv.fr')).toEqual(
      await sqliteAgain.findUserByEmail('po@example.gouv.fr'),
    );
    expect((await postgres.findApiKey('key-hash'))?.key).toEqual(apiKey);
    const period = {
      procedureKey: procedures[0]?.key as string,
      fromDay: '2025-01-01',
      toDay: '2026-12-31',
    };
    expect(await postgres.sumRollups(period)).toEqual(await sqliteAgain.sumRollups(period));
    expect(await postgres.findSubmission(someAnswer?.id as string)).toEqual(someAnswer);
    expect(await postgres.findSubmission(perChannel)).toEqual(
      await sqliteAgain.findSubmission(perChannel),
    );
    expect((await postgres.findSubmission(perChannel))?.answer.helpQuality).toEqual({ counter: 4 });
    // Its longest word: a short one may be too common to index («Le», «Ma»), found by nothing.
    const word = (someAnswer?.answer.comment ?? '')
      .split(/[^\p{L}]+/u)
      .reduce((a, b) => (b.length > a.length ? b : a));
    const search = { ...period, search: word, limit: 500 };
    expect((await postgres.listSubmissions(search)).items.length).toBeGreaterThan(0);
    // The term counts are not copied: the copied answers queued their comments again, and
    // counted they give the same terms and themes as SQLite's.
    for (const store of [sqliteAgain, postgres]) {
      await countQueuedTerms(store, { limit: Number.POSITIVE_INFINITY });
    }
    const terms = { ...period, minComments: 1, rare: true };
    const sqliteTerms = await sqliteAgain.sumTerms(terms);
    expect(sqliteTerms.find((t) => t.term === '')?.comments).toBeGreaterThan(100);
    const byTerm = (sums: { term: string }[]) =>
      [...sums].sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
    expect(byTerm(await postgres.sumTerms(terms))).toEqual(byTerm(sqliteTerms));
    expect(await postgres.themeDays(period)).toEqual(await sqliteAgain.themeDays(period));
    // New rows carry on after the copied ones.
    expect((await postgres.createProcedure({ name: 'Nouvelle', allowedOrigins: [] })).key).toMatch(
      /^[a-z0-9]{10}$/,
    );
    expect(
      await postgres.createUser({
        email: 'new@example.gouv.fr',
        passwordHash: 'h',
        isAdmin: false,
      }),
    ).toMatchObject({ id: 2 });

    const err: string[] = [];
    await expect(
      runCli(['migrate-to-postgres'], config, { out: () => {}, err: (t) => err.push(t) }),
    ).rejects.toThrow(/already holds procedures/);
  });

  it('a SIGKILL at any moment loses no acknowledged answer, 3 times over', async () => {
    const url = await createDatabase(postgresUrl);
    const store = await openPostgresStore({ url });
    onTestFinished(() => store.close());
    const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
    const acknowledged = await killUnderLoad(
      () => startServerProcess({ DATABASE_URL: url, RATE_LIMIT_PER_HOUR: '1000000' }),
      key,
      3,
    );
    expect(acknowledged.size).toBeGreaterThan(50);
    const missing = [];
    for (const id of acknowledged) if (!(await store.findSubmission(id))) missing.push(id);
    expect(missing).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(
      `SELECT (SELECT count(*) FROM submissions)::int AS stored,
              (SELECT sum(answers) FROM daily_rollups)::int AS counted`,
    );
    await client.end();
    expect(rows[0].counted).toBe(rows[0].stored);
  }, 60_000);

  it('a read-only or lost database answers 503 with Retry-After, reads go on, writing resumes by itself', async () => {
    const url = await createDatabase(postgresUrl);
    const store = await openPostgresStore({ url });
    const config = testConfig({ DATABASE_URL: url });
    const app = await buildApp({ config, store, widgetDir });
    onTestFinished(async () => {
      await app.close();
      await store.close();
    });
    const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
    const post = () =>
      app.inject({
        method: 'POST',
        url: `/api/v1/procedures/${key}/feedback`,
        headers: { 'content-type': 'application/json' },
        payload: { id: uuidv7(), satisfaction: 'good' },
      });
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    onTestFinished(() => admin.end());
    const database = new URL(url).pathname.slice(1);
    /** Sets the database read-only (or back) and cuts the server's connections, as a failover does. */
    const switchReadOnly = async (on: boolean) => {
      await admin.query(`ALTER DATABASE ${database} SET default_transaction_read_only = ${on}`);
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
    };

    expect((await post()).statusCode).toBe(201);
    await switchReadOnly(true);
    // The first request may meet a connection cut under it: both are "not now", never a 500.
    for (let i = 0; i < 3; i++) {
      const refused = await post();
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('30');
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect(
      (await store.sumRollups({ procedureKey: key, fromDay: '2000-01-01', toDay: '2100-01-01' }))
        .answers,
    ).toBe(1);

    await switchReadOnly(false);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post()).statusCode);
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThanOrEqual(2);
    expect(statuses.every((status) => status === 201 || status === 503)).toBe(true);
  });
});
