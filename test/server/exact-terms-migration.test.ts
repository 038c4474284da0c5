import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { countQueuedTerms } from '../../server/src/features/topics/count-terms.ts';
import { openPostgresStore } from '../../server/src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { IncomingSubmission, Store } from '../../server/src/store/store.ts';
import {
  dropExactTermsOnPostgres,
  dropExactTermsOnSqlite,
} from '../fixtures/exact-terms-schema.ts';
import {
  dropObservatoireOnPostgres,
  dropObservatoireOnSqlite,
} from '../fixtures/observatoire-schema.ts';
import { createDatabase } from '../fixtures/postgres-cluster.ts';
import { temporaryDirectory, uuidv7 } from '../helpers.ts';

/**
 * Issue 26, part 3: a database of the previous version (no term counts) has its existing
 * comments queued by the migration, and once counted every one of them is in the terms.
 */
const postgresUrl = inject('postgresUrl');

/** 40 comments, 5 of them flagged as spam, and 10 answers without one; then the store closed. */
async function seeded(store: Store): Promise<string> {
  const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
  const submissions: IncomingSubmission[] = [];
  for (let i = 0; i < 55; i++) {
    const receivedAt = new Date(Date.parse('2026-03-05T12:00:00Z') + i * 1000);
    submissions.push({
      id: uuidv7(receivedAt.getTime()),
      procedureKey: key,
      answer: {
        satisfaction: 'bad',
        ...(i < 45 && { comment: i < 5 ? 'Cadeaux' : 'Paiement refusé' }),
      },
      receivedAt,
      day: '2026-03-05',
      suspect: i < 5,
    });
  }
  await store.saveSubmissions(submissions);
  await store.close();
  return key;
}

async function expectEveryCommentCounted(store: Store, procedureKey: string) {
  expect(await store.pendingTermChanges(procedureKey)).toBe(40);
  await countQueuedTerms(store, { limit: Number.POSITIVE_INFINITY });
  const sums = await store.sumTerms({
    procedureKey,
    fromDay: '2026-03-01',
    toDay: '2026-03-31',
    minComments: 1,
    rare: true,
  });
  const comments = Object.fromEntries(sums.map((s) => [s.term, s.comments]));
  expect(comments).toEqual({ '': 40, pai: 40, refus: 40, 'pai refus': 40 });
}

describe('term counts on an existing database', () => {
  it('count the comments it held on SQLite', async () => {
    const path = `${temporaryDirectory()}/avis.sqlite`;
    const key = await seeded(openSqliteStore({ path }));
    // Back to the previous version: schema version 14, no queue, no counts, no triggers.
    const db = new Database(path);
    dropObservatoireOnSqlite(db);
    dropExactTermsOnSqlite(db);
    db.pragma('user_version = 14');
    db.close();
    const store = openSqliteStore({ path });
    onTestFinished(() => store.close());
    await expectEveryCommentCounted(store, key);
  });

  it.runIf(postgresUrl !== '')('count the comments it held on PostgreSQL', async () => {
    const url = await createDatabase(postgresUrl);
    const key = await seeded(await openPostgresStore({ url }));
    const client = new pg.Client(url);
    await client.connect();
    await dropObservatoireOnPostgres(client);
    await dropExactTermsOnPostgres(client);
    await client.end();
    const store = await openPostgresStore({ url });
    onTestFinished(() => store.close());
    await expectEveryCommentCounted(store, key);
  });
});
