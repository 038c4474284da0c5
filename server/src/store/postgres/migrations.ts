import type pg from 'pg';
import { pendingMigrations } from '../pending-migrations.ts';
import { inTransaction } from './connection.ts';
import initial from './migrations/001-initial.sql';
import helpPerChannel from './migrations/002-help-per-channel.sql';
import mail from './migrations/003-mail.sql';
import transparency from './migrations/004-transparency.sql';
import organisations from './migrations/005-organisations.sql';
import themes from './migrations/006-themes.sql';
import accessRequests from './migrations/007-access-requests.sql';
import apiKeyUse from './migrations/008-api-key-use.sql';
import invitationOrganisation from './migrations/009-invitation-organisation.sql';
import attempts from './migrations/010-attempts.sql';
import monthlyRollups from './migrations/011-monthly-rollups.sql';
import exactTerms from './migrations/012-exact-terms.sql';
import questionnaireVersions from './migrations/013-questionnaire-versions.sql';
import observatoire from './migrations/014-observatoire.sql';
import auditProcedures from './migrations/015-audit-procedures.sql';
import closedMonthRevisions from './migrations/016-closed-month-revisions.sql';
import auditOrganisations from './migrations/017-audit-organisations.sql';
import forgetPurgedWords from './migrations/018-forget-purged-words.sql';

/**
 * PostgreSQL schema migrations in order, recorded in `schema_migrations`. A released migration is
 * never edited: add the next numbered file instead.
 */
export const migrations: readonly string[] = [
  initial,
  helpPerChannel,
  mail,
  transparency,
  organisations,
  themes,
  accessRequests,
  apiKeyUse,
  invitationOrganisation,
  attempts,
  monthlyRollups,
  exactTerms,
  questionnaireVersions,
  observatoire,
  auditProcedures,
  closedMonthRevisions,
  auditOrganisations,
  forgetPurgedWords,
];

/** Brings the database to the newest schema, once, whichever node starts first. */
export async function migrate(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    // Two nodes starting together: the second waits here, then finds nothing left to do.
    await client.query('SELECT pg_advisory_xact_lock(7305861944)');
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM schema_migrations',
    );
    for (const { version, sql } of pendingMigrations(migrations, rows[0]?.version ?? 0)) {
      await client.query(sql);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
    }
  });
}
