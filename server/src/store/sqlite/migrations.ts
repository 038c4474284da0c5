import type Database from 'better-sqlite3';
import { pendingMigrations } from '../pending-migrations.ts';
import initial from './migrations/001-initial.sql';
import privacy from './migrations/002-privacy.sql';
import accounts from './migrations/003-accounts-and-moderation.sql';
import oneTimeIndex from './migrations/004-one-time-index.sql';
import helpPerChannel from './migrations/005-help-per-channel.sql';
import mail from './migrations/006-mail.sql';
import transparency from './migrations/007-transparency.sql';
import organisations from './migrations/008-organisations.sql';
import themes from './migrations/009-themes.sql';
import accessRequests from './migrations/010-access-requests.sql';
import apiKeyUse from './migrations/011-api-key-use.sql';
import invitationOrganisation from './migrations/012-invitation-organisation.sql';
import attempts from './migrations/013-attempts.sql';
import monthlyRollups from './migrations/014-monthly-rollups.sql';
import exactTerms from './migrations/015-exact-terms.sql';
import questionnaireVersions from './migrations/016-questionnaire-versions.sql';
import observatoire from './migrations/017-observatoire.sql';
import auditProcedures from './migrations/018-audit-procedures.sql';
import closedMonthRevisions from './migrations/019-closed-month-revisions.sql';
import auditOrganisations from './migrations/020-audit-organisations.sql';
import forgetPurgedWords from './migrations/021-forget-purged-words.sql';

/**
 * Schema migrations in order; migration N brings `PRAGMA user_version` from N-1 to N.
 * A released migration is never edited: add the next numbered file instead.
 */
export const migrations: readonly string[] = [
  initial,
  privacy,
  accounts,
  oneTimeIndex,
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

/** Brings the database to the newest schema, each migration in a transaction of its own. */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const { version, sql } of pendingMigrations(migrations, current)) {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    }).immediate();
  }
}
