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
 * the organisation of their procedure when it is still there.
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
  return { a, b, keys: { inA: inA.key, inB: inB.key } };
}

async function expectFiled(store: Store, seed: Awaited<ReturnType<typeof seeded>>) {
  const logOf = async (id: number) =>
    (await store.listOrganisationAudit(id, 10)).map((e) => `${e.action} ${e.target}`);
  // The entry about two organisations' procedures goes to one of them (the lower id here).
  expect(await logOf(seed.a.id)).toEqual([
    'user.create x@example.gouv.fr',
    `answer.delete ${seed.keys.inA}/0192`,
  ]);
  expect(await logOf(seed.b.id)).toEqual([`answer.delete ${seed.keys.inB}/0192`]);
  // The deleted procedure's entry stays in the platform's log.
  expect(await store.listAudit(10)).toHaveLength(4);
}

describe('audit entries about procedures, filed under their organisations', () => {
  it('on SQLite', async () => {
    const path = `${temporaryDirectory()}/avis.sqlite`;
    const seed = await seeded(openSqliteStore({ path }));
    const db = new Database(path);
    unfileAuditOrganisationsOnSqlite(db);
    db.close();
    const store = openSqliteStore({ path });
    onTestFinished(() => store.close());
    await expectFiled(store, seed);
  });

  it.runIf(postgresUrl !== '')('on PostgreSQL', async () => {
    const url = await createDatabase(postgresUrl);
    const seed = await seeded(await openPostgresStore({ url }));
    const client = new pg.Client(url);
    await client.connect();
    await unfileAuditOrganisationsOnPostgres(client);
    await client.end();
    const store = await openPostgresStore({ url });
    onTestFinished(() => store.close());
    await expectFiled(store, seed);
  });
});
