import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { seedAnswers } from '../../server/src/features/answers/seed.ts';
import { openPostgresStore } from '../../server/src/store/postgres/postgres-store.ts';
import { addTotals, emptyTotals } from '../../server/src/store/rollups.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/src/store/store.ts';
import {
  dropExactTermsOnPostgres,
  dropExactTermsOnSqlite,
} from '../fixtures/exact-terms-schema.ts';
import {
  dropObservatoireOnPostgres,
  dropObservatoireOnSqlite,
} from '../fixtures/observatoire-schema.ts';
import { createDatabase } from '../fixtures/postgres-cluster.ts';
import { temporaryDirectory } from '../helpers.ts';

/**
 * Issue 26: a database of the previous version (daily rollups only) gets its monthly rollups
 * from its daily ones when it is opened, and every period sums as before.
 */
const postgresUrl = inject('postgresUrl');

/** Answers over five months, then the store closed. */
async function seeded(store: Store): Promise<string> {
  const { key } = await store.createProcedure({ name: 'Passeport', allowedOrigins: [] });
  await seedAnswers(store, {
    procedures: [{ procedureKey: key, perDay: 20, quality: 0.6 }],
    days: 150,
    end: new Date('2026-05-31T00:00:00Z'),
    timeZone: 'Europe/Paris',
  });
  await store.close();
  return key;
}

/** Each period summed whole (months read apart) and day by day (daily rollups only) agree. */
async function expectPeriodsAsTheirDays(store: Store, procedureKey: string) {
  for (const [fromDay, toDay] of [
    ['2026-01-01', '2026-05-31'],
    ['2026-01-15', '2026-04-10'],
    ['2026-02-01', '2026-02-28'],
  ] as const) {
    const dayByDay = emptyTotals();
    for (let day: string = fromDay; day <= toDay; day = nextDay(day)) {
      addTotals(dayByDay, await store.sumRollups({ procedureKey, fromDay: day, toDay: day }));
    }
    expect(dayByDay.answers).toBeGreaterThan(0);
    expect(await store.sumRollups({ procedureKey, fromDay, toDay })).toEqual(dayByDay);
  }
}

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('monthly rollups on an existing database', () => {
  it('are made from the daily ones on SQLite', async () => {
    const path = `${temporaryDirectory()}/avis.sqlite`;
    const key = await seeded(openSqliteStore({ path }));
    // Back to the previous version: no monthly rollups (nor what came after), schema version 13.
    const db = new Database(path);
    dropObservatoireOnSqlite(db);
    dropExactTermsOnSqlite(db);
    db.exec('DROP TABLE monthly_rollups');
    db.pragma('user_version = 13');
    db.close();
    const store = openSqliteStore({ path });
    onTestFinished(() => store.close());
    await expectPeriodsAsTheirDays(store, key);
  });

  it.runIf(postgresUrl !== '')('are made from the daily ones on PostgreSQL', async () => {
    const url = await createDatabase(postgresUrl);
    const key = await seeded(await openPostgresStore({ url }));
    const client = new pg.Client(url);
    await client.connect();
    await dropObservatoireOnPostgres(client);
    await dropExactTermsOnPostgres(client);
    await client.query('DROP TABLE monthly_rollups');
    await client.query('DELETE FROM schema_migrations WHERE version = 11');
    await client.end();
    const store = await openPostgresStore({ url });
    onTestFinished(() => store.close());
    await expectPeriodsAsTheirDays(store, key);
  });
});
