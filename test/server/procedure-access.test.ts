import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { auditEntry, cliActor } from '../../server/src/http/audit-entry.ts';
import { openPostgresStore } from '../../server/src/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../server/src/store/store.ts';
import {
  dropAuditProceduresOnPostgres,
  dropAuditProceduresOnSqlite,
} from '../fixtures/audit-procedures-schema.ts';
import { createDatabase } from '../fixtures/postgres-cluster.ts';
import { startTestApp, temporaryDirectory, testDatabases, uuidv7 } from '../helpers.ts';

/**
 * Issue 27: «Accès» shows the procedure's people, and its own journal: what was done to it, to
 * its answers, themes and improvements, and who was given a role on it; nothing of another
 * procedure.
 */
const actionsOf = (entries: { action: string }[]) => entries.map((e) => e.action);

describe.each(testDatabases)('a procedure’s journal on $name', (database) => {
  it.skipIf(!database.available)(
    'lists what was done to the procedure and its people, newest first, and nothing of another',
    async () => {
      const t = await startTestApp(await database.env());
      const owner = await t.as('owner');
      const { key } = t.procedure;
      const other = await t.store.createProcedure({ name: 'Carte grise', allowedOrigins: [] });
      const ownerId = (await t.store.findUserByEmail('owner@example.gouv.fr'))?.id as number;
      await t.store.setRole(ownerId, other.key, 'owner');
      const journal = async (procedureKey: string, query = '') => {
        const response = await owner({
          method: 'GET',
          url: `/api/v1/procedures/${procedureKey}/audit-log${query}`,
        });
        expect(response.statusCode).toBe(200);
        return response.json() as { id: number; action: string; target: string; details: object }[];
      };

      const at = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
        owner({ method, url, ...(payload && { payload }) });
      expect(
        (await at('PATCH', `/api/v1/procedures/${key}`, { name: 'Passeport' })).statusCode,
      ).toBe(200);
      expect(
        (
          await at('POST', `/api/v1/procedures/${key}/themes`, {
            name: 'Délais',
            keywords: ['délai'],
          })
        ).statusCode,
      ).toBe(201);
      expect(
        (
          await at('POST', `/api/v1/procedures/${key}/improvements`, {
            date: '2026-03-01',
            title: 'Des délais affichés',
            text: 'Chaque étape dit combien de temps elle prend.',
          })
        ).statusCode,
      ).toBe(201);
      const id = uuidv7();
      expect((await t.post({ id, satisfaction: 'bad' })).statusCode).toBe(201);
      expect((await at('DELETE', `/api/v1/procedures/${key}/feedback/${id}`)).statusCode).toBe(204);
      expect(
        (
          await at('POST', `/api/v1/procedures/${key}/questionnaire/versions`, {
            questions: ['clarity'],
          })
        ).statusCode,
      ).toBe(201);
      // One invitation to both procedures: in both journals.
      expect(
        (
          await at('POST', '/api/v1/invitations', {
            email: 'nouvelle@example.gouv.fr',
            role: 'viewer',
            procedures: [key, other.key],
          })
        ).statusCode,
      ).toBe(201);

      expect(actionsOf(await journal(key))).toEqual([
        'user.invite',
        'questionnaire.publish',
        'answer.delete',
        'improvement.create',
        'theme.create',
        'procedure.update',
      ]);
      expect(actionsOf(await journal(other.key))).toEqual(['user.invite']);
      // Each journal says only what concerns its procedure: another one may be of another
      // organisation, which this one's people must not read.
      const [invited] = await journal(key, '?action=user.invite');
      expect(invited).toMatchObject({ details: { role: 'viewer', procedures: [key] } });
      expect(await journal(key, '?action=theme.create')).toEqual([
        expect.objectContaining({ action: 'theme.create', target: key }),
      ]);
      // Paged back like every journal.
      const [newest] = await journal(key, '?limit=1');
      expect(newest).toMatchObject({ action: 'user.invite' });
      const older = await journal(key, `?limit=2&before=${newest?.id}`);
      expect(actionsOf(older)).toEqual(['questionnaire.publish', 'answer.delete']);

      // Its viewers do not read it; nor does anyone for a procedure they do not hold.
      const viewer = await t.as('viewer');
      const read = await viewer({ method: 'GET', url: `/api/v1/procedures/${key}/audit-log` });
      expect(read.statusCode).toBe(403);
      const third = await t.store.createProcedure({ name: 'Permis', allowedOrigins: [] });
      const foreign = await owner({
        method: 'GET',
        url: `/api/v1/procedures/${third.key}/audit-log`,
      });
      expect([403, 404]).toContain(foreign.statusCode);
    },
  );
});

describe.each(testDatabases)('a procedure’s people on $name', (database) => {
  it.skipIf(!database.available)(
    'are those who hold a role on it, in address order, for those who manage it',
    async () => {
      const t = await startTestApp(await database.env());
      const owner = await t.as('owner');
      await t.as('viewer');
      const other = await t.store.createProcedure({ name: 'Carte grise', allowedOrigins: [] });
      const elsewhere = await t.store.createUser({
        email: 'Autre@example.gouv.fr',
        passwordHash: 'x',
        isAdmin: false,
      });
      await t.store.setRole(elsewhere?.id as number, other.key, 'owner');
      const people = await owner({
        method: 'GET',
        url: `/api/v1/procedures/${t.procedure.key}/people`,
      });
      expect(people.statusCode).toBe(200);
      expect(people.json()).toEqual([
        { email: 'owner@example.gouv.fr', role: 'owner' },
        { email: 'viewer@example.gouv.fr', role: 'viewer' },
      ]);
      const viewer = await t.as('viewer');
      expect(
        (await viewer({ method: 'GET', url: `/api/v1/procedures/${t.procedure.key}/people` }))
          .statusCode,
      ).toBe(403);
    },
  );
});

/** Entries as the previous version wrote them, about procedure `key` and not. */
async function writeEntries(store: Store, key: string, other: string) {
  const entries = [
    auditEntry(cliActor, 'procedure.create', key, { name: 'Passeport' }),
    auditEntry(cliActor, 'theme.update', `${key}/3`, { name: 'Délais' }),
    auditEntry(cliActor, 'user.role', 'a@example.gouv.fr', { procedure: key, role: 'viewer' }),
    auditEntry(cliActor, 'user.invite', 'b@example.gouv.fr', {
      role: 'owner',
      procedures: [other, key],
    }),
    auditEntry(cliActor, 'user.create', 'c@example.gouv.fr', { roles: { [key]: 'owner' } }),
    auditEntry(cliActor, 'procedure.create', other, { name: 'Carte grise' }),
    auditEntry(cliActor, 'sign-in', 'a@example.gouv.fr', { method: 'password' }),
  ];
  for (const entry of entries) await store.appendAudit(entry);
}

async function expectFiled(store: Store, key: string, other: string) {
  expect(actionsOf(await store.listProcedureAudit(key, 100))).toEqual([
    'user.create',
    'user.invite',
    'user.role',
    'theme.update',
    'procedure.create',
  ]);
  expect(actionsOf(await store.listProcedureAudit(other, 100))).toEqual([
    'procedure.create',
    'user.invite',
  ]);
}

const postgresUrl = inject('postgresUrl');

describe('the journals of procedures on an existing database', () => {
  it('are filed from the entries written before, on SQLite', async () => {
    const path = `${temporaryDirectory()}/avis.sqlite`;
    const written = openSqliteStore({ path });
    await writeEntries(written, 'passeport', 'carte-grise');
    await written.close();
    // Back to the version before: no journal per procedure.
    const db = new Database(path);
    dropAuditProceduresOnSqlite(db);
    db.close();
    const store = openSqliteStore({ path });
    onTestFinished(() => store.close());
    await expectFiled(store, 'passeport', 'carte-grise');
  });

  it.runIf(postgresUrl !== '')(
    'are filed from the entries written before, on PostgreSQL',
    async () => {
      const url = await createDatabase(postgresUrl);
      const written = await openPostgresStore({ url });
      await writeEntries(written, 'passeport', 'carte-grise');
      await written.close();
      const client = new pg.Client(url);
      await client.connect();
      await dropAuditProceduresOnPostgres(client);
      await client.end();
      const store = await openPostgresStore({ url });
      onTestFinished(() => store.close());
      await expectFiled(store, 'passeport', 'carte-grise');
    },
  );
});
