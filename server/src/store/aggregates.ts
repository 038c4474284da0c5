import { accessRequestStore } from './access-requests.ts';
import { accountStore } from './accounts.ts';
import { apiKeyStore } from './api-keys.ts';
import { attemptStore } from './attempts.ts';
import { auditStore } from './audit.ts';
import { improvementStore } from './improvements.ts';
import { mailStore } from './mail.ts';
import { observatoireStore } from './observatoire.ts';
import { organisationStore } from './organisations.ts';
import type { ProcedureCache } from './procedure-cache.ts';
import { procedureStore } from './procedures.ts';
import { questionnaireStore } from './questionnaire-versions.ts';
import { readinessStore } from './readiness.ts';
import type { SqlDatabase } from './sql.ts';
import type { Store } from './store.ts';
import { submissionStore } from './submissions.ts';
import { termStore } from './terms.ts';
import { themeStore } from './themes.ts';

/**
 * Every part of the store written once for both databases (sql.ts), on one database's driver.
 * `procedures` is the cache answer ingestion reads too; `truncateLog` is SQLite's (mail.ts).
 */
export function sharedAggregates(
  sql: SqlDatabase,
  procedures: ProcedureCache,
  truncateLog?: () => boolean,
) {
  return {
    ...accountStore(sql),
    ...apiKeyStore(sql),
    ...auditStore(sql),
    ...organisationStore(sql),
    ...accessRequestStore(sql),
    ...mailStore(sql, truncateLog),
    ...improvementStore(sql),
    ...observatoireStore(sql),
    ...attemptStore(sql),
    ...procedureStore(sql, procedures),
    ...questionnaireStore(sql, procedures),
    ...themeStore(sql),
    ...termStore(sql),
    ...submissionStore(sql),
    ...readinessStore(sql),
  };
}

/**
 * What each database writes by hand, tuned to it (sqlite/sqlite-store.ts, postgres/postgres-store.ts):
 * answer ingestion and its group commit, rollups, the answer list and search, export, backup.
 */
export type HandWrittenStore = Omit<Store, keyof ReturnType<typeof sharedAggregates>>;
