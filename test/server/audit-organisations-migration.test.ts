import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { auditEntry, cliActor } from '../../server/src/http/audit-entry.ts';
import { openPostgresStore } from '../../server/src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/src/store/store.ts';
import {
  unfileAuditOrganisationsOnPostgres,
  unfileAuditOrganisationsOnSqlite,
} from '../fixtures/audit-organisations-schema.ts';
import { createDatabase } from '../fixtures/postgres-cluster.ts';
import { temporaryDirectory } from '../helpers.ts';

/**
 * An organisation's audit log lists the entries about its procedures: those written before the
 * store filed them so (SQLite migration 020, PostgreSQL 017) are filed by the migration, under
 * the organisation of their procedure when it is still there, as the store files them now.
 */
const postgresUrl = inject('postgresUrl');

/** Two organisations, a procedure in each and one deleted; an entry about each procedure. */
async function seeded(store: Store) {
  const [a, b] = [
    await store.createOrganisation({ name: 'Ministère A', domains: [] }),
    await store.createOrganisation({ name: 'Ministère B', domains: [] }),
  ];
  const [inA, inB, gone] = [
    await store.createProcedure({ name: 'Passeport', allowedOrigins: [], organisationId: a.id }),
    await store.createProcedure({ name: 'Visa', allowedOrigins: [], organisationId: b.id }),
    await store.createProcedure({ name: 'Ancienne', allowedOrigins: [], organisationId: a.id }),
  ];
  for (const { key } of [inA, inB, gone])
    await store.appendAudit(auditEntry(cliActor, 'answer.delete', `${key}/0192`));
  // And one about a role given on two procedures of two organisations, as an invitation is.
  await store.appendAudit(
    auditEntry(cliActor, 'user.create', 'x@example.gouv.fr', {
      roles: { [inB.key]: 'owner', [inA.key]: 'viewer' },
    }),
  );
  await store.deleteProcedure(gone.key);
  await store.close();
  return { a, b, keys: { inA: inA.key, inB: inB.key, gone: gone.key } };
}

/**
 * A's log and B's, as the store files entries (`when: 'written'`) or as the migration files those
 * written before (`'migrated'`): the same, but for the procedure deleted since, whose
 * organisation the migration cannot know.
 */
async function expectFiled(
  store: Store,
  seed: Awaited<ReturnType<typeof seeded>>,
  when: 'written' | 'migrated',
) {
  const logOf = async (id: number) =>
    (await store.listOrganisationAudit(id, 10)).map((e) => `${e.action} ${e.target}`);
  // The entry about two organisations' procedures goes to the one of the lower id.
  expect(await logOf(seed.a.id)).toEqual([
    'user.create x@example.gouv.fr',
    ...(when === 'written' ? [`answer.delete ${seed.keys.gone}/0192`] : []),
    `answer.delete ${seed.keys.inA}/0192`,
  ]);
  expect(await logOf(seed.b.id)).toEqual([`answer.delete ${seed.keys.inB}/0192`]);
  // Every entry stays in the platform's log.
  expect(await store.listAudit(10)).toHaveLength(4);
}

describe('audit entries about procedures, filed under their organisations', () => {
  it('on SQLite', async () => {
    const path = `${temporaryDirectory()}/avis.sqlite`;
    const seed = await seeded(openSqliteStore({ path }));
    const live = openSqliteStore({ path });
    await expectFiled(live, seed, 'written');
    await live.close();
    const db = new Database(path);
    unfileAuditOrganisationsOnSqlite(db);
    db.close();
    const store = openSqliteStore({ path });
    onTestFinished(() => store.close());
    await expectFiled(store, seed, 'migrated');
  });

  it.runIf(postgresUrl !== '')('on PostgreSQL', async () => {
    const url = await createDatabase(postgresUrl);
    const seed = await seeded(await openPostgresStore({ url }));
    const live = await openPostgresStore({ url });
    await expectFiled(live, seed, 'written');
    await live.close();
    const client = new pg.Client(url);
    await client.connect();
    await unfileAuditOrganisationsOnPostgres(client);
    await client.end();
    const store = await openPostgresStore({ url });
    onTestFinished(() => store.close());
    await expectFiled(store, seed, 'migrated');
  });
});
