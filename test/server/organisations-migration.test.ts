import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { may } from '../../server/src/auth/permissions.ts';
import postgresOrganisations from '../../server/src/store/postgres/migrations/005-organisations.sql';
import { migrations as postgresMigrations } from '../../server/src/store/postgres/migrations.ts';
import { openPostgresStore } from '../../server/src/store/postgres/postgres-store.ts';
import sqliteOrganisations from '../../server/src/store/sqlite/migrations/008-organisations.sql';
import { migrations as sqliteMigrations } from '../../server/src/store/sqlite/migrations.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/src/store/store.ts';
import { createDatabase } from '../fixtures/postgres-cluster.ts';
import { temporaryDirectory } from '../helpers.ts';

/**
 * Issue 18: a database made by the previous version (every migration before the organisations')
 * holding procedures, accounts with roles and API keys moves into a default organisation, and
 * everybody keeps exactly the access they had.
 */
const postgresUrl = inject('postgresUrl');

/** The previous version's data, in SQL both databases take (`?` becomes `$n` for PostgreSQL). */
const previousData = [
  `INSERT INTO procedures (key, name, created_at) VALUES ('passeport', 'Passeport', {now})`,
  `INSERT INTO procedures (key, name, created_at) VALUES ('impots', 'Impôts', {now})`,
  `INSERT INTO users (email, password_hash, is_admin, created_at) VALUES
     ('admin@example.gouv.fr', 'x', {true}, {now}),
     ('owner@example.gouv.fr', 'x', {false}, {now}),
     ('nobody@example.gouv.fr', 'x', {false}, {now})`,
  `INSERT INTO procedure_roles (user_id, procedure_id, role) SELECT u.id, p.id, 'owner'
     FROM users u, procedures p WHERE u.email = 'owner@example.gouv.fr' AND p.key = 'passeport'`,
  `INSERT INTO api_keys (user_id, name, key_hash, created_at)
     SELECT id, 'script', email, {now} FROM users WHERE email <> 'nobody@example.gouv.fr'`,
];

async function checkMigrated(store: Store) {
  const [organisation, ...others] = await store.listOrganisations();
  expect(others).toEqual([]);
  expect(organisation).toMatchObject({ id: 1, name: 'Organisation par défaut', domains: [] });
  const procedures = await store.listProcedures();
  expect(procedures.map((p) => [p.key, p.organisationId])).toEqual([
    ['impots', 1],
    ['passeport', 1],
  ]);

  const owner = await store.findUserByEmail('owner@example.gouv.fr');
  const nobody = await store.findUserByEmail('nobody@example.gouv.fr');
  const admin = await store.findUserByEmail('admin@example.gouv.fr');
  if (!owner || !nobody || !admin) throw new Error('an account was lost');
  expect(owner.organisations).toEqual({ 1: 'member' });
  expect(nobody.organisations).toEqual({});
  // The same access as before: the owner manages the one procedure, reads no other.
  const [impots, passeport] = procedures as [(typeof procedures)[0], (typeof procedures)[0]];
  expect(may(owner, 'manage', passeport)).toBe(true);
  expect(may(owner, 'read', impots)).toBe(false);
  expect(may(admin, 'manage', impots)).toBe(true);
  expect(await store.listMembers(1)).toEqual([
    { userId: owner.id, email: owner.email, role: 'member', roles: { passeport: 'owner' } },
  ]);

  // The owner's key could reach the default organisation's procedures only: it stays there; the
  // administrator's stays platform-wide.
  expect((await store.findApiKey('owner@example.gouv.fr'))?.key.organisationId).toBe(1);
  expect((await store.findApiKey('admin@example.gouv.fr'))?.key.organisationId).toBeUndefined();

  // A procedure made without naming an organisation goes to the default one.
  expect(
    (await store.createProcedure({ name: 'Nouvelle', allowedOrigins: [] })).organisationId,
  ).toBe(1);
}

describe('the migration to organisations', () => {
  it('on SQLite, moves a previous version’s procedures, people and keys into a default organisation', async () => {
    const path = `${temporaryDirectory()}/avis.sqlite`;
    const previous = new Database(path);
    const before = sqliteMigrations.indexOf(sqliteOrganisations);
    expect(before).toBeGreaterThan(0);
    for (const [index, sql] of sqliteMigrations.slice(0, before).entries()) {
      previous.exec(sql);
      previous.pragma(`user_version = ${index + 1}`);
    }
    for (const sql of previousData) {
      previous.exec(
        sql.replaceAll('{now}', '0').replaceAll('{true}', '1').replaceAll('{false}', '0'),
      );
    }
    previous.close();

    const store = openSqliteStore({ path });
    onTestFinished(() => store.close());
    await checkMigrated(store);
  });

  it.skipIf(!postgresUrl)(
    'on PostgreSQL, moves a previous version’s procedures, people and keys into a default organisation',
    async () => {
      const url = await createDatabase(postgresUrl);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      onTestFinished(() => client.end());
      await client.query(
        `CREATE TABLE schema_migrations (
           version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const before = postgresMigrations.indexOf(postgresOrganisations);
      expect(before).toBeGreaterThan(0);
      for (const [index, sql] of postgresMigrations.slice(0, before).entries()) {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [index + 1]);
      }
      for (const sql of previousData) {
        await client.query(
          sql
            .replaceAll('{now}', 'now()')
            .replaceAll('{true}', 'true')
            .replaceAll('{false}', 'false'),
        );
      }

      const store = await openPostgresStore({ url });
      onTestFinished(() => store.close());
      await checkMigrated(store);
    },
  );
});
