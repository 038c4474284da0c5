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
];
