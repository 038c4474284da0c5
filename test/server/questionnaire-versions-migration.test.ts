import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { openPostgresStore } from '../../server/src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/src/store/store.ts';
import { createDatabase } from '../fixtures/postgres-cluster.ts';
import {
  dropQuestionnaireVersionsOnPostgres,
  dropQuestionnaireVersionsOnSqlite,
} from '../fixtures/questionnaire-versions-schema.ts';
import { temporaryDirectory, uuidv7 } from '../helpers.ts';

/**
 * Issue 27: on a database of the previous version, each procedure's `questions` setting becomes
 * its questionnaire's version 1, every answer it holds was given under it, and the rollups say
 * which answers were asked each step.
 */
const postgresUrl = inject('postgresUrl');
const at = new Date('2026-03-10T10:00:00Z');

/** A procedure asking clarity and comment (not help), with three answers over two months. */
async function seeded(store: Store) {
  const { key } = await store.createProcedure({
    name: 'Passeport',
    allowedOrigins: [],
    questions: ['clarity', 'comment'],
  });
  const ids = [uuidv7(), uuidv7(), uuidv7()];
  await store.saveSubmissions(
    ids.map((id, i) => ({
      id,
      procedureKey: key,
      answer: { satisfaction: 'good', clarity: 4 },
      receivedAt: at,
      day: i === 2 ? '2026-04-02' : '2026-03-10',
    })),
  );
  await store.close();
  return { key, ids };
}

async function expectVersionOne(store: Store, key: string, ids: string[]) {
  expect(await store.listQuestionnaireVersions(key)).toEqual([
    expect.objectContaining({
      number: 1,
      questions: ['clarity', 'comment'],
      publishedBy: 'migration',
      intro: undefined,
      thanks: undefined,
    }),
  ]);
  for (const id of ids) expect(await store.findSubmission(id)).toMatchObject({ version: 1 });
  // Whole months and single days alike (monthly and daily rollups).
  for (const [fromDay, toDay] of [
    ['2026-03-01', '2026-04-30'],
    ['2026-03-10', '2026-04-02'],
  ] as const) {
    expect(await store.sumRollups({ procedureKey: key, fromDay, toDay })).toMatchObject({
      answers: 3,
      asked_clarity: 3,
      asked_help: 0,
      asked_comment: 3,
    });
  }
  // The next answer is given under version 1 too.
  const next = { id: uuidv7(), procedureKey: key, receivedAt: at, day: '2026-03-10' };
  expect(await store.saveSubmission({ ...next, answer: { satisfaction: 'bad' } })).toBe('created');
  expect(await store.findSubmission(next.id)).toMatchObject({ version: 1 });
}

describe('questionnaire versions on an existing database', () => {
  it('make version 1 of each procedure’s questions on SQLite', async () => {
    const path = `${temporaryDirectory()}/avis.sqlite`;
    const { key, ids } = await seeded(openSqliteStore({ path }));
    const db = new Database(path);
    dropQuestionnaireVersionsOnSqlite(db);
    db.close();
    const store = openSqliteStore({ path });
    onTestFinished(() => store.close());
    await expectVersionOne(store, key, ids);
  });

  it.runIf(postgresUrl !== '')(
    'make version 1 of each procedure’s questions on PostgreSQL',
    async () => {
      const url = await createDatabase(postgresUrl);
      const { key, ids } = await seeded(await openPostgresStore({ url }));
      const client = new pg.Client(url);
      await client.connect();
      await dropQuestionnaireVersionsOnPostgres(client);
      await client.end();
      const store = await openPostgresStore({ url });
      onTestFinished(() => store.close());
      await expectVersionOne(store, key, ids);
    },
  );
});
